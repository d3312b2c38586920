import Foundation

/// Batch scoring in two streaming passes over the leads file.
///
/// Pass 1 scores every row and evaluates the gates, keeping per lead only its probability, a gate bit
/// mask and the disqualify flag (13 bytes); bad rows go straight to the rejects file. Tiers and ranks are
/// then assigned. Pass 2 reads the file again, recomputes each lead's output line (gates, reasons) and
/// hands it to `RankedLines`, which writes the lines in rank order. Memory grows by about 20 bytes per lead;
/// the input is never held.
public enum ScoreRun {
    public static func run(model: ModelFile, options o: ScoreOptions) throws -> ScoreSummary {
        let first = try CSVReader(path: o.leads, delimiter: o.delimiter)
        let header = first.header
        let scorer = try RowScorer(model: model, header: header, file: o.leads)
        let policy = try o.policy.map { try Policy.load(path: $0, header: header) }
        if let policy, policy.gates.count > 31 { throw SpecError("a policy may have at most 31 gates") }
        let missing = model.spec.missingTokens
        let idIndex = model.spec.id.flatMap { header.firstIndex(of: $0) }
        var summary = ScoreSummary()
        var rejects: OutputFile?
        var rejectWriter = CSVWriter()

        // Pass 1.
        var probabilities: [Double] = [], passes: [UInt32] = [], disqualified: [Bool] = []
        var contributions = [Double](repeating: 0, count: scorer.featureNames.count)
        try first.forEachRecord { record in
            var counts = RowScorer.Counts()
            if let problem = problem(record, width: header.count, scorer: scorer, missing: missing,
                                     contributions: &contributions, counts: &counts, probability: &probabilities) {
                if rejects == nil {
                    rejects = try OutputFile(path: o.rejectsPath)
                    rejectWriter.row(["line", "id", "reason"] + header)
                }
                let id = idIndex.flatMap { $0 < record.count ? record.string($0) : nil } ?? ""
                rejectWriter.row([String(record.line), id, problem] + record.allStrings())
                if rejectWriter.bytes.count > 1 << 16 { try rejects!.write(rejectWriter.bytes); rejectWriter.bytes = [] }
                summary.rejected += 1
                return
            }
            summary.unseen += counts.unseen
            summary.imputed += counts.imputed
            if let policy {
                passes.append(policy.passMask(record, missing: missing))
                disqualified.append(policy.disqualify?.evaluate(record, missing: missing) ?? false)
            }
        }
        summary.scored = probabilities.count
        if let rejects {
            try rejects.write(rejectWriter.bytes)
            try rejects.commit()
            summary.rejectsPath = o.rejectsPath
        }

        let tiers = policy.map { TierAssigner.assign($0, probabilities: probabilities, passes: passes, disqualified: disqualified) }
        passes = []; disqualified = []
        let ranks = TierAssigner.ranks(probabilities: probabilities, tiers: tiers)
        if let policy, let tiers {
            var counts = [Int](repeating: 0, count: policy.tierNames.count)
            for t in tiers { counts[Int(t)] += 1 }
            summary.tiers = zip(policy.tierNames, counts).map { ($0, $1) }
        }

        // Pass 2.
        let limit = min(o.top ?? Int.max, probabilities.count)
        let lines = try RankedLines(outputPath: o.out, total: limit)
        let formatter = ScoreLine(format: o.format, idName: idIndex.map { header[$0] } ?? "row",
                                  gates: policy?.gates.map(\.name), tierNames: policy?.tierNames)
        var i = 0
        var ignored: [Double] = []
        var writer = CSVWriter()
        try CSVReader(path: o.leads, delimiter: o.delimiter).forEachRecord { record in
            var counts = RowScorer.Counts()
            if problem(record, width: header.count, scorer: scorer, missing: missing, contributions: &contributions,
                       counts: &counts, probability: &ignored) != nil { return }
            defer { i += 1; ignored.removeAll(keepingCapacity: true) }
            let rank = Int(ranks[i])
            if rank >= limit { return }
            let id = idIndex.map { String(decoding: record[$0], as: UTF8.self) } ?? String(record.line)
            writer.bytes.removeAll(keepingCapacity: true)
            formatter.append(to: &writer, id: id, probability: probabilities[i], rank: rank + 1,
                             tier: tiers.map { Int($0[i]) }, gates: policy?.gateStates(record, missing: missing),
                             reasons: scorer.reasons(record, contributions: contributions, k: o.reasons, missing: missing))
            try lines.add(rank: rank, line: writer.bytes)
        }
        let out = try OutputFile(path: o.out)
        try out.write(formatter.header())
        try lines.drain(into: out)
        try out.commit()
        summary.written = limit
        return summary
    }

    /// Scores one record into `probability` (appended); the reason it cannot be scored otherwise.
    private static func problem(_ record: borrowing CSVRecord, width: Int, scorer: RowScorer, missing: MissingTokens,
                                contributions: inout [Double], counts: inout RowScorer.Counts,
                                probability: inout [Double]) -> String? {
        if record.count != width { return "the row has \(record.count) fields but the header has \(width)" }
        let (eta, problem) = scorer.score(record, missing: missing, contributions: &contributions, counts: &counts)
        if let problem { return problem }
        probability.append(1 / (1 + exp(-eta)))
        return nil
    }
}
