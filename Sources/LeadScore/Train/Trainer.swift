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
        progress("reading \(path)")
        var table = try TableReader.read(path: path, columns: plan.requests, missing: options.spec.valueRules,
                                         delimiter: options.delimiter, hash: true, idColumn: options.spec.id)
        var notes = table.notes
        progress("read \(table.rowCount) rows")

        // Features: declared, or inferred with a note for every column left out.
        var decisions: [ColumnDecision] = []
        let features: [FeatureDeclaration]
        if let declared = plan.declared {
            features = declared
        } else {
            decisions = SchemaInference.decisions(table, plan: plan)
            for d in decisions where d.type == nil { notes.append("column '\(d.name)' left out: \(d.reason)") }
            features = decisions.compactMap { d in d.type.map { FeatureDeclaration(name: d.name, type: $0) } }
        }
        if features.isEmpty { throw TrainingError("\(path): no usable feature columns; name some with --features") }

        // Labels and guardrails.
        let (labels, positive) = try LabelResolver.resolve(table[plan.label]!, positive: options.spec.positive, file: path)
        var used = labels.indices.filter { !labels[$0].isNaN }
        if let allowed = options.rows.map(Set.init) { used = used.filter { allowed.contains($0) } }
        let positives = used.reduce(0) { $0 + (labels[$1] == 1 ? 1 : 0) }
        let negatives = used.count - positives
        if positives < options.minClassRows || negatives < options.minClassRows {
            throw TrainingError("\(path): \(positives) converted and \(negatives) non-converted rows; training needs at"
                + " least \(options.minClassRows) of each (change with --min-class-rows, or add history)")
        }
        let times = timeColumn.flatMap { table[$0]?.numbers }
        if let times, let bad = used.first(where: { times[$0].isNaN }) {
            throw TrainingError("\(path): column '\(timeColumn!)': row \(bad + 1) has no date; every labelled row needs"
                + " one to be ordered in time")
        }

        if options.spec.foldsCase { table = table.caseFolded(features.filter { $0.type == .categorical }.map(\.name)) }
        let context = FitContext(table: table, features: features, labels: labels, options: options, progress: progress)
        var validation: ValidationMetrics?
        var fittedRows = used
        var holdoutFit: Fit?
        if let fraction = options.holdout {
            let split = times.map { DataSplit.timeHoldout(used, times: $0, fraction: fraction) }
                ?? DataSplit.stratifiedHoldout(used, labels: labels, fraction: fraction, seed: options.seed)
            fittedRows = split.train
            // The saved model is fitted on the rows not held out, so one fit serves both.
            progress("fitting on \(split.train.count) rows to validate on \(split.test.count)")
            let f = try context.fit(rows: split.train)
            validation = try context.holdoutMetrics(f, test: split.test, kind: times == nil ? "holdout" : "time-holdout")
            holdoutFit = f
        } else if let k = options.cv {
            validation = try context.crossValidate(used, folds: k, times: times)
        }
        let fit: Fit
        if let holdoutFit {
            fit = holdoutFit
        } else {
            progress("fitting on \(fittedRows.count) rows")
            fit = try context.fit(rows: fittedRows)
        }
        if !fit.report.converged {
            notes.append("the solver stopped after \(fit.report.iterations) iterations without meeting its tolerance"
                + " (largest gradient \(fit.report.gradientMax)); a larger --l2 usually helps")
        }
        let terms = ["(intercept)"] + fit.encoder.terms
        let coefficients = CoefficientStatistics.table(terms: terms, beta: fit.beta, hessian: fit.hessian)
        let fittedScores = try context.predict(fit, rows: fittedRows)
        let fittedPositives = fittedRows.reduce(0) { $0 + (labels[$1] == 1 ? 1 : 0) }

        var data = TrainingData(file: StandardStreams.fileName(path), sha256: table.sha256, rows: table.rowCount,
                                skipped: labels.reduce(0) { $0 + ($1.isNaN ? 1 : 0) }, fittedRows: fittedRows.count,
                                fittedPositives: fittedPositives, positives: positives)
        data.bytes = SHA256Digest.size(of: path)
        if let hashes = table.idHashes { data.idSketch = IDSketch(hashes: fittedRows.map { hashes[$0] }.filter { $0 != 0 }) }
        if let times, let t = timeColumn {
            let usedTimes = used.map { times[$0] }
            data.timeColumn = t
            data.timeFrom = usedTimes.min().map(ISODate.day)
            data.timeTo = usedTimes.max().map(ISODate.day)
            let fittedTimes = fittedRows.map { times[$0] }.filter { !$0.isNaN }
            data.fittedFrom = fittedTimes.min()
            data.fittedUntil = fittedTimes.max()
        }
        var spec = options.spec
        spec.timeColumn = timeColumn
        spec.features = features
        spec.minLevelCount = options.effectiveMinLevelCount
        let scoreDeciles = Distributions.deciles(fittedScores)  // probabilities: never NaN
        let model = ModelFile(
            toolVersion: LeadScoreVersion.current, createdAt: ISO8601DateFormatter().string(from: Date()),
            data: data, spec: spec, positive: positive, encoder: fit.encoder,
            distributions: Distributions.of(features.map { table[$0.name]! }, rows: fittedRows),
            scoreDeciles: scoreDeciles, scoreBins: Bins.of(present: fittedScores, deciles: scoreDeciles), coefficients: coefficients,
            statisticsApproximate: options.l2 > 0 || options.classWeight != .none, l2: options.l2,
            classWeight: options.classWeight.rawValue, classWeights: fit.classWeights, interceptShift: fit.interceptShift,
            solver: fit.report, validation: validation)
        return TrainingOutcome(model: model, decisions: decisions, notes: notes)
    }
}
