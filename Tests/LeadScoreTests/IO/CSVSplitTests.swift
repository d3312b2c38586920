import XCTest
@testable import LeadScore

/// Plain records are split by a C kernel sixty-four bytes at a time (`ckernels_split_plain`); every other
/// record by the Swift state machine. Records much longer than a block, fields across block edges, empty
/// fields, blank lines, quoted fields mid-record (with delimiters and doubled quotes inside), CRLF and lone
/// CR endings, read through buffers of many sizes (so records straddle refills): the fields and line numbers
/// read must be those the file was written from.
final class CSVSplitTests: XCTestCase {
    func testPlainAndQuotedRecordsAcrossBlocksAndRefills() throws {
        var rng = SeededGenerator(seed: 64)
        let letters = Array("abcdefghij0123456789.-_ ".utf8)
        let width = 30
        var expected: [[String]] = [], lines: [Int] = []
        var bytes = Array((0..<width).map { "c\($0)" }.joined(separator: ",").utf8) + [10]
        var line = 2, afterCR = false
        for _ in 0..<600 {
            // A blank line (not a record); not after a lone CR, with which an LF would make one CRLF.
            if !afterCR && rng.below(25) == 0 { bytes.append(10); line += 1 }
            var fields: [String] = []
            var newlines = 0
            for c in 0..<width {
                if c > 0 { bytes.append(44) }
                let quoted = rng.below(15) == 0
                // Lengths from empty to well past a 64-byte block.
                let n = [0, 1, 3, 7, 15, 63, 64, 65, 130][rng.below(9)]
                var text = (0..<n).map { _ in letters[rng.below(letters.count)] }
                if quoted {
                    text += Array(",\"x\"".utf8) + (rng.below(3) == 0 ? [10] : [])
                    newlines += text.filter { $0 == 10 }.count
                    bytes.append(34)
                    for b in text { if b == 34 { bytes.append(34) }; bytes.append(b) }
                    bytes.append(34)
                } else {
                    bytes += text
                }
                fields.append(String(decoding: text, as: UTF8.self))
            }
            let ending: [UInt8] = [[10], [10], [10], [13, 10], [13]][rng.below(5)]
            bytes += ending
            afterCR = ending == [13]
            expected.append(fields)
            lines.append(line)
            line += 1 + newlines
        }
        let path = TestFiles.folder() + "/split.csv"
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        for chunk in [16, 37, 64, 100, 257, 4096, 1 << 20] {
            let read = try readAll(path, chunk: chunk)
            XCTAssertEqual(read.rows.count, expected.count, "chunk \(chunk)")
            for (k, (got, want)) in zip(read.rows, expected).enumerated() where got != want {
                XCTFail("chunk \(chunk), record \(k): \(got.prefix(3)) … against \(want.prefix(3)) …")
                break
            }
            XCTAssertEqual(read.lines, lines, "chunk \(chunk)")
        }
    }
}
