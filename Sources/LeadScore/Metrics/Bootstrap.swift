import Foundation

/// A 95% percentile interval from bootstrap resamples.
public struct Interval: Codable, Sendable, Equatable {
    var low: Double
    var high: Double
}

/// Bootstrap intervals for AUC, PR AUC and log loss.
///
/// A resample is a vector of counts c_k (how often the row at sorted position k is drawn), so every metric
/// is a weighted metric over the one sort made up front: no resample is sorted. The counts are drawn
/// independently as Poisson(1) (the Poisson bootstrap: the standard large-n approximation of drawing n rows
/// with replacement, whose counts are Multinomial(n, 1/n) with Poisson(1) margins), which lets each resample
/// be one sequential pass with no count array (see `BootstrapPass`). Resamples r..r+3 share one generator
/// seeded from (seed, r), so results do not depend on the thread count.
///
/// Complexity: O(n log n) once, then O(n) per resample (measured: 1,000 resamples of 1M rows in about one
/// second on 2 cores, where the multinomial draw's random writes took many times as long).
public enum Bootstrap {
    public struct Result: Codable, Sendable, Equatable {
        public var resamples: Int
        public var seed: UInt64
        public var auc: Interval
        var prAUC: Interval
        public var logLoss: Interval

        enum CodingKeys: String, CodingKey {
            case resamples, seed, auc
            case prAUC = "pr_auc", logLoss = "log_loss"
        }
    }

    public static func intervals(_ m: BinaryMetrics, resamples: Int, seed: UInt64) -> Result {
        intervals(m, resamples: resamples, seed: seed, wide: BootstrapPass.hasWideKernel)
    }

    /// - Parameter wide: run eight resamples a pass in the AVX2 kernel (only where the CPU has AVX2); the values
    ///   are the same either way.
    static func intervals(_ m: BinaryMetrics, resamples: Int, seed: UInt64, wide: Bool) -> Result {
        let layout = BootstrapPass.Layout(m)
        var values = [(Double, Double, Double)](repeating: (0, 0, 0), count: resamples)
        values.withUnsafeMutableBufferPointer { buffer in
            let out = buffer
            func draws(_ r: Int) -> BootstrapPass.PoissonDraws { .init(seed: seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(r) &+ 1) }
            func store(_ r: Int, _ v: (BootstrapPass.V, BootstrapPass.V, BootstrapPass.V)) {
                for lane in 0..<4 where r + lane < resamples { out[r + lane] = (v.0[lane], v.1[lane], v.2[lane]) }
            }
            // Four resamples per pass, one per SIMD lane (eight with AVX2): the rows and their layout are read
            // once for four. Each pass is a task of its own, so that a core the machine slows down takes fewer.
            let groups = (resamples + 3) / 4, perTask = wide ? 2 : 1
            Cores.perform((groups + perTask - 1) / perTask) { task in
                let g = task * perTask
                if perTask == 2 && g + 1 < groups {
                    let (a, b) = BootstrapPass.weighted8(draws(4 * g), draws(4 * g + 4), layout)
                    store(4 * g, a)
                    store(4 * g + 4, b)
                } else {
                    var source = draws(4 * g)
                    store(4 * g, BootstrapPass.weighted(&source, layout))
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

    /// Linear-interpolation quantile of sorted values (numpy's default).
    static func quantile(_ v: [Double], _ q: Double) -> Double {
        let pos = q * Double(v.count - 1)
        let lo = Int(pos.rounded(.down)), hi = min(lo + 1, v.count - 1)
        return v[lo] + (pos - Double(lo)) * (v[hi] - v[lo])
    }
}
