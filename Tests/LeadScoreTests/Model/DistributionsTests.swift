import CKernels
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

    /// A scaled column's distribution from its integers (`Distributions.ofScaled`: the deciles' sample decoded
    /// alone, the bins by integer bounds, with AVX2 and by the plain loop) equals the one from its decoded values
    /// (from a copy of them, as rows that are not a run take it), deciles bit for bit: few levels (edges that coincide and values equal
    /// to an edge), wide ranges up to the largest stored integer, 0 to 9 decimals, missing values and −0 (counted
    /// above negative edges), lengths around the 100,000-value sample and every tail of the eight-lane kernel,
    /// rows from the first and from a later row.
    func testScaledDistributionEqualsTheDecodedOne() throws {
        var rng = SeededGenerator(seed: 21)
        let cases: [(n: Int, decimals: Int, spread: Int, missing: Double)] = [
            (1, 0, 3, 0), (7, 2, 3, 0.3), (9, 2, 3, 0), (1_000, 2, 4, 0.1), (1_003, 9, 2_000_000_000, 0),
            (100_000, 6, 500_000_000, 0), (100_001, 3, 20, 0.05), (100_010, 0, 1, 0), (250_000, 4, 7_000, 0.2),
            (250_003, 9, 2_147_483_646, 0.01), (60_000, 1, 0, 0.5),
        ]
        for c in cases {
            let m: [Int32] = (0..<c.n).map { _ in
                let u = rng.uniform()
                if u < c.missing { return NumberColumn.missing }
                if u < c.missing + 0.02 { return NumberColumn.negativeZero }
                return Int32(rng.below(2 * c.spread + 1) - c.spread)
            }
            let scaled = NumberColumn(scaled: m, decimals: c.decimals)
            let decoded = Column(name: "x", values: .numbers(NumberColumn(scaled.doubles)), missingCount: 0)
            for rows in [Array(0..<c.n), Array(min(3, c.n - 1)..<c.n)] {
                let expected = Distributions.of(decoded, rows: rows, scratch: ScratchColumns(), consecutive: false)
                for portable in [false, true] {
                    let got = try XCTUnwrap(rows.withUnsafeBufferPointer {
                        Distributions.ofScaled(scaled, rows: $0, name: "x", portable: portable)
                    })
                    let label = "n \(c.n), decimals \(c.decimals), spread \(c.spread), from row \(rows[0]), portable \(portable)"
                    XCTAssertEqual(got.deciles?.map(\.bitPattern), expected.deciles?.map(\.bitPattern), label)
                    XCTAssertEqual(got.bins, expected.bins, label)
                    XCTAssertEqual(got.missingShare, expected.missingShare, label)
                    XCTAssertEqual(got, expected, label)
                }
            }
        }
        // Rows that are not consecutive take the decoded path.
        let column = NumberColumn(scaled: [1, 2, 3], decimals: 0)
        XCTAssertNil([0, 2].withUnsafeBufferPointer { Distributions.ofScaled(column, rows: $0, name: "x") })
    }

    /// A column stored as doubles over consecutive rows with no missing value (`Distributions.ofStoredDoubles`: the
    /// sample and the bins' counts from the stored values) equals the distribution from a copy of them (the path
    /// taken when the rows are not a run), deciles bit for bit: few levels (edges that coincide) and spread values,
    /// lengths around the 100,000-value sample, rows from the first and from a later row. With a missing value, or
    /// rows that are not a run, it leaves the column to that path.
    func testStoredDoublesDistributionEqualsTheCopiedOne() throws {
        var rng = SeededGenerator(seed: 23)
        for n in [1, 2, 9, 1_000, 100_000, 100_001, 250_003] {
            for levels in [3, 0] {
                let values = (0..<n).map { _ in levels > 0 ? Double(rng.below(levels)) : rng.uniform() * 2e6 - 1e6 }
                let column = Column(name: "x", values: .numbers(NumberColumn(values)), missingCount: 0)
                for rows in [Array(0..<n), Array(min(3, n - 1)..<n)] {
                    let got = try XCTUnwrap(rows.withUnsafeBufferPointer {
                        Distributions.ofStoredDoubles(column.numbers!, rows: $0, name: "x")
                    })
                    let copied = Distributions.of(column, rows: rows, scratch: ScratchColumns(), consecutive: false)
                    let label = "n \(n), levels \(levels), from row \(rows[0])"
                    XCTAssertEqual(got.deciles?.map(\.bitPattern), copied.deciles?.map(\.bitPattern), label)
                    XCTAssertEqual(got, copied, label)
                }
            }
        }
        let gap = NumberColumn([1, .nan, 3])
        XCTAssertNil([0, 1, 2].withUnsafeBufferPointer { Distributions.ofStoredDoubles(gap, rows: $0, name: "x") })
        XCTAssertNil([0, 2].withUnsafeBufferPointer { Distributions.ofStoredDoubles(NumberColumn([1, 2, 3]), rows: $0, name: "x") })
    }

    /// The sample kernel (`ckernels_pick_present_i32`, AVX-512 and the plain loop) takes the present values at
    /// the places the definition does (the walk it replaced: each present value, counted, kept when its count is
    /// the next place): every missing share from none to all, lengths around the sixteen-value vector, places
    /// every value (`all`) or ⌊k·step⌋ for steps near 1 and far above, and asking for more picks than there are.
    func testPickingPresentValuesTakesTheDefinitionsPlaces() {
        var rng = SeededGenerator(seed: 33)
        let missing = NumberColumn.missing
        for n in [0, 1, 15, 16, 17, 31, 33, 100, 1_000, 4_099] {
            for share in [0.0, 0.03, 0.5, 0.97, 1.0] {
                let m: [Int32] = (0..<n).map { _ in rng.uniform() < share ? missing : Int32(rng.below(2_000_001) - 1_000_000) }
                let present = m.filter { $0 != missing }.count
                for (picks, step, all) in [(present, 1.0, true), (present / 3, 3.0, false), (present / 5 + 1, 4.651, false),
                                           (present, 1.0000001, false), (present + 2, 1.0, true), (7, 1.3, false)] {
                    var expected: [Int32] = [], seen = 0, next = 0
                    for x in m where x != missing && expected.count < picks {
                        if seen == next {
                            expected.append(x)
                            next = all ? expected.count : Int(Double(expected.count) * step)
                        }
                        seen += 1
                    }
                    for portable in [false, true] {
                        var out = [Int32](repeating: 0, count: picks + 1)
                        out[picks] = 12_345
                        let k = ckernels_pick_present_i32(m, Int64(n), missing, Int64(picks), step, all ? 1 : 0, &out,
                                                          portable ? 1 : 0)
                        let label = "n \(n), share \(share), picks \(picks), step \(step), portable \(portable)"
                        XCTAssertEqual(Array(out[0..<Int(k)]), expected, label)
                        XCTAssertEqual(out[picks], 12_345, "written past the picks: " + label)
                    }
                }
            }
        }
    }

    /// The selection kernel (CKernels/select.c: three-way partitions, AVX-512) and the Swift quickselect put
    /// the sorted array's value at every wanted position: on shapes that defeat or stress a pivot (sorted,
    /// reversed, constant, few distinct values, one outlier, organ pipe) and on lengths around the insertion
    /// sort's threshold and the vector width, with the positions deciles use and every position of short arrays.
    func testSelectionPutsTheSortedValueAtEveryWantedPosition() {
        var rng = SeededGenerator(seed: 14)
        var shapes: [(String, [Double])] = []
        for n in [1, 2, 7, 8, 9, 31, 32, 33, 40, 100, 1_023, 1_024, 1_025, 100_000] {
            shapes.append(("uniform \(n)", (0..<n).map { _ in rng.normal() }))
            shapes.append(("few levels \(n)", (0..<n).map { _ in Double(rng.below(5)) }))
        }
        let n = 50_000
        shapes += [("sorted", (0..<n).map(Double.init)), ("reversed", (0..<n).map { Double(n - $0) }),
                   ("constant", Array(repeating: 3.5, count: n)),
                   ("one outlier", (0..<n).map { $0 == 17 ? 1e300 : 1 }),
                   ("organ pipe", (0..<n).map { Double(min($0, n - $0)) }),
                   ("zeros and signs", (0..<n).map { _ in [-1.0, 0.0, 1.0, -.infinity, .infinity][rng.below(5)] })]
        var kernelRuns = 0
        for (label, values) in shapes {
            let sorted = values.sorted()
            let m = values.count
            let deciles = Array(Set((0...10).flatMap { k -> [Int] in let p = k * (m - 1) / 10; return [p, min(p + 1, m - 1)] })).sorted()
            for positions in m <= 40 ? [deciles, Array(0..<m), [m - 1]] : [deciles, [0], [m / 2]] {
                var swift = values
                swift.withUnsafeMutableBufferPointer { Distributions.select($0, positions[...], lo: 0, hi: m - 1) }
                XCTAssertEqual(positions.map { swift[$0] }, positions.map { sorted[$0] }, "\(label): Swift")
                var kernel = values
                let ran = kernel.withUnsafeMutableBufferPointer { b in
                    withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * m + 16) { scratch in
                        ckernels_select(b.baseAddress, Int64(m), positions.map(Int64.init), Int64(positions.count), scratch.baseAddress)
                    }
                }
                guard ran == 1 else { continue }
                kernelRuns += 1
                XCTAssertEqual(positions.map { kernel[$0] }, positions.map { sorted[$0] }, "\(label): kernel")
                XCTAssertEqual(kernel.sorted(), sorted, "\(label): the kernel only reorders")
            }
        }
        if ckernels_vector_level() == 2 { XCTAssertGreaterThan(kernelRuns, 0) }
    }
}
