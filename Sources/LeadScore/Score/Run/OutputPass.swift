/// The second pass of `score` over one part of the leads file: each lead's line (probability, tier, rank,
/// gate states, reasons) handed to a `RankedLines` collector. Probability, gate states, sub-scores and which
/// features give the reasons come from the first pass (`ScoringPass`), tier and rank from the ranking; the
/// record gives the id and the reasons' values, and only the reasons' contributions are computed again, with
/// the same arithmetic as the first pass.
struct OutputPass {
    let scorer: RowScorer
    let policy: Policy?
    let formatter: ScoreLine
    let missing: ValueRules
    let idIndex: Int?
    /// Only leads ranked below this are written (`--top`).
    let limit: Int
    let tiers: [UInt8]?
    let ranks: [Int32]
    /// The first pass's per-lead results: probabilities, gate masks (with a policy), sub-scores (with groups),
    /// reasons' features (`ScoringPass.reasons`), and the ordinals of the rows it rejected.
    let first: ScoringPass
    /// With a policy: what explains each lead's tier (`TierAssigner.explained`): the explainer, each lead's
    /// position when pushed down by `max_leads`, each tier's number of eligible leads.
    var tierReason: TierReason? = nil
    var over: [Int32] = []
    var eligible: [Int] = []
    /// With `--previous`: the last run's scores and tiers, the points that count as a move, and whether only
    /// leads that changed are written.
    var previous: PreviousScores? = nil
    var minChange = 5
    var changedOnly = false
    /// The model's group sub-scores, and the policy's grades of one of them (its index among the groups).
    var subScores: SubScores? = nil
    var grades: (Grades, group: Int)? = nil

    /// What one part wrote: leads per `PreviousScores.Change`, and lines written.
    struct Written { var changes = [Int](repeating: 0, count: PreviousScores.Change.allCases.count); var lines = 0 }

    /// Writes the lines of the `rows` data rows `reader` reads, the first being data row `firstRow` of the file.
    @discardableResult
    func write(_ reader: CSVReader, firstRow: Int, rows: Int, into collector: RankedLines) throws -> Written {
        var written = Written()
        let width = reader.header.count
        // Rows before this part that were rejected: the part's first lead follows from them.
        let rejected = first.rejected
        var nextRejected = rejected.partitioningIndex { $0 >= firstRow }
        var lead = firstRow - nextRejected
        var ordinal = firstRow
        var writer = CSVWriter()
        var reasonBytes = ByteScratch()
        var tierReasonBytes = ByteScratch()
        var tierReasons = TierReason.Cache()
        let perLead = first.reasonsPerLead
        // Local copies (shared storage): reading through `first` per lead retained and released its arrays.
        let probabilities = first.probabilities, passes = first.passes, unknowns = first.unknowns
        let packed = first.groupScores, features = first.reasons, models = first.models
        let ranks = self.ranks, tiers = self.tiers, over = self.over, eligible = self.eligible
        let gated = policy != nil, grouped = subScores != nil
        // The id field the previous run's lines are matched by (the model's, or --crm-id's).
        let matchField = idIndex
        var groupScores = [Int](repeating: 0, count: subScores?.names.count ?? 0)
        // Decided once: reading `formatter.crm` or `grades` per lead would copy (retain) their strings each time.
        let crm = formatter.crm != nil, segmented = scorer.segmentField >= 0
        let withGroups = subScores != nil && !crm
        let gradeBands = crm ? nil : grades
        let extras = !crm && (withGroups || gradeBands != nil || segmented || previous != nil)
        // A plain CSV line with nothing after its tier reason is made in the collector's memory (`RankedLines.add`).
        let direct = formatter.format == .csv && !crm && !extras, delimiter = writer.delimiter
        try reader.forEachBatch { batch in
            for i in 0..<batch.count {
                let row = ordinal + i
                if nextRejected < rejected.count && rejected[nextRejected] == row { nextRejected += 1; continue }
                let k = lead
                lead += 1
                if k >= ranks.count || Int(ranks[k]) >= limit { continue }
                writer.bytes.removeAll(keepingCapacity: true)
                let keep = try batch.withRecord(i) { record -> Bool in
                    guard record.count == width else { throw Self.changed(reader) }
                    reasonBytes.removeAll()
                    // The segment model pass 1 found (nil: the global one), not looked up again per reason.
                    let model: Int? = segmented && models[k] >= 0 ? Int(models[k]) : nil
                    for r in 0..<perLead {
                        let f = Int(features[k * perLead + r])
                        scorer.appendReason(r, feature: f, contribution: scorer.contribution(f, record, model: model, missing: missing),
                                            record, missing: missing, into: &reasonBytes)
                    }
                    let masks = gated ? (pass: passes[k], unknown: unknowns[k]) : nil
                    let p = probabilities[k]
                    let packedGroups = grouped ? packed[k] : 0
                    for g in groupScores.indices { groupScores[g] = TierReason.byte(packedGroups, g) }
                    var change: (PreviousScores.Change, Int?, String?)?
                    if let previous, let f = matchField {
                        change = previous.change(id: record[f], score: TierAssigner.score(p),
                                                 tier: tiers.map { formatter.tierNames![Int($0[k])] }, minChange: minChange)
                        written.changes[change!.0.rawValue] += 1
                        if changedOnly && change!.0 == .same { return false }
                    }
                    // Optional chaining borrows the explainer; `if let` would copy it for every lead.
                    tierReasonBytes.removeAll()
                    self.tierReason?.append(to: &tierReasonBytes, tier: Int(tiers![k]), probability: p, pass: masks!.pass,
                                            unknown: masks!.unknown, over: over[k], eligible: eligible, record: record,
                                            missing: missing, cache: &tierReasons, groups: packedGroups)
                    // The line number is only formatted when there is no id column to show.
                    var rowNumber = idIndex == nil ? String(record.line) : ""
                    let id = idIndex.map { record[$0] }
                    let tier = tiers.map { Int($0[k]) }, rank = Int(ranks[k])
                    try rowNumber.withUTF8 { row in
                        try reasonBytes.withBytes { reasons in
                            try tierReasonBytes.withBytes { tierReason in
                                let tierReason = self.tierReason == nil ? nil : tierReason
                                guard direct else {
                                    return formatter.append(to: &writer, id: id ?? row, probability: p, rank: rank + 1, tier: tier,
                                                            gates: masks, reasons: reasons, tierReason: tierReason)
                                }
                                let id = id ?? row
                                try collector.add(rank: rank, room: formatter.csvRoom(id: id.count, reasons: reasons.count,
                                                                                      tierReason: tierReason?.count)) {
                                    formatter.writeCSV(to: $0, delimiter: delimiter, id: id, probability: p, rank: rank + 1, tier: tier,
                                                       gates: masks, reasons: reasons, tierReason: tierReason)
                                }
                            }
                        }
                    }
                    if extras {
                        formatter.appendExtras(to: &writer, change: change, subScores: withGroups ? groupScores : [],
                                               grade: gradeBands.map { $0.0.letter(groupScores[$0.group]) },
                                               model: segmented ? model.map { scorer.segmentNames[$0] } ?? "global" : nil)
                    }
                    return true
                }
                if !keep { continue }
                if !direct { try collector.add(rank: Int(ranks[k]), from: &writer) }
                written.lines += 1
            }
            ordinal += batch.count
        }
        // The same rows as the first pass, or the file changed in between.
        if ordinal - firstRow != rows { throw Self.changed(reader) }
        return written
    }

    static func changed(_ reader: CSVReader) -> FileError {
        FileError(file: reader.path, message: "the file changed while it was being scored; run again when it is complete")
    }
}

extension Array {
    /// The first index whose element satisfies `belongs`, for an array in which those elements come last
    /// (binary search).
    func partitioningIndex(where belongs: (Element) -> Bool) -> Int {
        var lo = 0, hi = count
        while lo < hi {
            let mid = (lo + hi) / 2
            if belongs(self[mid]) { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }
}
