/// Formats one scored lead as a CSV row or a JSON line, with the columns of the score contract:
/// id (or `row`), probability, score, tier, rank, gates_passed, gate_<name>…, reasons, tier_reason (the last
/// added after the others, so that the earlier columns keep their places).
struct ScoreLine {
    let format: ScoreOptions.Format
    let idName: String
    let gates: [String]?
    let tierNames: [String]?
    /// Each tier's CSV cell, formula-neutralised and quoted once.
    private let tierCells: [[UInt8]]

    init(format: ScoreOptions.Format, idName: String, gates: [String]?, tierNames: [String]?) {
        self.format = format
        self.idName = idName
        self.gates = gates
        self.tierNames = tierNames
        tierCells = (tierNames ?? []).map { name in
            var w = CSVWriter()
            w.text(name)
            return w.bytes
        }
    }

    var columns: [String] {
        var c = [idName, "probability", "score"]
        if let gates { c += ["tier", "rank", "gates_passed"] + gates.map { "gate_\($0)" } } else { c += ["rank"] }
        return c + ["reasons"] + (gates == nil ? [] : ["tier_reason"])
    }

    func header() -> [UInt8] {
        if format == .jsonl { return [] }
        var w = CSVWriter()
        w.row(columns)
        return w.bytes
    }

    /// Appends one lead's line to `out`.
    /// - Parameter gates: the lead's gate masks (bit g: gate g passes / is unknown), with a policy.
    func append(to out: inout CSVWriter, id: UnsafeBufferPointer<UInt8>, probability p: Double, rank: Int, tier: Int?,
                gates masks: (pass: UInt32, unknown: UInt32)?, reasons: [UInt8], tierReason: [UInt8]? = nil) {
        // Probabilities print in Swift's shortest round-trip form, so they read back as the same double.
        var probability = p.description
        let score = TierAssigner.score(p)
        let gateCount = gates?.count ?? 0
        switch format {
        case .csv:
            if ByteText.isValidUTF8(id) { out.cell(id) } else { out.text(String(decoding: id, as: UTF8.self)) }
            out.separator()
            probability.withUTF8 { out.bytes.append(contentsOf: $0) }; out.separator()
            ByteText.appendInt(score, to: &out.bytes); out.separator()
            if let masks, let tier {
                tierCells[tier].withUnsafeBufferPointer { out.bytes.append(contentsOf: $0) }; out.separator()
                ByteText.appendInt(rank, to: &out.bytes); out.separator()
                ByteText.appendInt(masks.pass.nonzeroBitCount, to: &out.bytes); out.separator()
                for g in 0..<gateCount {
                    out.raw(Policy.GateState.of(gate: g, pass: masks.pass, unknown: masks.unknown).word)
                    out.separator()
                }
            } else {
                ByteText.appendInt(rank, to: &out.bytes); out.separator()
            }
            reasons.withUnsafeBufferPointer { out.cell($0) }
            if let tierReason { out.separator(); tierReason.withUnsafeBufferPointer { out.cell($0) } }
            out.endRow()
        case .jsonl:
            var s = "{" + JSONText.string(idName) + ": " + JSONText.string(String(decoding: id, as: UTF8.self))
            s += ", \"probability\": " + probability + ", \"score\": " + String(score)
            if let masks, let tier, let tierNames, let gates {
                s += ", \"tier\": " + JSONText.string(tierNames[tier]) + ", \"rank\": " + String(rank)
                s += ", \"gates_passed\": " + String(masks.pass.nonzeroBitCount)
                for (g, name) in gates.enumerated() {
                    let state = Policy.GateState.of(gate: g, pass: masks.pass, unknown: masks.unknown)
                    s += ", " + JSONText.string("gate_" + name) + ": \"" + state.text + "\""
                }
            } else {
                s += ", \"rank\": " + String(rank)
            }
            s += ", \"reasons\": " + JSONText.string(String(decoding: reasons, as: UTF8.self))
            if let tierReason { s += ", \"tier_reason\": " + JSONText.string(String(decoding: tierReason, as: UTF8.self)) }
            s += "}\n"
            out.raw(s)
        }
    }
}
