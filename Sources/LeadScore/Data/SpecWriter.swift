/// Writes an inferred spec as YAML, with a comment per column saying why it got its type, for a person to
/// review and pass back with `--features`.
public enum SpecWriter {
    public static func yaml(spec: FeatureSpec, decisions: [ColumnDecision], source: String, rows: Int) -> String {
        var out = "# Inferred by leadscore \(LeadScoreVersion.current) from \(source) (\(rows) rows).\n"
        out += "# Review the types, then train with: leadscore train --features THIS_FILE ...\n"
        if let l = spec.label { out += "label: \(quote(l))\n" }
        if let p = spec.positive { out += "positive: \(quote(p))\n" }
        if let i = spec.id { out += "id: \(quote(i))\n" }
        if !spec.exclude.isEmpty { out += "exclude: [\(spec.exclude.map(quote).joined(separator: ", "))]\n" }
        if !spec.missing.isEmpty { out += "missing: [\(spec.missing.map(quote).joined(separator: ", "))]\n" }
        if let t = spec.timeColumn { out += "time_column: \(quote(t))\n" }
        if let d = spec.decimal { out += "decimal: \(quote(d))\n" }
        if let d = spec.dateOrder { out += "date_order: \(d)\n" }
        if let n = spec.normalize { out += "normalize: {case: \(n.case)}\n" }
        out += "features:\n"
        let kept = decisions.filter { $0.type != nil }
        let width = (kept.map { quote($0.name).count + $0.type!.rawValue.count }.max() ?? 0) + 4
        for d in kept {
            let entry = "  \(quote(d.name)): \(d.type!.rawValue)"
            out += entry.padding(toLength: max(entry.count, width), withPad: " ", startingAt: 0) + "  # \(comment(d.reason))\n"
        }
        let proposed = spec.groups ?? FeatureGroup.proposed(features: kept.map(\.name))
        if !proposed.isEmpty {
            // Written as comments: a split from names alone should be read before it adds columns to every output.
            out += "# Sub-scores, proposed from the column names for review: uncomment to get score_<group> columns (fit: who\n"
            out += "# the lead is; engagement: what the lead did). BANT fields are in neither; move or drop columns as you see fit.\n"
            out += "# groups:\n"
            for g in proposed { out += "#   \(g.name): [\(g.columns.map(quote).joined(separator: ", "))]\n" }
        }
        let dropped = decisions.filter { $0.type == nil }
        if !dropped.isEmpty {
            out += "# left out:\n"
            for d in dropped { out += "#   \(comment(d.name)): \(comment(d.reason))\n" }
        }
        return out
    }

    /// Text for a comment: a line break or other control character in a value (a level, a column name) would
    /// end the comment and start a line of YAML, so they are written as escapes (`\n`).
    static func comment(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if c.value < 0x20 || c.value == 0x7F || c.value == 0x85 || c.value == 0x2028 || c.value == 0x2029 {
                    out += "\\u{" + String(c.value, radix: 16) + "}"
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        return out
    }

    /// A YAML scalar: plain when safe, else double-quoted.
    static func quote(_ s: String) -> String {
        let reserved: Set<String> = ["true", "false", "yes", "no", "y", "n", "on", "off", "null", "~", ""]
        let plain = s.unicodeScalars.allSatisfy { c in
            (c.value >= 48 && c.value <= 57) || (c.value >= 65 && c.value <= 90) || (c.value >= 97 && c.value <= 122)
                || c == "_" || c == "-" || c == "."
        }
        if plain, !reserved.contains(s.lowercased()), let f = s.unicodeScalars.first, !(f == "-" || f == "."),
           Double(s) == nil {
            return s
        }
        return JSONText.string(s, yamlSafe: true)
    }
}
