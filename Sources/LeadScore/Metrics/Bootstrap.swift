import Foundation

/// A 95% percentile interval from bootstrap resamples.
public struct Interval: Codable, Sendable, Equatable {
    public var low: Double
    public var high: Double
}

/// Bootstrap intervals for AUC, PR AUC and log loss.
///
/// A resample of n rows drawn with replacement is a vector of counts c_i (how often row i was drawn), so
/// every metric is computed as a weighted metric over the one sort already made: no resample is sorted.
/// Resample r uses its own generator seeded from (seed, r), so results do not depend on the thread count.
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
        var values = [[Double]](repeating: [0, 0, 0], count: resamples)
        values.withUnsafeMutableBufferPointer { buffer in
            let out = buffer
            DispatchQueue.concurrentPerform(iterations: max(1, Cores.count)) { part in
                var counts = [Double](repeating: 0, count: n)
                for r in stride(from: part, to: resamples, by: max(1, Cores.count)) {
                    var rng = SeededGenerator(seed: seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(r) &+ 1)
                    for i in 0..<n { counts[i] = 0 }
                    for _ in 0..<n { counts[rng.below(n)] += 1 }
                    out[r] = [m.auc(weights: counts), m.averagePrecision(weights: counts), m.logLoss(weights: counts)]
                }
            }
        }
        func interval(_ k: Int) -> Interval {
            let v = values.map { $0[k] }.filter { !$0.isNaN }.sorted()
            if v.isEmpty { return Interval(low: .nan, high: .nan) }
            return Interval(low: quantile(v, 0.025), high: quantile(v, 0.975))
        }
        return Result(resamples: resamples, seed: seed, auc: interval(0), prAUC: interval(1), logLoss: interval(2))
    }

    /// Linear-interpolation quantile of sorted values (numpy's default).
    static func quantile(_ v: [Double], _ q: Double) -> Double {
        let pos = q * Double(v.count - 1)
        let lo = Int(pos.rounded(.down)), hi = min(lo + 1, v.count - 1)
        return v[lo] + (pos - Double(lo)) * (v[hi] - v[lo])
    }
}
