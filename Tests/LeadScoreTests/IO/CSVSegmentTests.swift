import XCTest
@testable import LeadScore

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

    /// Parts read one after another hand their buffer on (`ReaderSpares`), and a reader given a used buffer, full
    /// of the previous part's delimiters and quotes past its own bytes, reads exactly what a fresh one reads.
    func testAPartsReaderGivenAUsedBufferReadsTheSameRecords() throws {
        var text = "a,b,c,d,e,f,g\n"
        for i in 0..<60 {
            text += i % 3 == 0 ? #""x,""y""",",",",",",",",",",",""\#n"# : "\(i),\(i),,,,,\(i % 2)\n"
        }
        let path = TestFiles.write(text)
        let whole = try CSVReader(path: path, chunkSize: 64)
        var expected: [[String]] = []
        var starts: [(offset: Int64, line: Int, ordinal: Int)] = []
        try whole.forEachBatch(maxRecords: 2) { batch in
            starts.append((batch.offset, batch.line, expected.count))
            for i in 0..<batch.count { batch.withRecord(i) { expected.append($0.allStrings()) } }
        }
        XCTAssertEqual(expected.count, 60)
        XCTAssertEqual(expected[0], ["x,\"y\"", ",", ",", ",", ",", ",", ""])
        var previous: UnsafeMutablePointer<UInt8>?
        var reused = 0
        for (k, s) in starts.enumerated() {
            let end = k + 1 < starts.count ? starts[k + 1].offset : whole.fileSize
            let segment = try CSVReader(segmentOf: whole, from: s.offset, to: end, line: s.line, chunkSize: 64)
            if segment.buffer == previous { reused += 1 }
            previous = segment.buffer
            var got: [[String]] = []
            try segment.forEachRecord { got.append($0.allStrings()) }
            XCTAssertEqual(got, Array(expected[s.ordinal..<(k + 1 < starts.count ? starts[k + 1].ordinal : expected.count)]),
                           "part \(k)")
        }
        XCTAssertEqual(reused, starts.count - 1, "each part after the first reads in the buffer of the part before")
    }

    /// The spares keep at most one block per core and hand kept ones out before making any.
    func testSparesKeepUpToOneBlockPerCore() {
        let spares = ReaderSpares(capacity: 128)
        let blocks = (0...Cores.count).map { _ in spares.take(capacity: 128) }
        XCTAssertEqual(Set(blocks.map(\.buffer)).count, blocks.count)
        for b in blocks { spares.give(b) }  // one more than the cores: the last is freed
        let again = (0...Cores.count).map { _ in spares.take(capacity: 128) }
        let kept = Set(blocks.prefix(Cores.count).map(\.buffer))
        XCTAssertEqual(Set(again.prefix(Cores.count).map(\.buffer)), kept)
        XCTAssertFalse(kept.contains(again[Cores.count].buffer))
        for b in again { spares.give(b) }
        XCTAssertEqual(spares.keptCount, Cores.count)
        spares.release()
        XCTAssertEqual(spares.keptCount, 0)
    }
}
