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

    /// Appends one lead's line to `out`.
    func append(to out: inout CSVWriter, id: UnsafeBufferPointer<UInt8>, probability p: Double, rank: Int, tier: Int?,
                gates states: [Policy.GateState]?, reasons: [UInt8]) {
        // Probabilities print in Swift's shortest round-trip form, so they read back as the same double.
        let probability = "\(p)", score = String(TierAssigner.score(p))
        switch format {
        case .csv:
            out.cell(id); out.separator()
            out.raw(probability); out.separator()
            out.raw(score); out.separator()
            if let states, let tier, let tierNames {
                out.text(tierNames[tier]); out.separator()
                out.raw(String(rank)); out.separator()
                out.raw(String(states.reduce(0) { $0 + ($1 == .pass ? 1 : 0) })); out.separator()
                for s in states { out.raw(s.text); out.separator() }
            } else {
                out.raw(String(rank)); out.separator()
            }
            reasons.withUnsafeBufferPointer { out.cell($0) }
            out.endRow()
        case .jsonl:
            var s = "{" + JSONText.string(idName) + ": " + JSONText.string(String(decoding: id, as: UTF8.self))
            s += ", \"probability\": " + probability + ", \"score\": " + score
            if let states, let tier, let tierNames, let gates {
                s += ", \"tier\": " + JSONText.string(tierNames[tier]) + ", \"rank\": " + String(rank)
                s += ", \"gates_passed\": " + String(states.reduce(0) { $0 + ($1 == .pass ? 1 : 0) })
                for (g, state) in zip(gates, states) { s += ", " + JSONText.string("gate_" + g) + ": \"" + state.text + "\"" }
            } else {
                s += ", \"rank\": " + String(rank)
            }
            s += ", \"reasons\": " + JSONText.string(String(decoding: reasons, as: UTF8.self)) + "}\n"
            out.raw(s)
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
