import XCTest
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import LeadScore

/// Reference values: scikit-learn 1.9.1 `roc_auc_score`, `average_precision_score`, `log_loss`,
/// `brier_score_loss` on exactly these vectors (the one-liner is in the commit that added this test).
final class EvaluationTests: XCTestCase {
    let p: [Double] = [0.9, 0.8, 0.8, 0.7, 0.6, 0.6, 0.6, 0.4, 0.3, 0.2, 0.2, 0.1, 0.05, 0.5, 0.5, 0.0, 1.0]
    let y: [Double] = [1, 1, 0, 1, 0, 1, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 1]

    func testMetricsMatchScikitLearnWithTies() {
        let m = BinaryMetrics(scores: p, labels: y)
        XCTAssertEqual(m.auc(), 0.8285714285714285, accuracy: 1e-12)
        XCTAssertEqual(m.averagePrecision(), 0.7654761904761904, accuracy: 1e-12)
        XCTAssertEqual(m.logLoss(), 0.49070927722028135, accuracy: 1e-12)  // 0 and 1 clipped to [ε, 1−ε]
        XCTAssertEqual(m.brier(), 0.17073529411764704, accuracy: 1e-12)
    }

    func testAllEqualPredictions() {
        let m = BinaryMetrics(scores: Array(repeating: 0.3, count: 10), labels: [1, 0, 0, 1, 0, 0, 0, 1, 0, 0])
        XCTAssertEqual(m.auc(), 0.5, accuracy: 1e-12)
        XCTAssertEqual(m.averagePrecision(), 0.3, accuracy: 1e-12)
        XCTAssertEqual(m.logLoss(), 0.6108643020548936, accuracy: 1e-12)
        XCTAssertEqual(m.brier(), 0.20999999999999996, accuracy: 1e-12)
        XCTAssertEqual(m.ks(), 0, accuracy: 1e-12)
        XCTAssertTrue(BinaryMetrics(scores: [0.1, 0.2], labels: [1, 1]).auc().isNaN)
    }

    /// KS, calibration, ECE and gains worked out by hand for a small ordered case.
    func testKSCalibrationAndGainsByHand() {
        let m = BinaryMetrics(scores: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95], labels: [0, 0, 1, 0, 0, 1, 0, 1, 1, 1])
        // From the top, TPR − FPR peaks after the five highest (0.95…0.6: 4 of 5 converted, 1 of 5 not): 0.8 − 0.2.
        XCTAssertEqual(m.ks(), 0.6, accuracy: 1e-12)
        let bins = m.calibration(bins: 5)
        XCTAssertEqual(bins.map(\.count), [2, 2, 2, 2, 2])
        XCTAssertEqual(bins[0].meanPredicted, 0.15, accuracy: 1e-12)
        // Pairs from the bottom: (0,0) (1,0) (0,1) (0,1) (1,1); mean predicted 0.15, 0.35, 0.55, 0.75, 0.925.
        XCTAssertEqual(bins.map(\.observedRate), [0, 0.5, 0.5, 0.5, 1])
        // ECE = Σ 0.2·|pred − obs| = 0.2·(0.15 + 0.15 + 0.05 + 0.25 + 0.075)
        XCTAssertEqual(m.ece(bins: 5), 0.2 * (0.15 + 0.15 + 0.05 + 0.25 + 0.075), accuracy: 1e-12)
        // From the top: 1 1 | 1 0 | 1 0 | 0 1 | 0 0 → 2, 3, 4, 5, 5 of the 5 conversions.
        let g = m.gains(steps: 5)
        XCTAssertEqual(g.map(\.gain), [0.4, 0.6, 0.8, 1.0, 1.0])
        XCTAssertEqual(g[0].lift, 2, accuracy: 1e-12)
    }

    func testWeightedMetricsEqualRepeatedRows() {
        // Weights 2 on a row must equal the row appearing twice: that is what the bootstrap relies on.
        let w: [Double] = p.indices.map { Double($0 % 3) }
        var p2: [Double] = [], y2: [Double] = []
        for i in p.indices { for _ in 0..<Int(w[i]) { p2.append(p[i]); y2.append(y[i]) } }
        let a = BinaryMetrics(scores: p, labels: y), b = BinaryMetrics(scores: p2, labels: y2)
        XCTAssertEqual(a.auc(weights: w), b.auc(), accuracy: 1e-12)
        XCTAssertEqual(a.averagePrecision(weights: w), b.averagePrecision(), accuracy: 1e-12)
        XCTAssertEqual(a.logLoss(weights: w), b.logLoss(), accuracy: 1e-12)
    }

    func testBootstrapIsReproducibleAndBracketsTheEstimate() {
        var rng = SeededGenerator(seed: 9)
        let y = (0..<2000).map { _ in rng.uniform() < 0.3 ? 1.0 : 0.0 }
        let p = y.map { min(0.99, max(0.01, 0.3 + 0.2 * ($0 - 0.3) + 0.2 * rng.normal())) }
        let m = BinaryMetrics(scores: p, labels: y)
        let a = Bootstrap.intervals(m, resamples: 200, seed: 7), b = Bootstrap.intervals(m, resamples: 200, seed: 7)
        XCTAssertEqual(a, b)
        XCTAssertNotEqual(a, Bootstrap.intervals(m, resamples: 200, seed: 8))
        XCTAssertLessThan(a.auc.low, m.auc())
        XCTAssertGreaterThan(a.auc.high, m.auc())
        XCTAssertLessThan(a.auc.high - a.auc.low, 0.1)
    }

    func testChartsAreWellFormedSVG() throws {
        let m = BinaryMetrics(scores: p, labels: y)
        for svg in [EvaluationCharts.roc(m, auc: m.auc()), EvaluationCharts.calibration(m.calibration(), ece: m.ece()),
                    EvaluationCharts.gains(m.gains(), auc: m.auc())] {
            let doc = try XMLDocument(data: Data(svg.utf8))
            let root = try XCTUnwrap(doc.rootElement())
            XCTAssertEqual(root.name, "svg")
            XCTAssertEqual(try root.nodes(forXPath: "//*[local-name()='polyline']").count, 1)
            XCTAssertEqual(try root.nodes(forXPath: "//*[@id='reference']").count, 1)
            XCTAssertEqual(try root.nodes(forXPath: "//*[@id='legend']").count, 1)
            XCTAssertGreaterThanOrEqual(try root.nodes(forXPath: "//*[local-name()='text']").count, 15)
            XCTAssertTrue(svg.contains("AUC 0.829") || svg.contains("ECE"))
        }
    }
}

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
