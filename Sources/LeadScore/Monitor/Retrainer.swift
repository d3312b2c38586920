import Foundation

/// Monthly retraining that cannot make things worse: a challenger is trained, compared with the current
/// model (the champion) on recent rows that neither was fitted on, and promoted only when it is at least
/// as good.
///
/// Evaluation rows: with a time column, the newest `holdout` fraction of rows, cut back to those after the
/// champion's training window when it reaches into it (unless fewer than 50 rows, or fewer than 5 of either
/// class, would remain: then the newest fraction stands and the report says it favours the champion).
/// Without a time column, a stratified random `holdout` fraction (seeded). The challenger is fitted on the
/// other rows, so neither model was fitted on the rows that judge them.
///
/// Promotion: no champion, or challenger AUC ≥ champion AUC − `tolerance` and challenger log loss ≤
/// champion log loss × (1 + `logLossMargin`). A promoted challenger is then refitted on all labelled rows
/// (the newest data is what next month's leads resemble most); a refused one is kept, as evaluated, for audit.
public enum Retrainer {
    public struct Options: Sendable {
        public var data: String
        public var registry: String
        public var training: TrainingOptions
        public var holdout = 0.2
        public var tolerance = 0.01
        public var logLossMargin = 0.05

        public init(data: String, registry: String, training: TrainingOptions) {
            self.data = data
            self.registry = registry
            self.training = training
        }

        /// Checks the numbers before any work; `--holdout` by the same rule as `train`'s.
        public func validate() throws {
            var t = training
            t.holdout = holdout
            t.cv = nil
            try t.validate()
            if !(tolerance >= 0) || !(logLossMargin >= 0) { throw SpecError("--tolerance and --log-loss-margin must be 0 or more") }
        }
    }

    public struct Outcome: Codable, Sendable {
        public var promoted: Bool
        var reason: String
        public var champion: Registry.Entry.Metrics?
        public var challenger: Registry.Entry.Metrics
        public var model: String
        var evaluationRows: String
        /// Said on standard error on every run, also with `--json` (where they are not part of the object).
        public var notes: [String] = []

        enum CodingKeys: String, CodingKey {
            case promoted, reason, champion, challenger, model
            case evaluationRows = "evaluation_rows"
        }

        /// Every key present: `champion` is `null` when there was none.
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(promoted, forKey: .promoted)
            try c.encode(reason, forKey: .reason)
            try c.encode(champion, forKey: .champion)
            try c.encode(challenger, forKey: .challenger)
            try c.encode(model, forKey: .model)
            try c.encode(evaluationRows, forKey: .evaluationRows)
        }
    }

    public static func run(_ o: Options, progress: @escaping (String) -> Void = { _ in }) throws -> Outcome {
        try o.validate()
        let registry = try Registry.open(o.registry)
        let lock = try registry.lock()
        defer { withExtendedLifetime(lock) {} }
        let champion = try registry.current()
        var training = o.training
        training.holdout = nil
        training.cv = nil
        if training.spec.positive == nil { training.spec.positive = champion?.model.positive }
        // The champion's activity log settings, maturity rule, segments and groups carry over unless the spec says
        // otherwise.
        if let c = champion?.model.spec {
            if training.spec.events == nil { training.spec.events = c.events }
            if training.spec.asOf == nil { training.spec.asOf = c.asOf }
            if training.spec.snapshotDays == nil { training.spec.snapshotDays = c.snapshotDays }
            if training.spec.maturityDays == nil { training.spec.maturityDays = c.maturityDays }
            if training.spec.segmentBy == nil { training.spec.segmentBy = c.segmentBy }
            if training.spec.groups == nil { training.spec.groups = c.groups }
        }
        try training.validate()

        // Labels and times, to choose the evaluation rows.
        guard let label = training.spec.label ?? champion?.model.spec.label else {
            throw SpecError("name the outcome column with --label COL or `label:` in the spec")
        }
        training.spec.label = label
        let timeColumn = training.timeColumn ?? training.spec.timeColumn
        var requests: [String: ColumnRequest] = [label: .text]
        if let t = timeColumn { requests[t] = .date }
        let table = try TableReader.read(path: o.data, columns: requests, missing: training.spec.valueRules,
                                         delimiter: training.delimiter, hash: true)
        let labels = try LabelResolver.resolve(table[label]!, positive: training.spec.positive, file: o.data).labels
        var used = labels.indices.filter { !labels[$0].isNaN }
        var evaluation: [Int] = []
        var how = ""
        var notes: [String] = []
        if let days = training.spec.maturityDays {
            guard let t = timeColumn, let times = table[t]?.numbers?.doubles else {
                throw SpecError("maturity_days measures each lead's age by its time column: name it with --time-column or `time_column:`")
            }
            let (kept, leftOut, cutoff) = Maturity(days: days, reference: training.asOf).filter(used, labels: labels, times: times)
            used = kept
            notes.append(Maturity.note(leftOut: leftOut, days: days, cutoff: cutoff))
        }
        if let t = timeColumn, let times = table[t]?.numbers?.doubles {
            evaluation = DataSplit.timeHoldout(used.filter { !times[$0].isNaN }, times: times, fraction: o.holdout).test
            how = "the newest \(NumberFormat.shortest(o.holdout * 100))% of rows by \(t)"
            if let until = champion?.model.data.fittedUntil, evaluation.contains(where: { times[$0] <= until }) {
                let newer = evaluation.filter { times[$0] > until }
                let pos = newer.filter { labels[$0] == 1 }.count
                if newer.count >= 50 && pos >= 5 && newer.count - pos >= 5 {
                    evaluation = newer
                    how = "the newest rows, those after the champion's training window (\(ISODate.day(until)))"
                } else {
                    how += " (too few rows are newer than the champion's window, so it was fitted on some of these:"
                        + " the comparison favours it)"
                }
            }
        } else {
            evaluation = DataSplit.stratifiedHoldout(used, labels: labels, fraction: o.holdout, seed: training.seed).test
            how = "a stratified random \(NumberFormat.shortest(o.holdout * 100))% of rows (seed \(training.seed))"
            notes.append("no time column: the evaluation rows are a random sample, so the comparison does not show how"
                + " either model does on newer leads; name one with --time-column or `time_column:` in the spec")
        }
        let held = Set(evaluation)
        training.rows = used.filter { !held.contains($0) }
        progress("training the challenger on \(training.rows!.count) rows")
        let challengerModel = try Trainer.train(path: o.data, options: training, progress: progress).model

        let y = evaluation.map { labels[$0] }
        let pChallenger = try probabilities(challengerModel, path: o.data, rows: evaluation, delimiter: training.delimiter,
                                            events: training.events ?? training.spec.events?.file)
        var pChampion: [Double]?
        if let champion {
            pChampion = try probabilities(champion.model, path: o.data, rows: evaluation, delimiter: training.delimiter,
                                          events: training.events ?? training.spec.events?.file)
        }
        // Only rows both models could score are compared.
        let keep = y.indices.filter { !pChallenger[$0].isNaN && !(pChampion?[$0].isNaN ?? false) }
        let challengerMetrics = metrics(keep.map { pChallenger[$0] }, keep.map { y[$0] })
        let championMetrics = pChampion.map { p in metrics(keep.map { p[$0] }, keep.map { y[$0] }) }

        var promoted = true
        var reason = "no current model: the first challenger is promoted"
        if let c = championMetrics {
            let aucOK = challengerMetrics.auc >= c.auc - o.tolerance
            let lossOK = challengerMetrics.logLoss <= c.logLoss * (1 + o.logLossMargin)
            promoted = aucOK && lossOK
            let compare = "AUC \(NumberFormat.fixed(challengerMetrics.auc, 4)) vs \(NumberFormat.fixed(c.auc, 4)),"
                + " log loss \(NumberFormat.fixed(challengerMetrics.logLoss, 4)) vs \(NumberFormat.fixed(c.logLoss, 4))"
            if promoted { reason = "promoted: \(compare) (within tolerance \(NumberFormat.shortest(o.tolerance)))" }
            else if !aucOK { reason = "refused: challenger AUC is more than \(NumberFormat.shortest(o.tolerance)) below the champion's (\(compare))" }
            else { reason = "refused: challenger log loss is more than \(NumberFormat.shortest(o.logLossMargin * 100))% above the champion's (\(compare))" }
        }

        var saved = challengerModel
        if promoted {
            progress("refitting the promoted model on all \(used.count) labelled rows")
            training.rows = used
            saved = try Trainer.train(path: o.data, options: training, progress: progress).model
        }
        let name = registry.newName()
        try saved.write(to: registry.modelPath(name))
        if promoted { try registry.setCurrent(name) }
        try registry.append(Registry.Entry(
            time: ISODate.dateTime(Date().timeIntervalSince1970), action: "retrain", dataSHA256: try table.sha256(), rows: used.count,
            champion: championMetrics, challenger: challengerMetrics, promoted: promoted, reason: reason, model: name,
            previous: champion?.name))
        return Outcome(promoted: promoted, reason: reason, champion: championMetrics, challenger: challengerMetrics,
                       model: registry.modelPath(name), evaluationRows: "\(keep.count) rows: \(how)", notes: notes)
    }

    /// P(converted) of `rows` (0-based data rows) by `model`; NaN for a row it cannot score. Activity from
    /// `events` (the run's log, else the model's) counts as of each lead's own time, by the model's rule.
    static func probabilities(_ model: ModelFile, path: String, rows: [Int], delimiter: UInt8?, events: String? = nil) throws -> [Double] {
        let header = try CSVReader(path: path, delimiter: delimiter).header
        let activity = try model.historyAsOf.flatMap { rule in
            try model.eventValues(leads: path, events: events ?? model.spec.events?.file, asOf: rule, delimiter: delimiter)
        }
        let scorer = try RowScorer(model: model, header: header, file: path, events: activity)
        let pass = try ScoringPass.run(model: model, path: path, policy: nil, scorer: scorer, delimiter: delimiter) { _ in }
        let byRow = pass.byRow(pass.probabilities, none: .nan)
        return rows.map { $0 < byRow.count ? byRow[$0] : .nan }
    }

    static func metrics(_ p: [Double], _ y: [Double]) -> Registry.Entry.Metrics {
        let m = BinaryMetrics(scores: p, labels: y)
        return .init(auc: m.auc(), logLoss: m.count > 0 ? m.logLoss() : .nan, brier: m.count > 0 ? m.brier() : .nan,
                     rows: m.count, positives: m.positives)
    }

    /// Makes the model that was current before the current one was promoted current again, and logs it.
    public static func rollback(registry path: String) throws -> (from: String, to: String) {
        let registry = try Registry.open(path)
        let lock = try registry.lock()
        defer { withExtendedLifetime(lock) {} }
        guard let current = try registry.current() else {
            throw FileError(file: path, message: "has no current model to roll back from")
        }
        // Undo the decision that made the current model current (a retrain's promotion or a promote by hand):
        // the model current before it. Rollbacks are not decisions, so two rollbacks do not flip back and forth.
        let decided = try registry.history().last { ($0.action == "retrain" || $0.action == "promote") && $0.promoted && $0.model == current.name }
        guard let target = decided?.previous else {
            throw FileError(file: path, message: "has no model promoted before \(current.name) to roll back to")
        }
        _ = try ModelFile.load(path: registry.modelPath(target))
        try registry.setCurrent(target)
        try registry.append(Registry.Entry(time: ISODate.dateTime(Date().timeIntervalSince1970), action: "rollback",
                                           dataSHA256: nil, rows: nil, champion: nil, challenger: nil, promoted: true,
                                           reason: "rolled back from \(current.name)", model: target, previous: current.name))
        return (current.name, target)
    }
}
