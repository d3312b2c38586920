import Foundation

/// What `train` produced: the model and what the user should be told.
public struct TrainingOutcome: Sendable {
    public var model: ModelFile
    public var decisions: [ColumnDecision]
    public var notes: [String]
}

/// Reads the training file, decides the features, fits the encoder and the penalised logistic regression,
/// validates, and assembles the model file. The flow is one way: file → table → features → encoder →
/// design → solver → model.
public enum Trainer {
    public static func train(path: String, options: TrainingOptions,
                             progress: @escaping (String) -> Void = { _ in }) throws -> TrainingOutcome {
        try options.validate()
        let timeColumn = options.effectiveTimeColumn
        let header = try CSVReader(path: path, delimiter: options.delimiter).header
        let plan = try ColumnPlan(header: header, spec: options.spec, timeColumn: timeColumn, file: path)
        progress("reading \(StandardStreams.displayName(path))")
        var table = try TableReader.read(path: path, columns: plan.requests, missing: options.spec.valueRules,
                                         delimiter: options.delimiter, hash: true, idColumn: options.spec.id)
        if table.rowCount == 0 {
            throw TrainingError("\(StandardStreams.displayName(path)): the file has a header but no rows; training needs labelled history")
        }
        var notes = table.notes
        progress("read \(table.rowCount) rows")

        // Features: declared, or inferred with a note for every column left out.
        var decisions: [ColumnDecision] = []
        var features: [FeatureDeclaration]
        if let declared = plan.declared {
            features = declared
        } else {
            decisions = SchemaInference.decisions(table, plan: plan)
            for d in decisions where d.type == nil { notes.append("column '\(d.name)' left out: \(d.reason)") }
            features = decisions.compactMap { d in d.type.map { FeatureDeclaration(name: d.name, type: $0) } }
            // Numbers written with a decimal comma read as text without `--decimal-comma`: on a small file they
            // would become a categorical whose every level folds away, silently (`infer` proposes the mark).
            let categorical = Set(decisions.filter { $0.type == .categorical }.map(\.name))
            let commas = SchemaInference.decimalCommaColumns(table, spec: options.spec).filter(categorical.contains)
            if let first = commas.first, case .text(_, let levels) = table[first]?.values {
                let example = levels.first { $0.contains(",") } ?? ""
                throw TrainingError("\(StandardStreams.displayName(path)): " + (commas.count == 1 ? "column '\(first)' reads" : "columns "
                    + commas.map { "'\($0)'" }.joined(separator: ", ") + " read") + " as numbers only with a decimal comma"
                    + " (\"\(example)\"); train with --decimal-comma (spec: decimal: \",\"), or declare "
                    + (commas.count == 1 ? "its type" : "their types") + " in a spec (leadscore infer writes one)"
                    + (levels.allSatisfy { !$0.contains(",") || SchemaInference.isGrouped($0) }
                        ? "; if the commas are thousands separators, export the column without them" : ""))
            }
        }
        if features.isEmpty && options.spec.events == nil { throw TrainingError("\(StandardStreams.displayName(path)): no usable feature columns; name some with --features") }

        // Activity from an event log: one numeric column per feature, joined on the id as of each lead's time.
        var spec = options.spec
        if let events = spec.events {
            let (values, note) = try eventColumns(path: path, events: events, options: options, timeColumn: timeColumn, rows: table.rowCount)
            table = table.adding(values.names.indices.map { (values.names[$0], values.column($0)) })
            features += values.names.map { FeatureDeclaration(name: $0, type: .numeric) }
            spec.events!.types = values.types
            spec.events!.file = StandardStreams.fileName(options.events ?? events.file ?? "")
            notes.append(note)
        }

        // Labels and guardrails.
        let label = try LabelResolver.resolve(table[plan.label]!, positive: options.spec.positive, file: path)
        let (labels, positive) = (label.labels, label.positive)
        notes += label.notes
        // The labelled rows, in room reserved once (a filter grew its array by doubling: 8 MB a million rows copied
        // and faulted in afresh at each step).
        var used: [Int] = []
        used.reserveCapacity(labels.count)
        for i in labels.indices where !labels[i].isNaN { used.append(i) }
        if let allowed = options.rows.map(Set.init) { used = used.filter { allowed.contains($0) } }
        if let days = spec.maturityDays {
            guard let t = timeColumn, let times = table[t]?.numbers?.doubles else {
                throw SpecError("maturity_days measures each lead's age by its time column: name it with --time-column or `time_column:`")
            }
            let (kept, leftOut, cutoff) = Maturity(days: days, reference: options.asOf).filter(used, labels: labels, times: times)
            used = kept
            notes.append(Maturity.note(leftOut: leftOut, days: days, cutoff: cutoff))
        }
        let positives = used.reduce(0) { $0 + (labels[$1] == 1 ? 1 : 0) }
        let negatives = used.count - positives
        if positives < options.minClassRows || negatives < options.minClassRows {
            throw TrainingError("\(StandardStreams.displayName(path)): \(positives) converted and \(negatives) non-converted rows; training needs at"
                + " least \(options.minClassRows) of each (change with --min-class-rows, or add history)")
        }
        let times = timeColumn.flatMap { table[$0]?.numbers?.doubles }
        if let times, let bad = used.first(where: { times[$0].isNaN }) {
            throw TrainingError("\(StandardStreams.displayName(path)): column '\(timeColumn!)': row \(bad + 1) has no date; every labelled row needs"
                + " one to be ordered in time")
        }

        if let groups = spec.groups { try FeatureGroup.check(groups, features: features.map(\.name)) }
        if options.spec.foldsCase { table = table.caseFolded(features.filter { $0.type == .categorical }.map(\.name)) }
        var fittedRows = used
        let split = options.holdout.map { fraction in
            times.map { DataSplit.timeHoldout(used, times: $0, fraction: fraction) }
                ?? DataSplit.stratifiedHoldout(used, labels: labels, fraction: fraction, seed: options.seed)
        }
        if let split { fittedRows = split.train }
        // The fitted rows' id sketch before the fit, so that the ids' hashes (8 bytes a row) are not held through it.
        let idSketch = table.idHashes.map { hashes in IDSketch(hashes: fittedRows.lazy.map { hashes[$0] }.filter { $0 != 0 }) }
        table.idHashes = nil
        // The features' distributions over the fitted rows (for drift checks) before the fit, not after it: the fit's
        // linear predictor (8 bytes a row, kept for the score distribution) is not yet held beside their scratch. On
        // 1M leads of 24 flags, 16 counts and 8 categoricals the peak fell from 155,700–155,800 to 152,400–153,400 kB
        // (with the counts in 16 bits since, `NumberColumn.compact`, that file's peak is the read's: 144,500 kB).
        let distributions = Distributions.of(features.map { table[$0.name]! }, rows: fittedRows)
        let context = FitContext(table: table, features: features, labels: labels, options: options, progress: progress)
        var validation: ValidationMetrics?
        var holdoutFit: Fit?
        if let split {
            // The saved model is fitted on the rows not held out, so one fit serves both.
            progress("fitting on \(split.train.count) rows to validate on \(split.test.count)")
            let f = try context.fit(rows: split.train, keepingEta: true)
            validation = try context.holdoutMetrics(f, test: split.test, kind: times == nil ? "holdout" : "time-holdout")
            holdoutFit = f
        } else if let k = options.cv {
            validation = try context.crossValidate(used, folds: k, times: times, segmentBy: spec.segmentBy)
        }
        var fit: Fit
        if let f = holdoutFit {
            fit = f
            holdoutFit = nil
        } else {
            progress("fitting on \(fittedRows.count) rows")
            fit = try context.fit(rows: fittedRows, keepingEta: true)
        }
        if !fit.report.converged {
            notes.append("the solver stopped after \(fit.report.iterations) iterations without meeting its tolerance"
                + " (largest gradient \(fit.report.gradientMax)); a larger --l2 usually helps")
        }
        let terms = ["(intercept)"] + fit.encoder.terms
        let coefficients = CoefficientStatistics.table(terms: terms, beta: fit.beta, hessian: fit.hessian)
        // Segment models on the same rows, and the holdout measured on the model as scored: by segment.
        var segments: SegmentModels?, segmentFits: [String: Fit] = [:]
        if let column = spec.segmentBy {
            (segments, segmentFits) = try context.segments(by: column, global: fit, rows: fittedRows)
            if options.holdout != nil, !segmentFits.isEmpty {
                let test = Set(used).subtracting(fittedRows).sorted()
                let p = try context.predict(fit, segments: segmentFits, by: column, rows: test)
                let m = BinaryMetrics(scores: p, labels: test.map { labels[$0] })
                validation = ValidationMetrics(kind: validation?.kind ?? "holdout", rows: m.count,
                                               positives: m.positives, baseRate: m.baseRate, auc: m.auc(), logLoss: m.logLoss(),
                                               brier: m.brier(), folds: nil, aucSD: nil)
            }
            if segmentFits.isEmpty {
                notes.append("no level of '\(column)' has \(options.minSegmentRows) rows and \(options.minSegmentPositives) conversions;"
                    + " every lead uses the global model (lower them with --min-segment-rows, --min-segment-positives)")
            }
        }
        // Without segment models, the solver's last pass gave every fitted row's linear predictor already: its
        // buffer becomes the scores (no pass, and no second 8 MB a million rows).
        var fittedScores: [Double]
        if segmentFits.isEmpty && fit.eta.count == fittedRows.count {
            fittedScores = fit.eta
            fit.eta = []
            fittedScores.withUnsafeMutableBufferPointer { scores in
                let scores = scores
                Cores.perform(stretchesOf: scores.count) { stretch in for i in stretch { scores[i] = Logistic.sigmoid(scores[i]) } }
            }
        } else {
            fittedScores = try context.predict(fit, segments: segmentFits, by: spec.segmentBy ?? "", rows: fittedRows)
        }
        let fittedPositives = fittedRows.reduce(0) { $0 + (labels[$1] == 1 ? 1 : 0) }

        var data = TrainingData(file: StandardStreams.fileName(path), sha256: "", rows: table.rowCount,
                                skipped: labels.reduce(0) { $0 + ($1.isNaN ? 1 : 0) }, fittedRows: fittedRows.count,
                                fittedPositives: fittedPositives, positives: positives)
        data.bytes = SHA256Digest.size(of: path)
        data.idSketch = idSketch
        if !label.others.isEmpty { data.otherLabels = label.others }
        if let times, let t = timeColumn {
            let usedTimes = used.map { times[$0] }
            data.timeColumn = t
            data.timeFrom = usedTimes.min().map(ISODate.day)
            data.timeTo = usedTimes.max().map(ISODate.day)
            let fittedTimes = fittedRows.map { times[$0] }.filter { !$0.isNaN }
            data.fittedFrom = fittedTimes.min()
            data.fittedUntil = fittedTimes.max()
        }
        spec.timeColumn = timeColumn
        spec.features = features
        spec.minLevelCount = options.effectiveMinLevelCount
        let scoreDeciles = Distributions.deciles(fittedScores)  // probabilities: never NaN
        // The file's digest last: its thread has had the whole run to finish (`TableReader.inParts`).
        data.sha256 = try table.sha256()
        let model = ModelFile(
            toolVersion: LeadScoreVersion.current, createdAt: ISODate.dateTime(Date().timeIntervalSince1970),
            data: data, spec: spec, positive: positive, encoder: fit.encoder,
            distributions: distributions,
            scoreDeciles: scoreDeciles, scoreBins: Bins.of(present: fittedScores, deciles: scoreDeciles), coefficients: coefficients,
            statisticsApproximate: options.l2 > 0 || options.classWeight != .none, l2: options.l2,
            classWeight: options.classWeight.rawValue, classWeights: fit.classWeights, interceptShift: fit.interceptShift,
            solver: fit.report, validation: validation, segments: segments)
        return TrainingOutcome(model: model, decisions: decisions, notes: notes)
    }

    /// The activity features of the training file's leads, and the summary's note. Events set aside go to
    /// `options.eventsRejects` (committed only when the model is).
    static func eventColumns(path: String, events: EventsSpec, options: TrainingOptions, timeColumn: String?,
                             rows: Int) throws -> (EventValues, String) {
        guard let log = options.events ?? events.file else {
            throw SpecError("name the activity log with --events FILE or `events: {file: …}` in the spec")
        }
        guard let rule = options.spec.historyAsOf(timeColumn: timeColumn) else {
            throw SpecError("training on an activity log needs each lead's as-of time, so that activity after it (a leak) is"
                + " left out: set `as_of: COLUMN` in the spec, or --snapshot-days N with a time column")
        }
        let index = try LeadIndex.read(path: path, idColumn: options.spec.id!, asOf: rule, rules: options.spec.valueRules,
                                       delimiter: options.delimiter)
        guard index.rowLeads.count == rows else {
            throw FileError(file: path, message: "the file changed while it was being read; run again when it is complete")
        }
        let rejects = EventRejects.at(options.eventsRejects)
        let values = try EventLog.aggregate(path: log, spec: events, leads: index, rules: options.spec.valueRules,
                                            rejects: rejects)
        try rejects?.commit()
        return (values, values.summary(asOf: rule.text, rejects: options.eventsRejects))
    }
}
