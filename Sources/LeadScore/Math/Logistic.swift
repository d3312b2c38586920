import Foundation

/// The logistic function and the quantities built on it, each written once.
///
/// - `sigmoid`: σ(η) = 1/(1 + e^(−η)), the probability for log-odds η.
/// - `log1pexp`: log(1 + e^η) without overflow: η + log1p(e^(−η)) for η > 0, log1p(e^η) otherwise. The
///   per-row loss of the objective is log1pexp(η) − y·η.
/// - `clippedLogLoss`: −log p for a positive, −log(1 − p) for a negative, p clipped to [ε, 1 − ε] with ε the
///   double epsilon (scikit-learn's `log_loss`), so that a confident mistake costs at most −log ε ≈ 36.
/// - `z975`: the 97.5% quantile of the standard normal, for 95% intervals.
enum Logistic {
    @inline(__always)
    static func sigmoid(_ eta: Double) -> Double { 1 / (1 + exp(-eta)) }

    @inline(__always)
    static func log1pexp(_ eta: Double) -> Double { eta > 0 ? eta + log1p(exp(-eta)) : log1p(exp(eta)) }

    @inline(__always)
    static func clippedLogLoss(_ p: Double, positive: Bool) -> Double {
        let c = min(max(p, Double.ulpOfOne), 1 - Double.ulpOfOne)
        return positive ? -log(c) : -log(1 - c)
    }

    /// Φ⁻¹(0.975), to the double nearest.
    static let z975 = 1.959963984540054
}
