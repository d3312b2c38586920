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

    /// The most frequent of comma, semicolon and tab on the header's line (outside quotes) is the delimiter; comma
    /// on a tie, and when there is none (a one-column file, whose rows may hold commas only when quoted).
    func testDelimiterDetectionPrefersCommaOnATie() throws {
        func detected(_ line: String) -> String {
            Array(line.utf8).withUnsafeBufferPointer { p in
                String(UnicodeScalar(CSVReader.detectDelimiter(p.baseAddress!, count: p.count)))
            }
        }
        XCTAssertEqual(detected("notes\nx; y\n"), ",")
        XCTAssertEqual(detected("a;b,c\n"), ",")
        XCTAssertEqual(detected("a;b\tc,d\n"), ",")
        XCTAssertEqual(detected("a;b;c,d\n"), ";")
        XCTAssertEqual(detected("a\tb\tc;d,e\n"), "\t")
        XCTAssertEqual(detected("\"a,b,c\";d\n"), ";")
        let oneColumn = try readAll(TestFiles.write("notes\nx; y\n\"a, b\"\n"))
        XCTAssertEqual(oneColumn.header, ["notes"])
        XCTAssertEqual(oneColumn.rows, [["x; y"], ["a, b"]])
    }

    func testTrailingEmptyColumnIsIgnoredWithANote() throws {
        let path = TestFiles.write("a,b,\n1,2,\n3,4,\n")
        let reader = try CSVReader(path: path)
        XCTAssertTrue(reader.droppedTrailingColumn)
        var counts: [Int] = []
        try reader.forEachRecord { counts.append($0.count) }
        XCTAssertEqual(counts, [2, 2])
        let table = try TableReader.read(path: path, columns: ["a": .infer], missing: ValueRules())
        XCTAssertEqual(table.notes.count, 1)
    }

    func testErrorsNameFileLineAndColumn() throws {
        func message(_ text: String) -> String {
            let path = TestFiles.write(text)
            do { _ = try TableReader.read(path: path, columns: ["a": .infer], missing: ValueRules()); return "no error" }
            catch { return "\(error)".replacingOccurrences(of: path, with: "F") }
        }
        XCTAssertEqual(message(""), "F:1: the file is empty; a header row is required")
        XCTAssertEqual(message("a,a\n1,2\n"), "F:1: column 'a': the header names this column twice (columns 1 and 2); rename one")
        XCTAssertEqual(message("a,b\n1,2\n3\n"), "F:3: this row has 1 fields but the header has 2; quote fields that contain ',' or fix the row")
        XCTAssertEqual(message("a,b\n1,\"open\n"), "F:2: column 'b': a quoted field is never closed; add the closing quote")
        XCTAssertEqual(message("b\n1\n"), "F:1: there is no column 'a'; the columns are 'b'")
        let bad = TestFiles.writeBytes(Array("a\nok\n".utf8) + [0xFF, 0xFE, 10])
        XCTAssertThrowsError(try TableReader.read(path: bad, columns: ["a": .infer], missing: ValueRules())) {
            XCTAssertEqual("\($0)", "\(bad):3: column 'a': the value is not valid UTF-8; save the file as UTF-8")
        }
        XCTAssertThrowsError(try CSVReader(path: "/no/such/file.csv")) { XCTAssertTrue("\($0)".contains("cannot open")) }
    }

    /// Excel's first line `sep=;` names the delimiter; the header is line 2 and every line after keeps its own
    /// number. Before, `sep=;` was read as a header of one column.
    func testExcelSeparatorLineNamesTheDelimiter() throws {
        let semicolon = TestFiles.writeBytes([0xEF, 0xBB, 0xBF] + Array("sep=;\r\na;b,c\r\n1;2,5\r\n3;4\r\n".utf8))
        for chunk in [16, 17, 1 << 20] {
            let r = try readAll(semicolon, chunk: chunk)
            XCTAssertEqual(r.header, ["a", "b,c"], "chunk \(chunk)")
            XCTAssertEqual(r.rows, [["1", "2,5"], ["3", "4"]])
            XCTAssertEqual(r.lines, [3, 4])
        }
        XCTAssertEqual(try CSVReader(path: semicolon).headerLine, 2)
        XCTAssertEqual(try readAll(TestFiles.write("SEP=\t\na\tb\n1\t2\n")).header, ["a", "b"])
        XCTAssertEqual(try readAll(TestFiles.write("sep=|\na|b\n1|2\n")).rows, [["1", "2"]])
        // A delimiter given wins over the line's.
        XCTAssertEqual(try readAll(TestFiles.write("sep=;\na;b,c\n1;2,3\n"), delimiter: UInt8(ascii: ",")).header, ["a;b", "c"])
        // Anything else on the first line is the header.
        for first in ["sep=;x", "sep=", "sep=:", "sep= ;", "sepa=;", "\"sep=;\"", "sep\u{1D};"] {  // 0x1D | 0x20 is "="
            let r = try readAll(TestFiles.write(first + "\n1\n"))
            XCTAssertTrue(r.header[0].hasPrefix("sep"), first)
            XCTAssertEqual(r.lines, [2], first)
            XCTAssertEqual(try CSVReader(path: TestFiles.write(first + "\n1\n")).headerLine, 1, first)
        }
        // Messages name the lines as the file numbers them.
        func message(_ text: String, _ columns: [String: ColumnRequest] = ["a": .infer]) -> String {
            let path = TestFiles.write(text)
            do { _ = try TableReader.read(path: path, columns: columns, missing: ValueRules()); return "no error" }
            catch { return "\(error)".replacingOccurrences(of: path, with: "F") }
        }
        XCTAssertEqual(message("sep=,\na,a\n1,2\n"), "F:2: column 'a': the header names this column twice (columns 1 and 2); rename one")
        XCTAssertEqual(message("sep=,\na,b\n1,2\n3\n"), "F:4: this row has 1 fields but the header has 2; quote fields that contain ',' or fix the row")
        XCTAssertEqual(message("sep=,\r\nb\r\n1\r\n"), "F:2: there is no column 'a'; the columns are 'b'")
        XCTAssertEqual(message("sep=,\nb\n1\n", ["b": .numeric]), "no error")
        // A file of only the line has no header.
        XCTAssertEqual(message("sep=,\n"), "F:2: the file is empty; a header row is required")
    }

    func testHeaderOnlyFileHasNoRows() throws {
        let table = try TableReader.read(path: TestFiles.write("a,b\n"), columns: ["a": .infer], missing: ValueRules())
        XCTAssertEqual(table.rowCount, 0)
    }
}
