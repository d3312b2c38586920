import Foundation

/// Measures a model on labelled history it did not train on.
public enum Evaluator {
    public struct Options: Sendable {
        public var data: String
        public var label: String?
        public var policy: String?
        public var bootstrap = 1000
        public var seed: UInt64 = 42
        public var delimiter: UInt8?
        /// The activity log (needed when the model has `events:` features) and where its set-aside events go.
        public var events: String?
        public var eventsRejects: String?
        /// Leave out rows younger than this many days that have not converted (default: the model's
        /// `maturity_days`), measured to `asOf` (default: the newest time in the file).
        public var maturityDays: Double?
        public var asOf: Double?
        /// `--capacity N[/week]`: leads the first `max_leads` tier has room for, a week (with a time column) or
        /// in the whole file; and the time column (default: the model's).
        public var capacity: (leads: Int, weekly: Bool)?
        public var timeColumn: String?
        /// Progress for a person at a terminal (nil: none).
        public var progress: (@Sendable (String) -> Void)?

        public init(data: String) { self.data = data }
    }

    /// The report, plus the metrics object (for charts).
    public static func run(model: ModelFile, options o: Options) throws -> (EvaluationReport, BinaryMetrics) {
        let reader = try CSVReader(path: o.data, delimiter: o.delimiter)
        let header = reader.header
        guard let labelName = o.label ?? model.spec.label else {
            throw SpecError("name the outcome column with --label")
        }
        guard let labelIndex = header.firstIndex(of: labelName) else {
            throw FileError.header(file: o.data, message: "there is no label column '\(labelName)'; the columns are "
                + header.map { "'\($0)'" }.joined(separator: ", "))
        }
        // Labelled history: each lead's activity counts as of its own time (the model's rule), as in training.
        let eventRejects = EventRejects.at(model.usesEvents ? o.eventsRejects : nil)
        let events = try model.eventValues(leads: o.data, events: o.events, asOf: model.historyAsOf ?? .fixed(o.asOf ?? Date().timeIntervalSince1970),
                                           delimiter: o.delimiter, rejects: eventRejects)
        let scorer = try RowScorer(model: model, header: header, file: o.data, events: events)
        let idField = model.data.idSketch == nil ? nil : model.spec.id.flatMap { header.firstIndex(of: $0) }
        let policy = try o.policy.map { try Policy.load(path: $0, header: header, groups: model.spec.groups?.map(\.name) ?? []) }
        let d = model.data
        var firstRejection: String?
        let pass = try ScoringPass.run(model: model, path: o.data, policy: policy, scorer: scorer, delimiter: o.delimiter,
                                       label: (labelIndex, model.positive), progress: o.progress,
                                       idSample: idField.map { ($0, model.data.idSketch!.threshold) },
                                       subScores: policy?.needsSubScores == true ? SubScores(groups: model.spec.groups, scorer: scorer) : nil) { row in
            if firstRejection == nil { firstRejection = "line \(row.line): \(row.reason)" }
        }
        // The model's own training file? Hashed only when its size could match (or the model predates sizes),
        // on a thread of its own once the pass is done (0.2–0.5 s on one core for 200–370 MB): beside the metrics,
        // which leave a core idle, and the resamples. Beside the pass it took that time from the pass's cores.
        let data = o.data
        let digest = d.bytes == nil || d.bytes == SHA256Digest.size(of: o.data) ? Background { try SHA256Digest.of(file: data) } : nil
        if pass.labels.isEmpty && pass.rejected.isEmpty {
            throw FileError(file: o.data, message: "the file has a header but no rows; evaluate needs labelled history")
        }
        // A model trained on one value against the rest (`other_labels`) reads every other value as not converted.
        if pass.otherLabels.count > 1 && model.data.otherLabels == nil {
            let shown = pass.otherLabels.prefix(10).map { "\"\($0)\"" }.joined(separator: ", ")
            throw FileError(file: o.data, column: labelName, message: "the model takes \"\(model.positive)\" as converted,"
                + " and this file's other values are \(shown)\(pass.otherLabels.count > 10 ? ", …" : ""): more than one"
                + " value for not converted, so its labels are not the model's; write the outcome as the training file"
                + " did (\"\(model.positive)\" and one other value), or choose the outcome column with --label")
        }
        var kept = pass.labels.indices.filter { !pass.labels[$0].isNaN }
        let labelled = kept.count
        var immature: (Int, Double)?
        // Each scored lead's time, when maturity or a weekly capacity needs it.
        let timeColumn = o.timeColumn ?? model.data.timeColumn
        let needsTimes = (o.maturityDays ?? model.spec.maturityDays) != nil || o.capacity?.weekly == true
        let times: [Double]? = try timeColumn.flatMap { t in
            guard needsTimes else { return nil }
            guard header.contains(t) else {
                throw FileError.header(file: o.data, message: "there is no time column '\(t)'; name it with --time-column COL")
            }
            let table = try TableReader.read(path: o.data, columns: [t: .date], missing: model.spec.valueRules,
                                             delimiter: o.delimiter, parts: false)
            return pass.byLead(table[t]!.numbers!.doubles)
        }
        if let days = o.maturityDays ?? model.spec.maturityDays {
            guard let times else {
                throw SpecError("--maturity-days measures each lead's age by the model's time column, and this model has none")
            }
            let (mature, leftOut, cutoff) = Maturity(days: days, reference: o.asOf).filter(kept, labels: pass.labels, times: times)
            kept = mature
            immature = (leftOut, cutoff)
        }
        let p = kept.map { pass.probabilities[$0] }, y = kept.map { pass.labels[$0] }
        let m = BinaryMetrics(scores: p, labels: y)
        if m.count == 0 { throw TrainingError("\(StandardStreams.displayName(o.data)): no labelled row could be scored; check --label and the file") }
        var report = EvaluationReport(
            file: StandardStreams.fileName(o.data), rows: m.count, positives: m.positives, baseRate: m.baseRate,
            trainingBaseRate: Double(d.fittedPositives) / Double(max(1, d.fittedRows)), meanPredicted: m.meanPrediction,
            auc: m.auc(), prAUC: m.averagePrecision(), logLoss: m.logLoss(), brier: m.brier(), ks: m.ks(), ece: m.ece(),
            calibration: m.calibration(), gains: m.gains(), tiers: nil, sql: nil, gates: nil, bootstrap: nil,
            skippedNoLabel: pass.labels.count - labelled, rejected: pass.rejected.count, firstRejection: firstRejection)
        report.notes = reader.footerNote(naming: StandardStreams.displayName(o.data)).map { [$0] }
        // Training rows in another file: at least half of its ids among the fitted rows' (estimated); the same
        // file (below) says so whatever the share.
        if let sketch = d.idSketch, let overlap = sketch.overlap(pass.idSample) {
            report.trainingIDShare = overlap.share
            if overlap.share >= 0.5 { report.trainingData = true }
        }
        if !pass.models.isEmpty {
            var byModel: [Int16: [Int]] = [:]
            for (k, i) in kept.enumerated() { byModel[pass.models[i], default: []].append(k) }
            report.segments = byModel.keys.sorted().map { key in
                let ks = byModel[key]!
                let sm = BinaryMetrics(scores: ks.map { p[$0] }, labels: ks.map { y[$0] })
                return .init(model: key < 0 ? "global" : scorer.segmentNames[Int(key)], rows: sm.count, positives: sm.positives,
                             auc: sm.auc(), logLoss: sm.logLoss(), ece: sm.ece())
            }
        }
        if let (n, cutoff) = immature {
            report.immature = n
            report.maturityCutoff = ISODate.dateTime(cutoff)
        }
        if let events {
            report.events = events.summary(asOf: nil, rejects: o.eventsRejects)
        }
        try eventRejects?.commit()
        if let policy {
            let passes = pass.passes.picking(kept), unknowns = pass.unknowns.picking(kept)
            let groups = policy.usesGroups ? kept.map { pass.groupScores[$0] } : []
            let tiers = TierAssigner.assign(policy, probabilities: p, order: TierAssigner.byProbability(p), passes: passes,
                                            disqualified: kept.map { pass.disqualified[$0] }, groups: groups)
            report.tiers = tierRows(policy, tiers: tiers, labels: y, positives: m.positives)
            if let top = report.tiers?.first {
                report.sql = .init(tier: top.name, precision: top.conversionRate,
                                   recall: m.positives > 0 ? Double(top.conversions) / Double(m.positives) : .nan)
            }
            if let c = o.capacity {
                if c.weekly && times == nil {
                    throw SpecError("--capacity \(c.leads)/week cuts the leads into weeks by a time column: name it with --time-column COL")
                }
                guard let plan = CapacityPlan.replay(policy, capacity: c.leads, probabilities: p, passes: passes,
                                                     disqualified: kept.map { pass.disqualified[$0] }, groups: groups, labels: y,
                                                     times: c.weekly ? kept.map { times![$0] } : nil, seed: o.seed) else {
                    throw SpecError("--capacity plans the first tier that has max_leads, and this policy has none")
                }
                report.capacity = plan
            }
            if let grades = policy.grades, let groups = model.spec.groups, groups.count > 1, !pass.groupScores.isEmpty {
                let by = groups.indices.first { $0 != policy.gradeGroup }!
                report.gradeMatrix = GradeMatrix.of(grades: grades, group: policy.gradeGroup, by: by, names: groups.map(\.name),
                                                    scores: kept.map { pass.groupScores[$0] }, labels: y)
            }
            report.gates = policy.gates.indices.map { g in
                var row = EvaluationReport.GateRow(name: policy.gates[g].name, convertedFailed: 0, convertedUnknown: 0, convertedPassed: 0)
                for i in y.indices where y[i] == 1 {
                    switch Policy.GateState.of(gate: g, pass: passes[i], unknown: unknowns[i]) {
                    case .pass: row.convertedPassed += 1
                    case .unknown: row.convertedUnknown += 1
                    case .fail: row.convertedFailed += 1
                    }
                }
                return row
            }
        }
        if o.bootstrap > 0 { report.bootstrap = Bootstrap.intervals(m, resamples: o.bootstrap, seed: o.seed) }
        if let digest {
            report.sameFileAsTraining = try digest.value() == d.sha256
            if report.sameFileAsTraining { report.trainingData = true }
        }
        return (report, m)
    }

    static func tierRows(_ policy: Policy, tiers: [UInt8], labels: [Double], positives: Int) -> [EvaluationReport.TierRow] {
        var leads = [Int](repeating: 0, count: policy.tierNames.count), conversions = leads
        for (i, t) in tiers.enumerated() {
            leads[Int(t)] += 1
            if labels[i] == 1 { conversions[Int(t)] += 1 }
        }
        return policy.tierNames.indices.map { t in
            .init(name: policy.tierNames[t], leads: leads[t], conversions: conversions[t],
                  conversionRate: leads[t] > 0 ? Double(conversions[t]) / Double(leads[t]) : .nan,
                  shareOfConversions: positives > 0 ? Double(conversions[t]) / Double(positives) : .nan)
        }
    }
}
