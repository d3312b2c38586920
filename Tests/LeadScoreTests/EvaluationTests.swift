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
        let counts = m.order.map { UInt32(countsByRow[$0]) }
        let eps = Double.ulpOfOne
        let loss = m.order.map { i -> Double in
            let q = min(max(p[i], eps), 1 - eps); return y[i] == 1 ? -log(q) : -log(1 - q)
        }
        var groupEnd: [Int] = [], k = 0
        while k < 500 { let s = p[m.order[k]]; while k < 500 && p[m.order[k]] == s { k += 1 }; groupEnd.append(k) }
        var source = Bootstrap.CountWeights(counts: counts)
        let (auc, ap, ll) = Bootstrap.weighted(&source, positive: m.order.map { y[$0] }, loss: loss, groupEnd: groupEnd)
        for lane in 0..<4 {
            XCTAssertEqual(auc[lane], m.auc(weights: countsByRow), accuracy: 1e-12)
            XCTAssertEqual(ap[lane], m.averagePrecision(weights: countsByRow), accuracy: 1e-12)
            XCTAssertEqual(ll[lane], m.logLoss(weights: countsByRow), accuracy: 1e-12)
        }
    }

    /// Poisson(1) weights: mean 1 and variance 1, as the multinomial bootstrap's margins.
    func testPoissonWeightsHaveUnitMeanAndVariance() {
        var source = Bootstrap.PoissonWeights(seeds: [3, 4, 5, 6])
        let w = (0..<50_000).flatMap { k in (0..<4).map { source.weights(k)[$0] } }
        let mean = w.reduce(0, +) / Double(w.count)
        let variance = w.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(w.count)
        // Standard errors are about 0.0022 for the mean and 0.0045 for the variance at this size.
        XCTAssertEqual(mean, 1, accuracy: 0.01)
        XCTAssertEqual(variance, 1, accuracy: 0.02)
    }
}
