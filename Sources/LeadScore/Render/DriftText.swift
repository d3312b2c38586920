import Foundation

extension Drift {
    /// The drift report as a table, the largest PSI first, with the score's PSI last.
    public static func text(_ r: Report) -> String {
        var lines = ["population stability of \(r.rows) leads against the training rows (PSI > 0.1 watch, > 0.25 shift)"]
        let width = max(20, (r.features.map(\.name.count).max() ?? 0) + 2)
        for f in r.features.sorted(by: { $0.psi > $1.psi }) {
            lines.append("  " + f.name.padding(toLength: width, withPad: " ", startingAt: 0)
                + NumberFormat.fixed(f.psi, 4) + "  " + f.status)
        }
        lines.append("  " + "score".padding(toLength: width, withPad: " ", startingAt: 0)
            + NumberFormat.fixed(r.scorePSI, 4) + "  " + r.scoreStatus)
        if r.unscorable > 0 { lines.append("\(r.unscorable) rows could not be scored and are left out of the score's PSI") }
        return lines.joined(separator: "\n")
    }
}
