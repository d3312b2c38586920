import XCTest
@testable import LeadScore

/// The radix sort gives exactly the comparison sort's order (score descending, ties by row).
final class ScoreOrderTests: XCTestCase {
    func comparisonOrder(_ s: [Double]) -> [Int] { s.indices.sorted { s[$0] > s[$1] || (s[$0] == s[$1] && $0 < $1) } }

    func testSameOrderAsTheComparisonSort() {
        var rng = SeededGenerator(seed: 5)
        let n = 100_000
        let cases: [(String, [Double])] = [
            ("uniform", (0..<n).map { _ in rng.uniform() }),
            ("ties", (0..<n).map { _ in (rng.uniform() * 100).rounded() / 100 }),
            ("signs, zeros, infinities", (0..<n).map { i in
                switch i % 9 {
                case 0: return 0.0
                case 1: return -0.0
                case 2: return .infinity
                case 3: return -.infinity
                case 4: return -rng.uniform() * 1e300
                case 5: return rng.uniform() * 1e-300
                default: return rng.normal()
                }
            }),
            ("all equal", [Double](repeating: 0.25, count: n)),
            ("probabilities", (0..<n).map { _ in 1 / (1 + exp(-8 * rng.normal())) }),
            ("small", (0..<1000).map { _ in (rng.uniform() * 10).rounded() }),
        ]
        for (name, scores) in cases {
            XCTAssertEqual(ScoreOrder.descending(scores), comparisonOrder(scores), name)
        }
    }
}
