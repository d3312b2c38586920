import Foundation

extension Registry.Listing {
    /// `registry list`: the models (current marked `*`) with what their retrain measured, then the log.
    public var text: String {
        var lines = ["current: \(current ?? "none")"]
        let width = max(34, (models.map(\.name.count).max() ?? 0) + 2)
        lines.append("  " + "model".padding(toLength: width, withPad: " ", startingAt: 0) + "retrain     AUC  log loss   rows")
        for m in models {
            let made = m.promoted.map { $0 ? "promoted" : "refused" } ?? "by hand"
            let c = m.challenger
            lines.append((m.current ? "* " : "  ") + m.name.padding(toLength: width, withPad: " ", startingAt: 0)
                + made.padding(toLength: 9, withPad: " ", startingAt: 0)
                + right(c.map { NumberFormat.fixed($0.auc, 4) } ?? "—", 8)
                + right(c.map { NumberFormat.fixed($0.logLoss, 4) } ?? "—", 10)
                + right(c.map { String($0.rows) } ?? "—", 7))
        }
        lines.append("history (oldest first):")
        for e in history {
            lines.append("  \(e.time)  \(e.action.padding(toLength: 8, withPad: " ", startingAt: 0)) \(e.model)"
                + (e.promoted ? " (made current)" : "") + ": \(e.reason)")
        }
        if history.isEmpty { lines.append("  (none)") }
        return lines.joined(separator: "\n")
    }

    private func right(_ s: String, _ w: Int) -> String { String(repeating: " ", count: max(0, w - s.count)) + s }
}
