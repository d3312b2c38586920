import XCTest
@testable import LeadScore

final class DistributionTests: XCTestCase {
    /// Against numpy.quantile(v, [0, .1, ..., 1]) (linear interpolation), computed by hand for this input:
    /// sorted 1..10 → positions 0, 0.9, 1.8, … → 1, 1.9, 2.8, 3.7, 4.6, 5.5, 6.4, 7.3, 8.2, 9.1, 10.
    func testDecilesInterpolateLikeNumpy() {
        let d = Distributions.deciles([10, 3, 7, .nan, 1, 9, 2, 8, 4, 6, 5])
        let expected = [1, 1.9, 2.8, 3.7, 4.6, 5.5, 6.4, 7.3, 8.2, 9.1, 10]
        for (a, b) in zip(d, expected) { XCTAssertClose(a, b, rel: 1e-12) }
        var rng = SeededGenerator(seed: 5)
        let big = (0..<10_001).map { _ in rng.normal() }
        let sorted = big.sorted()
        XCTAssertEqual(Distributions.deciles(big), (0...10).map { sorted[$0 * 1000] })
        XCTAssertEqual(Distributions.deciles([]), [])
    }
}
