import Foundation

extension Retrainer.Outcome {
    /// What `retrain` prints: the evaluation rows, both models' metrics, the decision and where the
    /// challenger was saved.
    public var text: String {
        func line(_ name: String, _ m: Registry.Entry.Metrics?) -> String {
            guard let m else { return "\(name): none" }
            return "\(name): AUC \(NumberFormat.fixed(m.auc, 4)), log loss \(NumberFormat.fixed(m.logLoss, 4)),"
                + " Brier \(NumberFormat.fixed(m.brier, 4)) on \(m.rows) rows (\(m.positives) converted)"
        }
        return ["evaluated on \(evaluationRows)", line("champion  ", champion), line("challenger", challenger), reason,
                "challenger saved as \(model)\(promoted ? " (now current)" : "")"].joined(separator: "\n")
    }
}
