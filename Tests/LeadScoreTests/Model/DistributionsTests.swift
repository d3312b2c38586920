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

    /// Bins count without branches; the shares must be those of the documented rule (a value equal to an
    /// edge belongs to the bin below it), counted here one value at a time with `index`, on data with many
    /// ties (so that some deciles coincide and fewer than nine edges remain).
    func testBinSharesFollowTheEdgeRule() {
        var rng = SeededGenerator(seed: 8)
        let values = (0..<5_000).map { _ in Double(rng.below(7)) } + [.nan, .nan]
        let present = values.filter { !$0.isNaN }
        let bins = Bins.of(present: present, deciles: Distributions.deciles(present))
        XCTAssertLessThan(bins.edges.count, 9)
        var counts = [Double](repeating: 0, count: bins.edges.count + 1)
        for v in values where !v.isNaN { counts[bins.index(v)] += 1 }
        XCTAssertEqual(bins.shares, counts.map { $0 / 5_000 })
        XCTAssertEqual(bins.shares.reduce(0, +), 1, accuracy: 1e-12)
    }

    /// The counts above each edge (a C kernel: four values a step with AVX2, then the tail by the plain loop)
    /// equal a count one value and one edge at a time, on both paths: lengths that leave every tail size,
    /// values equal to an edge (not above it), ±0, infinities and padding edges at +∞.
    func testCountsAboveEdgesMatchOneByOne() {
        var rng = SeededGenerator(seed: 12)
        let edges: [Double] = [-1e300, -2, -0.0, 0.5, 1, 1, 3, .infinity, .infinity]
        for n in [0, 1, 2, 3, 4, 5, 7, 8, 9, 1_001] {
            var values = (0..<n).map { _ in Double(rng.below(9)) / 2 - 2 }
            for (i, special) in [-0.0, 0.0, .infinity, -.infinity, 1, -1e300].enumerated() where i < n { values[i] = special }
            let expected = edges.map { e in values.filter { $0 > e }.count }
            XCTAssertEqual(Bins.countAbove(values, edges: edges), expected, "n = \(n)")
            XCTAssertEqual(Bins.countAbove(values, edges: edges, portable: true), expected, "n = \(n), portable")
        }
    }
}
