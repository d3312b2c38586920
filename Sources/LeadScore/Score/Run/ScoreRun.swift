import Foundation

/// Batch scoring in two streaming passes over the leads file, both on all cores.
///
/// Pass 1 scores every row and evaluates the gates, keeping per lead its probability, gate masks,
/// disqualify flag, sub-scores (when shown or used) and the features of its largest contributions; bad rows
/// go straight to the rejects file. Tiers and ranks are then assigned. Pass 2 (`OutputPass`) reads the file
/// again in one part per core, starting from record boundaries pass 1 noted, takes each lead's id and its
/// reasons' values from the record (computing only those contributions again) and hands its line to
/// `RankedLines`, which writes the lines in rank order. Memory per lead: about 23 bytes in pass 1 (with three
/// reasons), 31 in pass 2 (plus tier, rank and capacity position); the input is never held.
public enum ScoreRun {
    public static func run(model: ModelFile, options o: ScoreOptions) throws -> ScoreSummary {
        let first = try CSVReader(path: o.leads, delimiter: o.delimiter)
        let header = first.header
        // Activity from the log, as of one time for every lead.
        let asOf = o.asOf ?? Date().timeIntervalSince1970
        let eventRejects = EventRejects.at(model.usesEvents ? o.eventsRejectsPath : nil)
        let events = try model.eventValues(leads: o.leads, events: o.events, asOf: .fixed(asOf), delimiter: o.delimiter,
                                           rejects: eventRejects)
        let scorer = try RowScorer(model: model, header: header, file: o.leads, events: events)
        // Pass 1 keeps each lead's reason features as 16-bit numbers (`ScoringPass.reasons`).
        if o.reasons > 0 && scorer.featureNames.count > 1 << 16 {
            throw UsageError("the model has \(scorer.featureNames.count) features; score gives reasons for models of up to 65,536"
                + " features: score it with --reasons 0")
        }
        let policy = try o.policy.map { try Policy.load(path: $0, header: header, groups: model.spec.groups?.map(\.name) ?? []) }
        let subScores = SubScores(groups: model.spec.groups, scorer: scorer)
        let grades = policy?.grades.map { ($0, group: policy!.gradeGroup) }
        let missing = model.spec.valueRules
        // The id written first: the CRM's record id (--crm-id) or the model's id column.
        if let c = o.crmID, !header.contains(c) {
            throw FileError.header(file: o.leads, message: "there is no --crm-id column '\(c)'; the columns are "
                + header.map { "'\($0)'" }.joined(separator: ", "))
        }
        let idIndex = (o.crmID ?? model.spec.id).flatMap { header.firstIndex(of: $0) }
        if o.suggestMinScore && (policy.map { CapacityLine($0) == nil } ?? true) {
            throw UsageError("--suggest-min-score needs a policy with a tier that has max_leads")
        }
        let crm: CRMColumns? = try {
            guard o.format == .hubspot || o.format == .salesforce else { return nil }
            guard let idIndex else {
                throw UsageError("--format \(o.format.rawValue) writes each lead's CRM record id: name its column with --crm-id COL"
                    + " (the model has no id column)")
            }
            let base = o.format == .hubspot ? CRMColumns.hubspot(idColumn: header[idIndex]) : CRMColumns.salesforce
            return base.renamed(policy?.export ?? [:])
        }()
        if o.previous != nil && idIndex == nil {
            throw UsageError("--previous matches leads by id, and the model has no id column; name one with --crm-id COL")
        }
        var summary = ScoreSummary()
        if o.events != nil && events == nil {
            summary.notes.append("the model has no activity features (it was trained without events:), so --events was not read")
        }
        if let events {
            summary.events = events.counts
            summary.asOf = asOf
            summary.eventsLine = events.summary(asOf: "as of " + ISODate.dateTime(asOf), rejects: o.eventsRejectsPath)
        }
        if let note = first.trailingColumnNote(naming: StandardStreams.displayName(o.leads)) { summary.notes.append(note) }
        if let note = first.footerNote(naming: StandardStreams.displayName(o.leads)) { summary.notes.append(note) }
        // Opened first, so that an unwritable destination fails before any work.
        let out = try OutputFile(path: o.out)
        var rejects: OutputFile?
        var rejectWriter = CSVWriter()
        func reject(_ row: ScoringPass.RejectedRow) throws {
            if rejects == nil {
                rejects = try OutputFile(path: o.rejectsPath)
                rejectWriter.row(["line", "id", "reason"] + header)
            }
            let id = idIndex.flatMap { $0 < row.fields.count ? row.fields[$0] : nil } ?? ""
            rejectWriter.row([String(row.line), id, row.reason] + row.fields)
            if rejectWriter.bytes.count > 1 << 16 { try rejects!.write(rejectWriter.bytes); rejectWriter.bytes = [] }
        }

        // Pass 1.
        var pass = try ScoringPass.run(model: model, path: o.leads, policy: policy, scorer: scorer, delimiter: o.delimiter,
                                       unknowns: true, progress: o.progress,
                                       subScores: crm == nil || policy?.usesGroups == true ? subScores : nil, reasons: o.reasons,
                                       requiredID: idIndex.map { ($0, header[$0], crm == nil
                                           ? "id in column '\(header[$0])': nothing in the output would say which lead this is"
                                           : "record id in column '\(header[$0])': the CRM import could not match the lead to its record") },
                                       hashedID: idIndex, onReject: reject)
        // A lead is scored once: rows repeating an earlier scored row's id are set aside after the rows that could
        // not be scored, in file order.
        if let idIndex {
            let features = scorer.featureNames.count
            let repeats = try RepeatedIDs.setAside(&pass, file: first, field: idIndex, name: header[idIndex]) { row in
                var contributions = [Double](repeating: 0, count: features), counts = RowScorer.Counts()
                _ = scorer.score(row, missing: missing, contributions: &contributions, counts: &counts)
                return counts
            }
            for row in repeats { try reject(row) }
            summary.repeated = repeats.count
        }
        let leads = pass.probabilities.count
        o.progress?("ranking and writing \(leads) leads")
        summary.unseen = pass.unseen
        summary.unseenColumns = pass.unseenColumns(names: scorer.featureNames)
        summary.imputed = pass.imputed
        summary.scored = leads
        summary.rejected = pass.rejected.count
        if let rejects {
            try rejects.write(rejectWriter.bytes)
            summary.rejectsPath = o.rejectsPath
        }

        // The per-lead arrays (pass 1's, tiers, ranks) live in this block only: the drain after it holds two
        // buckets per core instead (on 1M leads the peak, then in the drain, fell from 82 to 77 MB).
        var written: [OutputPass.Written] = [], failures: [Error?] = []
        let collectors: RankedLines.Pool
        let formatter: ScoreLine
        do {
            // Tiers and ranks. Pass 2 takes probabilities, gate masks, sub-scores and the reasons' features from
            // pass 1: during it a lead costs those, its tier, rank and capacity position.
            let (explained, ranks): ((tiers: [UInt8], over: [Int32], eligible: [Int])?, [Int32]) = {
                if o.suggestMinScore, let policy, let line = CapacityLine(policy) {
                    let scores = line.candidateScores(policy, probabilities: pass.probabilities, passes: pass.passes,
                                                      disqualified: pass.disqualified, groups: pass.groupScores)
                    let (minScore, atOrAbove) = line.suggestion(scores: scores)
                    summary.suggestion = (policy.tierNames[line.tier], line.room, minScore, atOrAbove, scores.count)
                }
                let order = TierAssigner.byProbability(pass.probabilities)
                let explained = policy.map {
                    TierAssigner.explained($0, probabilities: pass.probabilities, order: order, passes: pass.passes,
                                           disqualified: pass.disqualified, groups: $0.usesGroups ? pass.groupScores : [])
                }
                pass.disqualified = []
                return (explained, TierAssigner.ranks(order: order, tiers: explained?.tiers))
            }()
            let tiers = explained?.tiers
            if let policy, let tiers {
                var counts = [Int](repeating: 0, count: policy.tierNames.count)
                for t in tiers { counts[Int(t)] += 1 }
                summary.tiers = zip(policy.tierNames, counts).map { ($0, $1) }
            }

            // Pass 2: the file in parts (several per core), each read from a record boundary found in pass 1; a
            // part takes a collector no other running part holds.
            let limit = min(o.top ?? Int.max, leads)
            let segments = pass.parts(Cores.parts)
            let folder = TemporaryFile.scratchFolder(for: o.out)
            collectors = RankedLines.Pool { try RankedLines(folder: folder, total: limit) }
            formatter = ScoreLine(format: o.format, idName: idIndex.map { header[$0] } ?? "row",
                                      gates: policy?.gates.map(\.name), tierNames: policy?.tierNames, crm: crm,
                                      previous: o.previous != nil, scoredAt: ISODate.dateTime(Date().timeIntervalSince1970),
                                      groups: crm == nil ? subScores?.names ?? [] : [], graded: crm == nil && grades != nil,
                                      segmented: crm == nil && scorer.segmentField >= 0)
            let columns = formatter.previousColumns
            let previous = try o.previous.map {
                try PreviousScores.load(path: $0, scoreColumn: columns.score, tierColumn: columns.tier, rules: missing)
            }
            var output = OutputPass(scorer: scorer, policy: policy, formatter: formatter, missing: missing, idIndex: idIndex,
                                    limit: limit, tiers: tiers, ranks: ranks, first: pass)
            output.previous = previous
            output.subScores = crm == nil || policy?.usesGroups == true ? subScores : nil
            output.grades = crm == nil ? grades : nil
            output.minChange = o.minChange
            output.changedOnly = o.changedOnly
            if let policy, let explained {
                output.tierReason = TierReason(policy: policy)
                output.over = explained.over
                output.eligible = explained.eligible
            }
            failures = [Error?](repeating: nil, count: segments.count)
            written = [OutputPass.Written](repeating: .init(), count: segments.count)
            failures.withUnsafeMutableBufferPointer { failed in
                let failed = failed
                written.withUnsafeMutableBufferPointer { written in
                let written = written
                Cores.perform(segments.count) { part in
                    do {
                        let reader = try CSVReader(segmentOf: first, from: segments[part].start.offset, to: segments[part].end,
                                                   line: segments[part].start.line)
                        let rows = part + 1 < segments.count ? segments[part + 1].start.ordinal : leads + pass.rejected.count
                        written[part] = try collectors.with { collector in
                            try output.write(reader, firstRow: segments[part].start.ordinal,
                                             rows: rows - segments[part].start.ordinal, into: collector)
                        }
                    } catch { failed[part] = error }
                }
                }
            }
        }
        first.spares.release()
        pass = ScoringPass()
        if o.previous != nil {
            summary.changes = PreviousScores.Change.allCases.map { c in written.reduce(0) { $0 + $1.changes[c.rawValue] } }
            summary.written = written.reduce(0) { $0 + $1.lines }
        }
        if let error = failures.compactMap({ $0 }).first { throw error }
        let headerLine = formatter.header()
        try out.write(headerLine)
        try RankedLines.drain(collectors.all, into: out, at: Int64(headerLine.count))
        // The rejects file is moved into place only with the scores: a run that fails leaves both as they were.
        try out.commit(durable: false)
        try rejects?.commit(durable: false)
        try eventRejects?.commit()
        return summary
    }
}
