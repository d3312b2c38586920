/// Formats one scored lead as a CSV row or a JSON line, with the columns of the score contract:
/// id (or `row`), probability, score, tier, rank, gates_passed, gate_<name>…, reasons, tier_reason, and with
/// `--previous` previous_score, previous_tier, change (each added after the others, so that the earlier
/// columns keep their places). A CRM format (`CRMColumns`) writes the id, score, tier, reasons and time only.
struct ScoreLine {
    let format: ScoreOptions.Format
    let idName: String
    let gates: [String]?
    let tierNames: [String]?
    /// Each tier's CSV cell, formula-neutralised and quoted once, back to back (`tierCellEnds`): reading a cell
    /// of an array of arrays retained and released it for every lead.
    private let tierCellBytes: [UInt8]
    private let tierCellEnds: [Int]
    /// The CRM import file's columns, for `--format hubspot|salesforce`.
    let crm: CRMColumns?
    /// With `--previous`: the change columns.
    let previous: Bool
    /// When this run scored, `YYYY-MM-DDTHH:MM:SSZ` (CRM formats).
    let scoredAt: String
    /// The model's groups (`score_<group>` columns) and whether the policy grades one (`grade`).
    let groups: [String]
    let graded: Bool
    /// With segment models: the `model` column (`global` or `region=emea`).
    let segmented: Bool

    init(format: ScoreOptions.Format, idName: String, gates: [String]?, tierNames: [String]?, crm: CRMColumns? = nil,
         previous: Bool = false, scoredAt: String = "", groups: [String] = [], graded: Bool = false, segmented: Bool = false) {
        self.segmented = segmented
        self.groups = groups
        self.graded = graded
        self.format = format
        self.idName = idName
        self.gates = gates
        self.tierNames = tierNames
        self.crm = crm
        self.previous = previous
        self.scoredAt = scoredAt
        var cells = CSVWriter(), ends: [Int] = []
        for name in tierNames ?? [] { cells.text(name); ends.append(cells.bytes.count) }
        tierCellBytes = cells.bytes
        tierCellEnds = ends
    }

    /// Appends tier `t`'s cell.
    @inline(__always)
    private func appendTierCell(_ t: Int, to out: inout CSVWriter) {
        let start = t == 0 ? 0 : tierCellEnds[t - 1]
        tierCellBytes.withUnsafeBufferPointer { out.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: $0[start..<tierCellEnds[t]])) }
    }

    var columns: [String] {
        if let crm { return [crm.id, crm.score] + (gates == nil ? [] : [crm.tier]) + [crm.reasons, crm.scoredAt] }
        var c = [idName, "probability", "score"]
        if let gates { c += ["tier", "rank", "gates_passed"] + gates.map { "gate_\($0)" } } else { c += ["rank"] }
        c += ["reasons"] + (gates == nil ? [] : ["tier_reason"])
        c += groups.map { "score_\($0)" } + (graded ? ["grade"] : []) + (segmented ? ["model"] : [])
        if previous { c += ["previous_score"] + (gates == nil ? [] : ["previous_tier"]) + ["change"] }
        return c
    }

    /// The columns a `--previous` file is read by: the score's and the tier's (with a policy).
    var previousColumns: (score: String, tier: String?) {
        if let crm { return (crm.score, gates == nil ? nil : crm.tier) }
        return ("score", gates == nil ? nil : "tier")
    }

    /// Appends the change columns (`previous_score`, `previous_tier`, `change`), each after a delimiter.
    private func appendChange(_ change: (PreviousScores.Change, Int?, String?), to out: inout CSVWriter) {
        out.separator()
        if let s = change.1 { ByteText.appendInt(s, to: &out.bytes) }
        if gates != nil { out.separator(); if let t = change.2 { out.text(t) } }
        out.separator()
        out.raw(change.0.word)
    }

    /// The columns after `tier_reason` (sub-scores, grade, model, the change columns), added to the line `append`
    /// has just written: kept apart so that a run without them formats its lines as before.
    func appendExtras(to out: inout CSVWriter, change: (PreviousScores.Change, Int?, String?)?, subScores: [Int], grade: String?,
                      model: String?) {
        switch format {
        case .jsonl:
            out.bytes.removeLast(2)  // "}\n"
            var s = ""
            for (g, v) in zip(groups, subScores) { s += ", " + JSONText.string("score_" + g) + ": " + String(v) }
            if let grade { s += ", \"grade\": " + JSONText.string(grade) }
            if let model { s += ", \"model\": " + JSONText.string(model) }
            if let change {
                s += ", \"previous_score\": " + (change.1.map(String.init) ?? "null")
                if gates != nil { s += ", \"previous_tier\": " + (change.2.map { JSONText.string($0) } ?? "null") }
                s += ", \"change\": \"" + change.0.word + "\""
            }
            out.raw(s + "}\n")
        case .csv, .hubspot, .salesforce:
            out.bytes.removeLast()  // "\n"
            for v in subScores { out.separator(); ByteText.appendInt(v, to: &out.bytes) }
            if let grade { out.separator(); out.text(grade) }
            if let model { out.separator(); out.text(model) }
            if let change { appendChange(change, to: &out) }
            out.endRow()
        }
    }

    /// A CRM import row: id, score, tier, reasons, scored at.
    private func appendCRM(to out: inout CSVWriter, id: UnsafeBufferPointer<UInt8>, score: Int, tier: Int?,
                           reasons: UnsafeBufferPointer<UInt8>) {
        if ByteText.isValidUTF8(id) { out.cell(id) } else { out.text(String(decoding: id, as: UTF8.self)) }
        out.separator()
        ByteText.appendInt(score, to: &out.bytes); out.separator()
        if let tier { appendTierCell(tier, to: &out); out.separator() }
        out.cell(reasons)
        out.separator()
        out.raw(scoredAt)
        out.endRow()
    }

    /// At most the bytes `writeCSV` writes for a line whose id, reasons and tier reason have these lengths (an id
    /// that is not valid UTF-8 may triple when its bad bytes become U+FFFD).
    func csvRoom(id: Int, reasons: Int, tierReason: Int?) -> Int {
        6 * id + 3 + 96 + tierCellBytes.count + 8 * (gates?.count ?? 0) + 2 * reasons + 3 + 2 * (tierReason ?? 0) + 5
    }

    /// Writes one lead's CSV line (`append`'s, without the CRM columns) at `base`, which has room for `csvRoom`
    /// bytes; returns its length. The line is put together in raw memory: an `Array.append(contentsOf:)` costs
    /// some 75 instructions, and there were a dozen of them a lead (a tenth of score's instructions went to them);
    /// a collector takes it in its own memory this way (`RankedLines.add(rank:room:_:)`). The cells from the
    /// probability to the last gate need no quoting; the others are written as `CSVWriter.cell` writes them.
    func writeCSV(to base: UnsafeMutablePointer<UInt8>, delimiter d: UInt8, id: UnsafeBufferPointer<UInt8>, probability p: Double,
                  rank: Int, tier: Int?, gates masks: (pass: UInt32, unknown: UInt32)?, reasons: UnsafeBufferPointer<UInt8>,
                  tierReason: UnsafeBufferPointer<UInt8>?) -> Int {
        // An id that is not valid UTF-8 is written with U+FFFD for its bad bytes, so that outputs stay UTF-8.
        if !ByteText.isValidUTF8(id) {
            let valid = Array(String(decoding: id, as: UTF8.self).utf8)
            return valid.withUnsafeBufferPointer {
                writeCSV(to: base, delimiter: d, id: $0, probability: p, rank: rank, tier: tier, gates: masks, reasons: reasons,
                         tierReason: tierReason)
            }
        }
        let score = TierAssigner.score(p)
        let gateCount = gates?.count ?? 0
        var n = 0
        func put(_ b: UnsafeRawBufferPointer) {
            if b.count > 0 { UnsafeMutableRawPointer(base + n).copyMemory(from: b.baseAddress!, byteCount: b.count) }
            n += b.count
        }
        func put(_ v: Int) { n += ByteText.writeInt(v, to: base + n) }
        func putCell(_ b: UnsafeBufferPointer<UInt8>) { n += CSVWriter.writeCell(b, delimiter: d, to: base + n) }
        n += CSVWriter.writeCell(id, delimiter: d, to: base)
        base[n] = d; n += 1
        // Probabilities print in Swift's shortest round-trip form, so they read back as the same double.
        n += ByteText.writeShortest(p, to: base + n)
        base[n] = d; n += 1
        put(score); base[n] = d; n += 1
        if let masks, let tier {
            let start = tier == 0 ? 0 : tierCellEnds[tier - 1]
            tierCellBytes.withUnsafeBytes { put(UnsafeRawBufferPointer(rebasing: $0[start..<tierCellEnds[tier]])) }
            base[n] = d; n += 1
            put(rank); base[n] = d; n += 1
            put(masks.pass.nonzeroBitCount); base[n] = d; n += 1
            for g in 0..<gateCount {
                let word = Policy.GateState.of(gate: g, pass: masks.pass, unknown: masks.unknown).word
                put(UnsafeRawBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount))
                base[n] = d; n += 1
            }
        } else {
            put(rank); base[n] = d; n += 1
        }
        putCell(reasons)
        if let tierReason { base[n] = d; n += 1; putCell(tierReason) }
        base[n] = 10; n += 1
        return n
    }

    func header() -> [UInt8] {
        if format == .jsonl { return [] }
        var w = CSVWriter()
        w.row(columns)
        return w.bytes
    }

    /// Appends one lead's line to `out`.
    /// - Parameter gates: the lead's gate masks (bit g: gate g passes / is unknown), with a policy.
    /// - Parameter change: with `--previous`, how the lead moved and its previous score and tier.
    func append(to out: inout CSVWriter, id: UnsafeBufferPointer<UInt8>, probability p: Double, rank: Int, tier: Int?,
                gates masks: (pass: UInt32, unknown: UInt32)?, reasons: UnsafeBufferPointer<UInt8>,
                tierReason: UnsafeBufferPointer<UInt8>? = nil) {
        let score = TierAssigner.score(p)
        if crm != nil { return appendCRM(to: &out, id: id, score: score, tier: masks == nil ? nil : tier, reasons: reasons) }
        switch format {
        case .csv, .hubspot, .salesforce:
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: csvRoom(id: id.count, reasons: reasons.count,
                                                                           tierReason: tierReason?.count)) { buffer in
                let n = writeCSV(to: buffer.baseAddress!, delimiter: out.delimiter, id: id, probability: p, rank: rank, tier: tier,
                                 gates: masks, reasons: reasons, tierReason: tierReason)
                out.bytes.append(contentsOf: UnsafeBufferPointer(start: buffer.baseAddress!, count: n))
            }
        case .jsonl:
            var s = "{" + JSONText.string(idName) + ": " + JSONText.string(String(decoding: id, as: UTF8.self))
            s += ", \"probability\": " + p.description + ", \"score\": " + String(score)
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
