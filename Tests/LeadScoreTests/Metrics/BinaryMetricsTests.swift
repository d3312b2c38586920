import XCTest
import FoundationXML
@testable import LeadScore

/// Reference values: scikit-learn 1.9.1 `roc_auc_score`, `average_precision_score`, `log_loss`,
/// `brier_score_loss` on exactly these vectors (the one-liner is in the commit that added this test).
final class BinaryMetricsTests: XCTestCase {
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
}
