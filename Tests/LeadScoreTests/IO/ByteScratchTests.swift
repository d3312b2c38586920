import XCTest
@testable import LeadScore

/// `ByteScratch`, score's per-lead piece buffer: the same bytes as an array given the same appends, through its
/// growth from one byte of room, and empty again after `removeAll`.
final class ByteScratchTests: XCTestCase {
    func testAppendsAsAnArrayThroughGrowth() {
        var g = SeededGenerator(seed: 5)
        var scratch = ByteScratch(capacity: 1)
        for round in 0..<50 {
            scratch.removeAll()
            var expected: [UInt8] = []
            for _ in 0..<g.below(40) {
                switch g.below(4) {
                case 0:
                    let b = UInt8(g.below(256))
                    scratch.append(b); expected.append(b)
                case 1:
                    let piece = (0..<g.below(300)).map { _ in UInt8(g.below(256)) }
                    piece.withUnsafeBufferPointer { scratch.append(contentsOf: $0) }
                    expected += piece
                case 2:
                    let text = "é\(round) ≥ x"
                    scratch.append(utf8: text); expected += Array(text.utf8)
                default:
                    let bad: [UInt8] = [0x61, 0xFF, 0x62]  // invalid UTF-8: the bad byte becomes U+FFFD
                    bad.withUnsafeBufferPointer { scratch.appendUTF8($0) }
                    expected += Array("a\u{FFFD}b".utf8)
                }
            }
            XCTAssertEqual(scratch.count, expected.count)
            XCTAssertEqual(scratch.withBytes { Array($0) }, expected, "round \(round)")
        }
    }
}
