import XCTest
@testable import LeadScore

/// A text column's codes while the file is read (`CodeStore`): in bytes up to 255 levels, 32-bit past that,
/// the same codes either way, and joined parts through their level maps.
final class CodeStoreTests: XCTestCase {
    /// Random appends (one code, a gathered stretch, missing values) against a plain array of codes, with the
    /// level count crossing 255 at a different point in each round.
    func testAppendsEqualAPlainArray() {
        var rng = SeededGenerator(seed: 5)
        for round in 0..<40 {
            var store = round % 2 == 0 ? CodeStore() : CodeStore(missing: rng.below(20))
            var expected = [UInt32](repeating: Column.missingCode, count: store.count)
            var levels = 0
            let ceiling = [10, 255, 256, 300, 1000][round % 5]
            for _ in 0..<(200 + rng.below(400)) {
                switch rng.below(4) {
                case 0:
                    // A new level, as the single-value path adds one.
                    if levels < ceiling { levels += 1 }
                    store.append(UInt32(levels - 1)); expected.append(UInt32(levels - 1))
                case 1:
                    let n = rng.below(5)
                    store.appendMissing(n); expected += Array(repeating: Column.missingCode, count: n)
                default:
                    guard levels > 0 else { continue }
                    let codes = (0..<rng.below(40)).map { _ in rng.below(8) == 0 ? Column.missingCode : UInt32(rng.below(levels)) }
                    codes.withUnsafeBufferPointer { store.append(contentsOf: $0, levelCount: levels) }
                    expected += codes
                }
            }
            XCTAssertEqual(store.isBytes, levels <= 255, "round \(round): \(levels) levels")
            XCTAssertEqual((0..<store.count).map { store[$0] }, expected, "round \(round)")
            XCTAssertEqual(Array(store.column(levelCount: levels)), expected, "round \(round)")
        }
    }

    /// Parts joined through level maps in every pair of widths (bytes into bytes, bytes into words, words into
    /// bytes, words into words).
    func testJoinsThroughTheMap() {
        for (a, b, merged) in [(10, 20, 25), (200, 200, 254), (200, 200, 255), (200, 200, 256), (300, 20, 310), (20, 300, 310), (300, 300, 500)] {
            var rng = SeededGenerator(seed: UInt64(a * 1000 + b))
            func part(_ levels: Int) -> ([UInt32], CodeStore) {
                var store = CodeStore()
                var codes: [UInt32] = []
                for l in 0..<levels { store.append(UInt32(l)); codes.append(UInt32(l)) }
                for _ in 0..<500 {
                    let c = rng.below(9) == 0 ? Column.missingCode : UInt32(rng.below(levels))
                    store.append(c); codes.append(c)
                }
                return (codes, store)
            }
            var (first, store) = part(a)
            let (second, other) = part(b)
            // The second part's level k is the merged column's level (k * 7) % merged: a permutation-like map.
            let map = (0..<b).map { UInt32(($0 * 7 + a / 2) % merged) }
            store.append(other, through: map, levelCount: merged)
            first += second.map { $0 == Column.missingCode ? $0 : map[Int($0)] }
            XCTAssertEqual(store.isBytes, merged <= 255, "\(a), \(b) → \(merged)")
            XCTAssertEqual((0..<store.count).map { store[$0] }, first, "\(a), \(b) → \(merged)")
        }
    }
}
