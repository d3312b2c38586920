import Foundation

/// Batch scoring in two streaming passes over the leads file, each batch of records worked on by all cores.
///
/// Pass 1 scores every row and evaluates the gates, keeping per lead only its probability, two gate bit
/// masks (pass, unknown) and the disqualify flag; bad rows go straight to the rejects file. Tiers and ranks
/// are then assigned. Pass 2 reads the file again, recomputes each lead's contributions for its reasons and
/// hands its line to `RankedLines`, which writes the lines in rank order. Memory per lead: probability 8,
/// masks 8, tier 1, rank 4 bytes (plus 16 during the one sort); the input is never held.
public enum ScoreRun {
    public static func run(model: ModelFile, options o: ScoreOptions) throws -> ScoreSummary {
        let first = try CSVReader(path: o.leads, delimiter: o.delimiter)
        let header = first.header
        let scorer = try RowScorer(model: model, header: header, file: o.leads)
        let policy = try o.policy.map { try Policy.load(path: $0, header: header) }
        if let policy, policy.gates.count > 31 { throw SpecError("a policy may have at most 31 gates") }
        let missing = model.spec.missingTokens
        let idIndex = model.spec.id.flatMap { header.firstIndex(of: $0) }
        let features = scorer.featureNames.count
        var summary = ScoreSummary()
        // Opened first, so that an unwritable destination fails before any work.
        let out = try OutputFile(path: o.out)
        var rejects: OutputFile?
        var rejectWriter = CSVWriter()

        // Pass 1.
        let pass = try ScoringPass.run(model: model, path: o.leads, policy: policy, scorer: scorer, delimiter: o.delimiter) {
            record, problem in
            if rejects == nil {
                rejects = try OutputFile(path: o.rejectsPath)
                rejectWriter.row(["line", "id", "reason"] + header)
            }
            let id = idIndex.flatMap { $0 < record.count ? record.string($0) : nil } ?? ""
            rejectWriter.row([String(record.line), id, problem] + record.allStrings())
            if rejectWriter.bytes.count > 1 << 16 { try rejects!.write(rejectWriter.bytes); rejectWriter.bytes = [] }
        }
        let probabilities = pass.probabilities, passes = pass.passes, unknowns = pass.unknowns, rejected = pass.rejected
        summary.unseen = pass.unseen
        summary.imputed = pass.imputed
        summary.scored = probabilities.count
        summary.rejected = rejected.count
        if let rejects {
            try rejects.write(rejectWriter.bytes)
            try rejects.commit(durable: false)
            summary.rejectsPath = o.rejectsPath
        }

        let order = TierAssigner.byProbability(probabilities)
        let tiers = policy.map {
            TierAssigner.assign($0, probabilities: probabilities, order: order, passes: passes, disqualified: pass.disqualified)
        }
        let ranks = TierAssigner.ranks(order: order, tiers: tiers)
        if let policy, let tiers {
            var counts = [Int](repeating: 0, count: policy.tierNames.count)
            for t in tiers { counts[Int(t)] += 1 }
            summary.tiers = zip(policy.tierNames, counts).map { ($0, $1) }
        }

        // Pass 2.
        let limit = min(o.top ?? Int.max, probabilities.count)
        let parts = Cores.count
        // One collector per core, so that workers hand over their lines without a serial merge.
        let collectors = try (0..<parts).map { try RankedLines(outputPath: o.out + ".\($0)", total: limit) }
        let formatter = ScoreLine(format: o.format, idName: idIndex.map { header[$0] } ?? "row",
                                  gates: policy?.gates.map(\.name), tierNames: policy?.tierNames)
        var lead = 0, nextRejected = 0
        var ordinal = 0
        try CSVReader(path: o.leads, delimiter: o.delimiter).forEachBatch { batch in
            // Which lead each record is (-1: rejected in pass 1).
            var leads = [Int](repeating: -1, count: batch.count)
            for i in 0..<batch.count {
                if nextRejected < rejected.count && rejected[nextRejected] == ordinal + i { nextRejected += 1 }
                else { leads[i] = lead; lead += 1 }
            }
            ordinal += batch.count
            var failures = [Error?](repeating: nil, count: parts)
            failures.withUnsafeMutableBufferPointer { buffer in
                let failed = buffer
                batch.parallel(parts: parts) { part, range in
                    var writer = CSVWriter()
                    var reasons: [UInt8] = []
                    var contributions = [Double](repeating: 0, count: features)
                    var counts = RowScorer.Counts()
                    for i in range {
                        let k = leads[i]
                        if k < 0 || Int(ranks[k]) >= limit { continue }
                        writer.bytes.removeAll(keepingCapacity: true)
                        batch.withRecord(i) { record in
                            _ = scorer.score(record, missing: missing, contributions: &contributions, counts: &counts)
                            reasons.removeAll(keepingCapacity: true)
                            scorer.appendReasons(record, contributions: contributions, k: o.reasons, missing: missing, into: &reasons)
                            let states = policy?.states(pass: passes[k], unknown: unknowns[k])
                            // The line number is only formatted when there is no id column to show.
                            var rowNumber = idIndex == nil ? String(record.line) : ""
                            let id = idIndex.map { record[$0] }
                            rowNumber.withUTF8 { row in
                                formatter.append(to: &writer, id: id ?? row, probability: probabilities[k], rank: Int(ranks[k]) + 1,
                                                 tier: tiers.map { Int($0[k]) }, gates: states, reasons: reasons)
                            }
                        }
                        do { try collectors[part].add(rank: Int(ranks[k]), line: writer.bytes[...]) } catch {
                            failed[part] = error
                            return
                        }
                    }
                }
            }
            if let error = failures.compactMap({ $0 }).first { throw error }
        }
        try out.write(formatter.header())
        try RankedLines.drain(collectors, into: out)
        try out.commit(durable: false)
        return summary
    }
}
