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
}
