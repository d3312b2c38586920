import Foundation

/// A 95% percentile interval from bootstrap resamples.
public struct Interval: Codable, Sendable, Equatable {
    public var low: Double
    public var high: Double
}

/// Bootstrap intervals for AUC, PR AUC and log loss.
///
/// A resample is a vector of counts c_k (how often the row at sorted position k is drawn), so every metric
/// is a weighted metric over the one sort made up front: no resample is sorted. The counts are drawn
/// independently as Poisson(1) (the Poisson bootstrap: the standard large-n approximation of drawing n rows
/// with replacement, whose counts are Multinomial(n, 1/n) with Poisson(1) margins), which lets each resample
/// be one sequential pass with no count array: labels, tie groups and per-row log losses are laid out in
/// sorted order once. Resample r uses its own generator seeded from (seed, r), so results do not depend on
/// the thread count.
///
/// Complexity: O(n log n) once, then O(n) per resample (measured: 1,000 resamples of 1M rows in a few
/// seconds on 2 cores, where the multinomial draw's random writes took four times as long).
public enum Bootstrap {
    public struct Result: Codable, Sendable, Equatable {
        public var resamples: Int
        public var seed: UInt64
        public var auc: Interval
        public var prAUC: Interval
        public var logLoss: Interval

        enum CodingKeys: String, CodingKey {
            case resamples, seed, auc
            case prAUC = "pr_auc", logLoss = "log_loss"
        }
    }

    public static func intervals(_ m: BinaryMetrics, resamples: Int, seed: UInt64) -> Result {
        let n = m.count
        // Sorted layout: label and per-row loss by descending score; tie groups end at groupEnd.
        let eps = Double.ulpOfOne
        let positive = m.order.map { m.labels[$0] == 1 ? 1.0 : 0.0 }
        let loss = m.order.map { i -> Double in
            let p = min(max(m.scores[i], eps), 1 - eps)
            return m.labels[i] == 1 ? -log(p) : -log(1 - p)
        }
        var groupEnd: [Int] = []
        var k = 0
        while k < n {
            let s = m.scores[m.order[k]]
            while k < n && m.scores[m.order[k]] == s { k += 1 }
            groupEnd.append(k)
        }
        let parts = max(1, Cores.count)
        var values = [(Double, Double, Double)](repeating: (0, 0, 0), count: resamples)
        values.withUnsafeMutableBufferPointer { buffer in
            let out = buffer
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                for r in stride(from: part, to: resamples, by: parts) {
                    var source = PoissonWeights(seed: seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(r) &+ 1)
                    out[r] = weighted(&source, positive: positive, loss: loss, groupEnd: groupEnd)
                }
            }
        }
        func interval(_ pick: ((Double, Double, Double)) -> Double) -> Interval {
            let v = values.map(pick).filter { !$0.isNaN }.sorted()
            if v.isEmpty { return Interval(low: .nan, high: .nan) }
            return Interval(low: quantile(v, 0.025), high: quantile(v, 0.975))
        }
        return Result(resamples: resamples, seed: seed, auc: interval { $0.0 }, prAUC: interval { $0.1 },
                      logLoss: interval { $0.2 })
    }

    /// AUC, average precision and log loss of one resample, in one pass (definitions as `BinaryMetrics`).
    /// - Parameter positive: 1 or 0 per sorted position (multiplied in, not branched on).
    static func weighted<W: WeightSource>(_ weights: inout W, positive: [Double], loss: [Double], groupEnd: [Int])
        -> (Double, Double, Double) {
        var pos = 0.0, neg = 0.0, area = 0.0, precisionSum = 0.0, lossSum = 0.0
        positive.withUnsafeBufferPointer { positive in
            loss.withUnsafeBufferPointer { loss in
                var start = 0
                for end in groupEnd {
                    var tp = 0.0, fp = 0.0
                    for k in start..<end {
                        let w = weights.weight(k)
                        tp += w * positive[k]
                        lossSum += w * loss[k]
                        fp += w
                    }
                    fp -= tp
                    if tp > 0 || fp > 0 {
                        area += fp * (pos + tp / 2)
                        pos += tp; neg += fp
                        if tp > 0 { precisionSum += tp * (pos / (pos + neg)) }
                    }
                    start = end
                }
            }
        }
        let auc = pos > 0 && neg > 0 ? area / (pos * neg) : .nan
        let ap = pos > 0 ? precisionSum / pos : .nan
        return (auc, ap, lossSum / (pos + neg))
    }

    /// Fixed counts, one per sorted position (for tests and exact resamples).
    struct CountWeights: WeightSource {
        let counts: [UInt32]
        func weight(_ k: Int) -> Double { Double(counts[k]) }
    }

    /// Poisson(1) draws by inverting the CDF with one uniform each.
    struct PoissonWeights: WeightSource {
        var rng: SeededGenerator
        static let cdf: [Double] = {
            var c: [Double] = [], term = exp(-1.0), sum = 0.0
            for k in 0..<20 { sum += term; c.append(sum); term /= Double(k + 1) }
            return c
        }()

        init(seed: UInt64) { rng = SeededGenerator(seed: seed) }

        @inline(__always)
        mutating func weight(_ k: Int) -> Double {
            let u = rng.uniform()
            // Branch-free below 4 (98% of draws; the branches mispredicted half the time): count the CDF
            // thresholds of Poisson(1) that u passes. The table covers the rare tail.
            var x = (u >= 0.36787944117144233 ? 1 : 0) + (u >= 0.7357588823428847 ? 1 : 0)
                + (u >= 0.9196986029286058 ? 1 : 0) + (u >= 0.9810118431238462 ? 1 : 0)
            if x == 4 { while x < 19 && u >= Self.cdf[x] { x += 1 } }
            return Double(x)
        }
    }

    /// Linear-interpolation quantile of sorted values (numpy's default).
    static func quantile(_ v: [Double], _ q: Double) -> Double {
        let pos = q * Double(v.count - 1)
        let lo = Int(pos.rounded(.down)), hi = min(lo + 1, v.count - 1)
        return v[lo] + (pos - Double(lo)) * (v[hi] - v[lo])
    }
}

/// Where a resample's weight for each sorted position comes from.
protocol WeightSource {
    mutating func weight(_ k: Int) -> Double
}
