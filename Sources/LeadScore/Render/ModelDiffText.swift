import Foundation

extension ModelDiff {
    /// Coefficient changes, the largest first, then the tier migration matrix when leads were scored.
    public static func text(_ r: Report) -> String {
        var lines = ["coefficient changes (encoded scale), largest first; * = beyond 1.96 combined standard errors"]
        let width = max(24, (r.terms.map(\.term.count).max() ?? 0) + 2)
        lines.append("  " + "term".padding(toLength: width, withPad: " ", startingAt: 0) + "       old       new    change")
        let f = { (v: Double?) in v.map { NumberFormat.fixed($0, 4) } ?? "—" }
        for t in r.terms.sorted(by: { abs($0.change ?? .infinity) > abs($1.change ?? .infinity) }) {
            let cells = [f(t.old), f(t.new), f(t.change)].map { String(repeating: " ", count: max(0, 10 - $0.count)) + $0 }
            lines.append("  " + t.term.padding(toLength: width, withPad: " ", startingAt: 0) + cells.joined() + (t.exceedsErrors ? " *" : ""))
        }
        if !r.added.isEmpty { lines.append("added terms: " + r.added.joined(separator: ", ")) }
        if !r.dropped.isEmpty { lines.append("dropped terms: " + r.dropped.joined(separator: ", ")) }
        if let s = r.segments {
            func list(_ names: [String]) -> String { names.isEmpty ? "none" : names.joined(separator: ", ") }
            lines.append("segment models (the global coefficients above; leads are scored by their segment's): old \(list(s[0])); new \(list(s[1]))")
        }
        if let tiers = r.tiers, let m = r.migration {
            lines.append("")
            lines.append("tier migration of \(r.leads ?? 0) leads (rows: old model's tier, columns: new model's)")
            let w = max(13, (tiers.map(\.count).max() ?? 0) + 1)
            lines.append(String(repeating: " ", count: w + 2) + tiers.map { String(repeating: " ", count: max(0, w - $0.count)) + $0 }.joined())
            for (i, name) in tiers.enumerated() {
                lines.append("  " + name.padding(toLength: w, withPad: " ", startingAt: 0)
                    + m[i].map { String(repeating: " ", count: max(0, w - String($0).count)) + String($0) }.joined())
            }
        }
        return lines.joined(separator: "\n")
    }
}
