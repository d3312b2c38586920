import CKernels
import XCTest
@testable import LeadScore

/// Records are split by a C kernel sixty-four bytes at a time (`ckernels_split_fields`) up to a quoted field whose
/// content holds a doubled quote or a line break, or a lone CR; the Swift state machine reads on from there.
/// Records much longer than a block, fields across block edges, empty fields, blank lines, quoted fields anywhere
/// (with delimiters, doubled quotes and LFs inside, or plain content), quotes inside unquoted fields, CRLF and
/// lone CR endings, read through buffers of many sizes (so records straddle refills): the fields and line numbers
/// read must be those the file was written from. With a field quoted now and then, half of them, and every one
/// (as a CRM's export writes them).
final class CSVSplitTests: XCTestCase {
    func testPlainAndQuotedRecordsAcrossBlocksAndRefills() throws {
        try check(seed: 64, quoted: 15)
    }

    func testMostlyAndAllQuotedRecords() throws {
        try check(seed: 67, quoted: 2, quotesInPlain: true)
        try check(seed: 68, quoted: 1, quotesInPlain: true)
    }

    /// A file of 600 records of 30 fields, one in `quoted` of them quoted (a quarter of those holding a doubled quote,
    /// a quarter an LF); with `quotesInPlain`, unquoted fields hold quotes after their first byte now and then.
    private func check(seed: UInt64, quoted rate: Int, quotesInPlain: Bool = false) throws {
        var rng = SeededGenerator(seed: seed)
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
                let quoted = rng.below(rate) == 0
                // Lengths from empty to well past a 64-byte block.
                let n = [0, 1, 3, 7, 15, 63, 64, 65, 130][rng.below(9)]
                var text = (0..<n).map { _ in letters[rng.below(letters.count)] }
                if quoted {
                    switch rng.below(4) {
                    case 0: text += Array(",\"x\"".utf8) + (rng.below(3) == 0 ? [10] : [])
                    case 1: text += Array(", inc.".utf8)
                    case 2: text.insert(10, at: rng.below(n + 1))
                    default: break
                    }
                    newlines += text.filter { $0 == 10 }.count
                    bytes.append(34)
                    for b in text { if b == 34 { bytes.append(34) }; bytes.append(b) }
                    bytes.append(34)
                } else {
                    if quotesInPlain && n > 1 && rng.below(4) == 0 { text[1 + rng.below(n - 1)] = 34 }
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
            XCTAssertEqual(read.rows.count, expected.count, "seed \(seed), chunk \(chunk)")
            for (k, (got, want)) in zip(read.rows, expected).enumerated() where got != want {
                XCTFail("seed \(seed), chunk \(chunk), record \(k): \(got.prefix(3)) … against \(want.prefix(3)) …")
                break
            }
            XCTAssertEqual(read.lines, lines, "seed \(seed), chunk \(chunk)")
        }
    }

    /// `ckernels_quoted_end` against a quoted field's byte-at-a-time reading: from up to a dozen starts in each of 400
    /// buffers of 0 to 300 bytes thick with pairs of quotes and LFs (pairs across 64-byte blocks among them), the same
    /// closing quote, LF count and pair flag, or none before `end`, whatever lies past `end` (here quotes and LFs too).
    func testQuotedEndAsTheByteLoopFindsIt() {
        var rng = SeededGenerator(seed: 65)
        // Pairs and LFs often, a lone quote (a closing one) rarely, so that scans run past 64 bytes.
        let tokens: [[UInt8]] = [[97], [44], [10], [34, 34], [97], [34, 34]]
        var found = 0
        for trial in 0..<400 {
            let count = rng.below(301)
            var bytes: [UInt8] = []
            let lone = trial % 3 == 0 ? 8 : 90
            while bytes.count < count + 73 { bytes += rng.below(lone) == 0 ? [34] : tokens[rng.below(tokens.count)] }
            for start in Set((0..<12).map { _ in rng.below(count + 1) }) {
                var want = -1, wantLines = 0, wantDoubled = false, lines = 0, r = start
                while r < count {
                    if bytes[r] == 34 {
                        if r + 1 < count && bytes[r + 1] == 34 { wantDoubled = true; r += 2; continue }
                        want = r; wantLines = lines; break
                    }
                    if bytes[r] == 10 { lines += 1 }
                    r += 1
                }
                var newlines: Int64 = 5, doubled: Int32 = 0
                let got = bytes.withUnsafeBufferPointer {
                    Int(ckernels_quoted_end($0.baseAddress!, Int64(start), Int64(count), &newlines, &doubled))
                }
                XCTAssertEqual(got, want, "\(count) bytes from \(start)")
                if want >= 0 {
                    found += 1
                    XCTAssertEqual(newlines, 5 + Int64(wantLines), "\(count) bytes from \(start)")
                    XCTAssertEqual(doubled != 0, wantDoubled, "\(count) bytes from \(start)")
                }
            }
        }
        XCTAssertGreaterThan(found, 1_000)
    }

    /// `ckernels_unescape`: a quoted field's content, pairs of quotes anywhere (first, together, after long runs,
    /// across 16 and 64 bytes), each written once, the rest as it is.
    func testUnescapeMakesEachPairOneQuote() {
        var rng = SeededGenerator(seed: 66)
        for _ in 0..<2_000 {
            var content: [UInt8] = [], want: [UInt8] = []
            for _ in 0..<rng.below(40) {
                if rng.below(3) == 0 { content += [34, 34]; want.append(34) } else {
                    let b = UInt8(97 + rng.below(26)); content.append(b); want.append(b)
                }
                if rng.below(8) == 0 {
                    let run = Array(repeating: UInt8(120), count: rng.below(70))
                    content += run; want += run
                }
            }
            content.append(122); want.append(122)
            var out = [UInt8](repeating: 0, count: content.count + 1)
            let written = content.withUnsafeBufferPointer { c in
                out.withUnsafeMutableBufferPointer { o in
                    Int(ckernels_unescape(c.baseAddress!, Int64(c.count), o.baseAddress!))
                }
            }
            XCTAssertEqual(Array(out[..<written]), want)
        }
    }
}
