import Foundation

/// Accuracy measures of predicted probabilities against 0/1 outcomes, with optional row weights
/// (bootstrap resample counts). All sort-based measures share one ordering.
///
/// Definitions follow scikit-learn so that values agree to rounding:
/// - `auc`: area under the ROC curve with ties counted half (the Mann–Whitney statistic), `roc_auc_score`;
/// - `averagePrecision`: Σₙ (Rₙ − Rₙ₋₁)·Pₙ over distinct thresholds, `average_precision_score`;
/// - `logLoss`: mean of −y·log p − (1−y)·log(1−p), p clipped to [ε, 1−ε] with ε the double epsilon, `log_loss`;
/// - `brier`: mean of (p − y)², `brier_score_loss`;
/// - `ks`: the largest gap between the true- and false-positive rates over thresholds.
public struct BinaryMetrics: Sendable {
    let scores: [Double]
    let labels: [Double]
    /// Row indices by score, descending (ties by index).
    let order: [Int]
    /// The scores and labels in `order`, gathered once: each measure walks them in sequence (each walk through
    /// `order` read two arrays at random, 30–50 ms a measure on 1M leads).
    let sortedScores: [Double]
    let sortedLabels: [Double]

    public init(scores: [Double], labels: [Double]) {
        precondition(scores.count == labels.count, "metrics: shapes differ")
        self.scores = scores
        self.labels = labels
        order = ScoreOrder.descending(scores)
        (sortedScores, sortedLabels) = Self.gathered(scores, labels, order)
    }

    /// `a` and `b` at the positions `order`, in that order (in parts on the cores for many rows).
    private static func gathered(_ a: [Double], _ b: [Double], _ order: [Int]) -> ([Double], [Double]) {
        let n = order.count
        var x = [Double](repeating: 0, count: n), y = x
        x.withUnsafeMutableBufferPointer { x in
            y.withUnsafeMutableBufferPointer { y in
                let (x, y) = (x, y)
                Cores.perform(stretchesOf: n) { stretch in
                    for k in stretch { let i = order[k]; x[k] = a[i]; y[k] = b[i] }
                }
            }
        }
        return (x, y)
    }

    public var count: Int { scores.count }
    var positives: Int { labels.reduce(0) { $0 + ($1 == 1 ? 1 : 0) } }

    /// ROC AUC, tie-aware; NaN when only one class is present.
    public func auc(weights: [Double]? = nil) -> Double {
        var pos = 0.0, neg = 0.0, area = 0.0
        walkTies(weights) { tp, fp in
            // Each negative in a tie group loses to the positives already passed (higher scores) and
            // half-ties the group's own positives.
            area += fp * (pos + tp / 2)
            pos += tp; neg += fp
        }
        return pos > 0 && neg > 0 ? (area / (pos * neg)) : .nan
    }

    /// Average precision; NaN when there are no positives.
    func averagePrecision(weights: [Double]? = nil) -> Double {
        var total = 0.0
        for i in 0..<count where labels[i] == 1 { total += weights?[i] ?? 1 }
        if total == 0 { return .nan }
        var tp = 0.0, fp = 0.0, ap = 0.0
        walkTies(weights) { t, f in
            tp += t; fp += f
            if t > 0 { ap += (t / total) * (tp / (tp + fp)) }
        }
        return ap
    }

    /// KS statistic: max over thresholds of |TPR − FPR|.
    func ks() -> Double {
        let p = Double(positives), n = Double(count - positives)
        if p == 0 || n == 0 { return .nan }
        var tp = 0.0, fp = 0.0, best = 0.0
        walkTies(nil) { t, f in tp += t; fp += f; best = max(best, abs(tp / p - fp / n)) }
        return best
    }

    /// Calls `body(positiveWeight, negativeWeight)` once per group of equal scores, highest first.
    func walkTies(_ weights: [Double]?, _ body: (Double, Double) -> Void) {
        sortedScores.withUnsafeBufferPointer { scores in
            sortedLabels.withUnsafeBufferPointer { labels in
                var k = 0
                while k < count {
                    var tp = 0.0, fp = 0.0
                    let s = scores[k]
                    while k < count, scores[k] == s {
                        let w = weights?[order[k]] ?? 1
                        if labels[k] == 1 { tp += w } else { fp += w }
                        k += 1
                    }
                    if tp > 0 || fp > 0 { body(tp, fp) }
                }
            }
        }
    }

    public func logLoss(weights: [Double]? = nil) -> Double {
        var sum = 0.0, total = 0.0
        for i in 0..<count {
            let w = weights?[i] ?? 1
            if w == 0 { continue }
            sum += w * Logistic.clippedLogLoss(scores[i], positive: labels[i] == 1)
            total += w
        }
        return sum / total
    }

    func brier() -> Double {
        var sum = 0.0
        for i in 0..<count { let d = scores[i] - labels[i]; sum += d * d }
        return sum / Double(count)
    }

    var baseRate: Double { Double(positives) / Double(count) }
    var meanPrediction: Double { scores.reduce(0, +) / Double(count) }
}
