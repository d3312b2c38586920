/// Formats one scored lead as a CSV row or a JSON line, with the columns of the score contract:
/// id (or `row`), probability, score, tier, rank, gates_passed, gate_<name>…, reasons.
struct ScoreLine {
    let format: ScoreOptions.Format
    let idName: String
    let gates: [String]?
    let tierNames: [String]?

    var columns: [String] {
        var c = [idName, "probability", "score"]
        if let gates { c += ["tier", "rank", "gates_passed"] + gates.map { "gate_\($0)" } } else { c += ["rank"] }
        return c + ["reasons"]
    }

    func header() -> [UInt8] {
        if format == .jsonl { return [] }
        var w = CSVWriter()
        w.row(columns)
        return w.bytes
    }

    func line(id: String, probability p: Double, rank: Int, tier: Int?, gates states: [Policy.GateState]?,
              reasons: String) -> [UInt8] {
        // Probabilities print in Swift's shortest round-trip form, so they read back as the same double.
        var values: [(String, Bool)] = [(id, true), ("\(p)", false), (String(TierAssigner.score(p)), false)]
        if let states, let tier, let tierNames {
            values += [(tierNames[tier], true), (String(rank), false),
                       (String(states.filter { $0 == .pass }.count), false)]
            values += states.map { ($0.text, true) }
        } else {
            values.append((String(rank), false))
        }
        values.append((reasons, true))
        switch format {
        case .csv:
            var w = CSVWriter()
            for (k, v) in values.enumerated() {
                if k > 0 { w.separator() }
                if v.1 { w.text(v.0) } else { w.raw(v.0) }
            }
            w.endRow()
            return w.bytes
        case .jsonl:
            var s = "{"
            for (k, (name, v)) in zip(columns, values).enumerated() {
                if k > 0 { s += ", " }
                s += JSONText.string(name) + ": " + (v.1 ? JSONText.string(v.0) : v.0)
            }
            return Array((s + "}\n").utf8)
        }
    }
}

/// JSON string literals, escaped by hand for the streaming writers.
enum JSONText {
    static func string(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if c.value < 0x20 { out += "\\u" + String(repeating: "0", count: 4 - String(c.value, radix: 16).count) + String(c.value, radix: 16) }
                else { out.unicodeScalars.append(c) }
            }
        }
        return out + "\""
    }
}
