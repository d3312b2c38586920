import XCTest
@testable import LeadScore

/// `RowScorer.topReasons` picks the features of the k largest contributions by size, largest first, earlier
/// features first on equal sizes: the first k of a stable sort by descending |c|.
final class TopReasonsTests: XCTestCase {
    func testTheLargestContributionsBySizeInOrder() {
        var rng = SeededGenerator(seed: 23)
        for trial in 0..<2_000 {
            let count = 1 + rng.below(60)
            // Few distinct sizes and both signs, so that ties are common.
            let c = (0..<count).map { _ in (rng.uniform() < 0.5 ? -1.0 : 1.0) * Double(rng.below(trial % 2 == 0 ? 5 : 1_000)) / 4 }
            let expected = c.indices.sorted { abs(c[$0]) > abs(c[$1]) || (abs(c[$0]) == abs(c[$1]) && $0 < $1) }
            for k in [1, 3, 5, count, count + 2] {
                var top = [UInt16](repeating: 0, count: k)
                let n = c.withUnsafeBufferPointer { c in
                    top.withUnsafeMutableBufferPointer { RowScorer.topReasons(c, k: k, into: $0) }
                }
                XCTAssertEqual(n, min(k, count))
                XCTAssertEqual(top[..<n].map(Int.init), Array(expected.prefix(k)), "trial \(trial), k \(k): \(c)")
            }
        }
    }

    /// Three reasons go through `topThree`: the same picks as the insertion loop, with NaN (which it hands back)
    /// and with fewer features than three.
    func testThreeReasonsAsTheInsertionLoop() {
        var rng = SeededGenerator(seed: 29)
        for trial in 0..<5_000 {
            let count = rng.below(40)
            var c = (0..<count).map { _ in (rng.uniform() < 0.5 ? -1.0 : 1.0) * Double(rng.below(trial % 2 == 0 ? 4 : 1_000)) / 8 }
            if trial % 7 == 0 && count > 0 { c[rng.below(count)] = .nan }
            var fast = [UInt16](repeating: 9, count: 3), loop = fast
            let n = c.withUnsafeBufferPointer { c in fast.withUnsafeMutableBufferPointer { RowScorer.topReasons(c, k: 3, into: $0) } }
            let m = c.withUnsafeBufferPointer { c in loop.withUnsafeMutableBufferPointer { RowScorer.byInsertion(c, k: 3, into: $0) } }
            XCTAssertEqual(n, m)
            XCTAssertEqual(fast[..<n], loop[..<m], "trial \(trial): \(c)")
            let three = c.withUnsafeBufferPointer { c in fast.withUnsafeMutableBufferPointer { RowScorer.topThree(c, into: $0) } }
            XCTAssertEqual(three == nil, c.contains { $0.isNaN })
        }
    }
}
