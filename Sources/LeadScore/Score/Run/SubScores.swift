import Foundation

/// Sub-scores of feature groups (spec `groups:`): for group G,
///
///     score_G = round-half-up(100 · σ(b + Σ_{f∈G} c_f)),   b = β₀ + Σ_j β_j·m_j
///
/// with c_f the reasons' contributions (`RowScorer`): how likely the lead would be if everything outside the
/// group were at the training average. A group holding every feature gives the score itself; columns in no
/// group add to no sub-score.
struct SubScores: Sendable {
    let names: [String]
    /// Per group, the scorer's slot indices of its features.
    let slots: [[Int]]
    let baseline: Double

    init?(groups: [FeatureGroup]?, scorer: RowScorer) {
        guard let groups, !groups.isEmpty else { return nil }
        var index: [String: Int] = [:]
        for (k, n) in scorer.featureNames.enumerated() { index[n] = k }
        names = groups.map(\.name)
        slots = groups.map { $0.columns.compactMap { index[$0] } }
        baseline = scorer.baseline
    }

    /// Group g's log-odds b + Σ_{f∈g} c_f for one lead's contributions.
    @inline(__always)
    func logOdds(_ g: Int, _ c: [Double], baseline b: Double? = nil) -> Double {
        var eta = b ?? baseline
        for k in slots[g] { eta += c[k] }
        return eta
    }

    /// The sub-scores as one word, group g in byte g (at most 8 groups).
    /// `baseline`: the lead's own model's (a segment model has its own).
    func packed(_ c: [Double], baseline b: Double? = nil) -> UInt64 {
        var w: UInt64 = 0
        for g in slots.indices { w |= UInt64(TierAssigner.score(Logistic.sigmoid(logOdds(g, c, baseline: b)))) << (8 * UInt64(g)) }
        return w
    }
}
