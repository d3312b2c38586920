import CKernels
import XCTest
import FoundationXML
@testable import LeadScore

final class BootstrapPassTests: XCTestCase {
    /// The fused one-pass resample metrics equal BinaryMetrics' weighted metrics on the same counts.
    func testFusedPassEqualsWeightedMetrics() {
        var rng = SeededGenerator(seed: 2)
        let p = (0..<500).map { _ in (rng.uniform() * 20).rounded() / 20 }  // many ties
        let y = p.map { rng.uniform() < $0 ? 1.0 : 0.0 }
        let m = BinaryMetrics(scores: p, labels: y)
        var countsByRow = [Double](repeating: 0, count: 500)
        for _ in 0..<500 { countsByRow[rng.below(500)] += 1 }
        let counts = m.order.map { Int32(countsByRow[$0]) }
        var source = BootstrapPass.CountWeights(counts: counts)
        let (auc, ap, ll) = BootstrapPass.weighted(&source, BootstrapPass.Layout(m))
        for lane in 0..<4 {
            XCTAssertEqual(auc[lane], m.auc(weights: countsByRow), accuracy: 1e-12)
            XCTAssertEqual(ap[lane], m.averagePrecision(weights: countsByRow), accuracy: 1e-12)
            XCTAssertEqual(ll[lane], m.logLoss(weights: countsByRow), accuracy: 1e-12)
        }
    }

    /// The AVX2 kernel (eight resamples a pass), compiled for AVX2 and for AVX-512VL (where the CPU runs it),
    /// gives the portable pass's sums bit for bit: on tied scores, on untied runs, with a single class, and
    /// through `Bootstrap.intervals` for an odd number of 4-resample groups (the last group then takes the
    /// portable pass). Skipped only on a CPU without AVX2.
    func testWideKernelEqualsPortablePassBitForBit() throws {
        try XCTSkipUnless(BootstrapPass.hasWideKernel, "this CPU has no AVX2")
        let paths: [Int32] = ckernels_vector_level() == 2 ? [1, 2] : [1]
        var rng = SeededGenerator(seed: 9)
        let untied = (0..<3_000).map { _ in rng.uniform() }
        let tied = (0..<3_000).map { _ in (rng.uniform() * 30).rounded() / 30 }
        for (p, label) in [(untied, "untied"), (tied, "tied")] {
            for rate in [0.0, 0.3, 1.0] {
                let y = p.map { _ in rng.uniform() < rate ? 1.0 : 0.0 }
                let m = BinaryMetrics(scores: p, labels: y)
                let layout = BootstrapPass.Layout(m)
                var a = BootstrapPass.PoissonDraws(seed: 11), b = BootstrapPass.PoissonDraws(seed: 12)
                let wide = paths.map { BootstrapPass.weighted8(a, b, layout, path: $0) }
                let pa = BootstrapPass.weighted(&a, layout), pb = BootstrapPass.weighted(&b, layout)
                for (path, (wa, wb)) in zip(paths, wide) {
                    for (w, q) in [(wa, pa), (wb, pb)] {
                        for lane in 0..<4 {
                            // Bit patterns, so that NaN (a single class) compares too.
                            XCTAssertEqual(w.0[lane].bitPattern, q.0[lane].bitPattern, "\(label) \(rate) AUC, path \(path)")
                            XCTAssertEqual(w.1[lane].bitPattern, q.1[lane].bitPattern, "\(label) \(rate) AP, path \(path)")
                            XCTAssertEqual(w.2[lane].bitPattern, q.2[lane].bitPattern, "\(label) \(rate) log loss, path \(path)")
                        }
                    }
                }
            }
            let y = p.map { rng.uniform() < $0 ? 1.0 : 0.0 }
            let m = BinaryMetrics(scores: p, labels: y)
            for resamples in [1, 7, 12, 200] {
                XCTAssertEqual(Bootstrap.intervals(m, resamples: resamples, seed: 5, wide: true),
                               Bootstrap.intervals(m, resamples: resamples, seed: 5, wide: false), "\(label) \(resamples)")
            }
        }
    }

    /// The same, on runs: untied rows, all positives first, all negatives first, and one tie group.
    func testFusedPassOnRunsAndSingleTieGroup() {
        let cases: [([Double], [Double])] = [
            ([0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3], [1, 1, 0, 0, 1, 0, 0]),
            ([0.9, 0.8, 0.7, 0.6], [0, 0, 1, 1]),
            ([0.5, 0.5, 0.5, 0.5], [1, 0, 1, 0]),
        ]
        for (p, y) in cases {
            let m = BinaryMetrics(scores: p, labels: y)
            let countsByRow: [Double] = p.indices.map { Double(($0 * 7) % 3) + 1 }
            var source = BootstrapPass.CountWeights(counts: m.order.map { Int32(countsByRow[$0]) })
            let (auc, ap, ll) = BootstrapPass.weighted(&source, BootstrapPass.Layout(m))
            XCTAssertEqual(auc[0], m.auc(weights: countsByRow), accuracy: 1e-12)
            XCTAssertEqual(ap[0], m.averagePrecision(weights: countsByRow), accuracy: 1e-12)
            XCTAssertEqual(ll[0], m.logLoss(weights: countsByRow), accuracy: 1e-12)
        }
    }

    /// Each lane is xoshiro128++ seeded with two SplitMix64 outputs. Expected values from the authors' C code
    /// (prng.di.unimi.it/xoshiro128plusplus.c and splitmix64.c, gcc -O2): lane i seeded with SplitMix64(42 + i),
    /// state words = low and high halves of its first output, then of its second output with the lowest bit set.
    func testDrawsFollowTheReferenceGenerator() {
        var source = BootstrapPass.PoissonDraws(seed: 42)
        XCTAssertEqual(source.bits(), [2_643_743_425, 43_251_276, 1_927_412_400, 2_651_562_650])
        XCTAssertEqual(source.bits(), [1_762_251_840, 2_593_850_593, 2_776_158_797, 2_261_360_870])
        for _ in 2..<999 { _ = source.bits() }
        XCTAssertEqual(source.bits(), [3_791_141_628, 1_296_730_750, 843_592_465, 2_018_690_664])
    }

    /// Poisson(1) weights: mean 1, variance 1 and P(0) = e⁻¹, as the multinomial bootstrap's margins.
    func testPoissonWeightsHaveUnitMeanAndVariance() {
        var source = BootstrapPass.PoissonDraws(seed: 3)
        let w = (0..<250_000).flatMap { k in (0..<4).map { Double(source.next(k)[$0]) } }
        let mean = w.reduce(0, +) / Double(w.count)
        let variance = w.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(w.count)
        let zeros = Double(w.filter { $0 == 0 }.count) / Double(w.count)
        // Standard errors at this size: 0.001 for the mean, 0.002 for the variance, 0.0005 for P(0).
        XCTAssertEqual(mean, 1, accuracy: 0.005)
        XCTAssertEqual(variance, 1, accuracy: 0.01)
        XCTAssertEqual(zeros, exp(-1), accuracy: 0.0025)
        XCTAssertGreaterThan(w.max() ?? 0, 5)  // the tail beyond the branch-free thresholds is reached
    }
}
