import XCTest
@testable import LeadScore

final class CSVReaderTests: XCTestCase {
    func testQuotedDelimitersDoubledQuotesAndLineBreaks() throws {
        let path = TestFiles.write("id,\"note, with comma\",n\r\n1,\"say \"\"hi\"\"\",2\r\n2,\"two\nlines\",3\r\n3,plain,4")
        let (header, rows, lines) = try readAll(path)
        XCTAssertEqual(header, ["id", "note, with comma", "n"])
        XCTAssertEqual(rows, [["1", "say \"hi\"", "2"], ["2", "two\nlines", "3"], ["3", "plain", "4"]])
        XCTAssertEqual(lines, [2, 3, 5])
    }

    func testEveryChunkBoundaryGivesTheSameRecords() throws {
        var text = "a;b;c\n"
        for i in 0..<300 { text += "\(i);\"x\"\"\(i)\";\"multi\nline \(i)\"\r\n" }
        let path = TestFiles.write(text)
        let whole = try readAll(path)
        for chunk in [16, 17, 31, 64, 100] {
            let small = try readAll(path, chunk: chunk)
            XCTAssertEqual(small.rows, whole.rows, "chunk \(chunk)")
            XCTAssertEqual(small.lines, whole.lines, "chunk \(chunk)")
        }
        XCTAssertEqual(whole.rows.count, 300)
        XCTAssertEqual(whole.rows[299], ["299", "x\"299", "multi\nline 299"])
    }

    func testByteOrderMarkAndDelimiterDetection() throws {
        let semicolon = TestFiles.writeBytes([0xEF, 0xBB, 0xBF] + Array("\"a\";\"b\"\n1;2\n".utf8))
        let r = try readAll(semicolon)
        XCTAssertEqual(r.header, ["a", "b"])
        XCTAssertEqual(r.rows, [["1", "2"]])
        let tab = try readAll(TestFiles.write("a\tb c\n1\t2\n"))
        XCTAssertEqual(tab.header, ["a", "b c"])
        let forced = try readAll(TestFiles.write("a;b,c\n1;2,3\n"), delimiter: UInt8(ascii: ","))
        XCTAssertEqual(forced.header, ["a;b", "c"])
    }

    func testTrailingEmptyColumnIsIgnoredWithANote() throws {
        let path = TestFiles.write("a,b,\n1,2,\n3,4,\n")
        let reader = try CSVReader(path: path)
        XCTAssertTrue(reader.droppedTrailingColumn)
        var counts: [Int] = []
        try reader.forEachRecord { counts.append($0.count) }
        XCTAssertEqual(counts, [2, 2])
        let table = try TableReader.read(path: path, columns: ["a": .infer], missing: MissingTokens())
        XCTAssertEqual(table.notes.count, 1)
    }

    func testErrorsNameFileLineAndColumn() throws {
        func message(_ text: String) -> String {
            let path = TestFiles.write(text)
            do { _ = try TableReader.read(path: path, columns: ["a": .infer], missing: MissingTokens()); return "no error" }
            catch { return "\(error)".replacingOccurrences(of: path, with: "F") }
        }
        XCTAssertEqual(message(""), "F:1: the file is empty; a header row is required")
        XCTAssertEqual(message("a,a\n1,2\n"), "F:1: column 'a': the header names this column twice (columns 1 and 2); rename one")
        XCTAssertEqual(message("a,b\n1,2\n3\n"), "F:3: this row has 1 fields but the header has 2; quote fields that contain ',' or fix the row")
        XCTAssertEqual(message("a,b\n1,\"open\n"), "F:2: column 'b': a quoted field is never closed; add the closing quote")
        XCTAssertEqual(message("b\n1\n"), "F:1: there is no column 'a'; the columns are 'b'")
        let bad = TestFiles.writeBytes(Array("a\nok\n".utf8) + [0xFF, 0xFE, 10])
        XCTAssertThrowsError(try TableReader.read(path: bad, columns: ["a": .infer], missing: MissingTokens())) {
            XCTAssertEqual("\($0)", "\(bad):3: column 'a': the value is not valid UTF-8; save the file as UTF-8")
        }
        XCTAssertThrowsError(try CSVReader(path: "/no/such/file.csv")) { XCTAssertTrue("\($0)".contains("cannot open")) }
    }

    func testHeaderOnlyFileHasNoRows() throws {
        let table = try TableReader.read(path: TestFiles.write("a,b\n"), columns: ["a": .infer], missing: MissingTokens())
        XCTAssertEqual(table.rowCount, 0)
    }

    func testNumbersParseExactlyAsStrtod() {
        for s in ["0", "-0", "7", "3.14", "-2.5e-3", "1e22", "123456789012345678", "0.1", "1.7976931348623157e308",
                  "4.9e-324", " 12 ", "+5", "9007199254740993", "2.2250738585072014e-308", ".5", "5."] {
            var bytes = Array(s.utf8)
            let v = bytes.withUnsafeMutableBufferPointer { NumberParser.parse(UnsafeBufferPointer($0)) }
            XCTAssertEqual(v, Double(s.trimmingCharacters(in: .whitespaces)), s)
        }
        for s in ["", "abc", "1.2.3", "12a", "e5", "--1", "1e"] {
            var bytes = Array(s.utf8)
            XCTAssertNil(bytes.withUnsafeMutableBufferPointer { NumberParser.parse(UnsafeBufferPointer($0)) }, s)
        }
    }

    func testMissingTokens() {
        let m = MissingTokens(extra: ["Select", "unknown"])
        for s in ["", "NA", "na", "nA", "N/A", "n/a", "null", "NULL", "nUlL", "NaN", "nan", "Select", "unknown"] {
            XCTAssertTrue(m.isMissing(s), s)
        }
        for s in ["select", "Unknown", "Selectt", "0", "n", "no", "nab", "n/b", "n-a", "nul", "nulls", "none", "NAN!"] {
            XCTAssertFalse(m.isMissing(s), s)
        }
    }

    func testWriterNeutralisesFormulasAndQuotes() {
        var w = CSVWriter()
        w.row(["=SUM(A1)", "+1 call", "-3.5", "@x", "a,b", "say \"hi\""])
        XCTAssertEqual(String(decoding: w.bytes, as: UTF8.self), "'=SUM(A1),'+1 call,-3.5,'@x,\"a,b\",\"say \"\"hi\"\"\"\n")
    }

    func testISODates() {
        XCTAssertEqual(ISODate.seconds("1970-01-02"), 86_400)
        XCTAssertEqual(ISODate.seconds("2024-02-29T12:00:00Z"), 1_709_208_000)
        XCTAssertEqual(ISODate.seconds("2024-02-29 13:00:00+01:00"), 1_709_208_000)
        XCTAssertNil(ISODate.seconds("2024-13-01"))
        XCTAssertEqual(ISODate.day(1_709_208_000), "2024-02-29")
    }
}

final class CSVSegmentTests: XCTestCase {
    /// Readers started from batch offsets see exactly the records (fields and line numbers) of one whole read,
    /// with quoted line breaks, CRLF, a blank line and a trailing empty column in play.
    func testSegmentsFromBatchOffsetsReadTheSameRecords() throws {
        var text = "id,note,n,\r\n"
        for i in 0..<40 {
            let note = i % 7 == 0 ? "\"two\r\nlines, \"\"quoted\"\"\"" : "plain \(i)"
            text += "\(i),\(note),\(i * 3),\r\n"
            if i == 20 || i == 5 { text += "\r\n" }  // after record 5: the blank line starts a batch
        }
        let path = TestFiles.write(text)
        let whole = try CSVReader(path: path)
        var expected: [(line: Int, fields: [String])] = []
        var starts: [(offset: Int64, line: Int, ordinal: Int)] = []
        try whole.forEachBatch(maxRecords: 6) { batch in
            starts.append((batch.offset, batch.line, expected.count))
            for i in 0..<batch.count { batch.withRecord(i) { expected.append(($0.line, $0.allStrings())) } }
        }
        XCTAssertEqual(expected.count, 40)
        XCTAssertEqual(expected[0].fields, ["0", "two\r\nlines, \"quoted\"", "0"])
        for (k, s) in starts.enumerated() {
            let end = k + 1 < starts.count ? starts[k + 1].offset : whole.fileSize
            let segment = try CSVReader(segmentOf: whole, from: s.offset, to: end, line: s.line, chunkSize: 16)
            var got: [(line: Int, fields: [String])] = []
            try segment.forEachRecord { got.append(($0.line, $0.allStrings())) }
            let want = expected[s.ordinal..<(k + 1 < starts.count ? starts[k + 1].ordinal : expected.count)]
            XCTAssertEqual(got.map(\.line), want.map(\.line), "segment \(k)")
            XCTAssertEqual(got.map(\.fields), want.map(\.fields), "segment \(k)")
        }
    }
}

final class RankedLinesTests: XCTestCase {
    /// Lines handed over in any order by several collectors come out in rank order, through bucket files.
    func testLinesComeOutInRankOrderAcrossCollectorsAndBuckets() throws {
        let dir = TestFiles.folder()
        let total = 5000
        var rng = SeededGenerator(seed: 4)
        var ranks = Array(0..<total)
        for i in stride(from: total - 1, to: 0, by: -1) { ranks.swapAt(i, rng.below(i + 1)) }
        // Small buckets and long lines, so that every bucket spills to its file at least once.
        let parts = try (0..<3).map { _ in try RankedLines(folder: dir, total: total, bucketSize: 700) }
        for (i, r) in ranks.enumerated() {
            let line = "rank \(r) " + String(repeating: "x", count: 100 + r % 50) + "\n"
            try parts[i % 3].add(rank: r, line: Array(line.utf8)[...])
        }
        let out = try OutputFile(path: dir + "/out.txt")
        try out.write(Array("header\n".utf8))
        try RankedLines.drain(parts, into: out, at: 7)
        try out.commit(durable: false)
        let lines = try String(contentsOfFile: dir + "/out.txt", encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.count, total + 1)
        XCTAssertEqual(lines.first, "header")
        for (r, line) in lines.dropFirst().enumerated() {
            XCTAssertEqual(line, "rank \(r) " + String(repeating: "x", count: 100 + r % 50)[...])
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir).sorted(), ["out.txt"], "bucket files removed")
    }
}
