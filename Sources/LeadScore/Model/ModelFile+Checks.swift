/// Checks a loaded model's parts against each other, so that a damaged file is refused when it is read
/// instead of failing while a batch is scored (fuzzing found a model whose `term_means` were cut short: it
/// loaded, then trapped on an index out of range).
extension ModelFile {
    /// What is inconsistent, as a phrase, or nil.
    func structuralProblem() -> String? {
        let terms = encoder.terms.count
        if coefficients.count != terms + 1 { return "\(coefficients.count) coefficients for \(terms + 1) terms" }
        if encoder.termMeans.count != terms { return "\(encoder.termMeans.count) term means for \(terms) terms" }
        if let c = coefficients.first(where: { !$0.estimate.isFinite }) { return "the coefficient of '\(c.term)' is not a finite number" }
        if let j = encoder.termMeans.firstIndex(where: { !$0.isFinite }) { return "the mean of term \(j + 1) is not a finite number" }
        for f in encoder.features {
            if f.type == .numeric && !(f.mean.isFinite && f.scale.isFinite && f.scale > 0) {
                return "feature '\(f.name)' has no usable mean and scale"
            }
            if f.type == .categorical && Set(f.levels).count != f.levels.count { return "feature '\(f.name)' lists a level twice" }
        }
        if Set(encoder.features.map(\.name)).count != encoder.features.count { return "a feature is listed twice" }
        for m in segments?.models ?? [] {
            if m.coefficients.count != terms + 1 { return "segment '\(m.level)' has \(m.coefficients.count) coefficients for \(terms + 1) terms" }
            if let c = m.coefficients.first(where: { !$0.estimate.isFinite }) {
                return "segment '\(m.level)': the coefficient of '\(c.term)' is not a finite number"
            }
        }
        for b in [scoreBins].compactMap({ $0 }) + distributions.compactMap(\.bins) where !b.isWellFormed {
            return "a distribution's bins do not match their shares"
        }
        return nil
    }
}

extension Bins {
    /// k edges in increasing order make k + 1 bins, each with a share.
    var isWellFormed: Bool {
        shares.count == edges.count + 1 && zip(edges, edges.dropFirst()).allSatisfy { $0 <= $1 }
            && edges.allSatisfy(\.isFinite) && shares.allSatisfy(\.isFinite)
    }
}
