import Foundation

/// One fit on a subset of rows: encoder fitted on those rows, then the solver.
struct Fit {
    var encoder: FeatureEncoder
    var beta: [Double]
    var hessian: [Double]
    var report: SolverReport
    var classWeights: [Double]
    var interceptShift: Double
    /// The fitted rows' linear predictor by the saved coefficients, when asked for and the solver kept it
    /// (Newton, no class weights); empty otherwise.
    var eta: [Double] = []
}

/// The shared inputs of every fit in one training run (final model, holdout, CV folds).
struct FitContext {
    let table: Table
    let features: [FeatureDeclaration]
    let labels: [Double]
    let options: TrainingOptions
    let progress: (String) -> Void

    /// - Parameter keepingEta: hand back the rows' linear predictor too (`Fit.eta`), for the model's score
    ///   distribution; a cross-validation fold has no use for it.
    func fit(rows: [Int], keepingEta: Bool = false) throws -> Fit {
        let encoder = try FeatureEncoder.fit(table: table, features: features, rows: rows,
                                             minLevelCount: options.effectiveMinLevelCount, maxLevels: options.effectiveMaxLevels,
                                             dropReference: options.l2 == 0)
        let design = try DesignMatrix(encoder: encoder, table: table, rows: rows)
        let y = labels(of: rows)
        let nPos = y.reduce(0, +), n = Double(y.count), nNeg = n - nPos
        var classWeights = [1.0, 1.0]
        if options.classWeight == .balanced { classWeights = [n / (2 * nNeg), n / (2 * nPos)] }
        let w = LogisticObjective.RowWeights.byLabel(negative: classWeights[0], positive: classWeights[1])
        var objective = LogisticObjective(design: design, labels: y, weights: w, lambda: options.l2)
        var start = [Double](repeating: 0, count: design.width)
        // Σ yᵢwᵢ / Σ wᵢ, added in row order.
        var weighted = 0.0, total = 0.0
        for v in y { let wt = classWeights[Int(v)]; weighted += v * wt; total += wt }
        let weightedRate = weighted / total
        start[0] = log(weightedRate / (1 - weightedRate))
        var beta: [Double], hessian: [Double], report: SolverReport, eta: [Double] = []
        if design.width - 1 <= options.newtonLimit {
            start = try warmStart(encoder: encoder, rows: rows, labels: y, weights: w, rate: nPos / n, from: start)
            // The last evaluation's η gives the fitted rows' scores (`Trainer`) without a pass of their own.
            if keepingEta && options.classWeight != .balanced { objective.lastEta = .init(rows: rows.count) }
            let r = try NewtonSolver.minimize(objective, start: start) { i, loss in
                progress("Newton iteration \(i): loss \(loss)")
            }
            (beta, hessian, report, eta) = (r.beta, r.hessian, r.report, r.eta)
        } else {
            let r = LBFGSSolver.minimize(objective, start: start) { i, loss in
                if i % 10 == 0 { progress("L-BFGS iteration \(i): loss \(loss)") }
            }
            (beta, report) = (r.beta, r.report)
            hessian = objective.evaluate(beta, hessian: true).hessian
        }
        if options.l2 == 0 { try checkSeparation(beta: beta, encoder: encoder) }
        var shift = 0.0
        if options.classWeight == .balanced {
            shift = log(nPos / nNeg)
            beta[0] += shift
        }
        return Fit(encoder: encoder, beta: beta, hessian: hessian, report: report, classWeights: classWeights,
                   interceptShift: shift, eta: eta)
    }

    /// The labels of `rows`, in that order: `labels` itself (shared, not copied: 8 MB a million rows) when the
    /// rows are every row in order, as in a fit on a whole file.
    private func labels(of rows: [Int]) -> [Double] {
        let all = rows.count == labels.count && rows.first == 0 && rows.withUnsafeBufferPointer { NumberColumn.consecutive($0) }
        return all ? labels : rows.map { labels[$0] }
    }

    /// A segment's model (`train --segment-by`): the shared `encoder`, the segment's `rows`, and the penalty
    /// (λ/2)·‖β − β̄‖² pulling every coefficient but the intercept towards `prior` β̄ (the global model's), so
    /// that a small segment stays near the global model and a large one moves as far as its data warrant.
    /// Newton starts from the prior.
    func fitSegment(rows: [Int], encoder: FeatureEncoder, prior: [Double], lambda: Double) throws -> Fit {
        let design = try DesignMatrix(encoder: encoder, table: table, rows: rows)
        let y = labels(of: rows)
        let nPos = y.reduce(0, +), n = Double(y.count), nNeg = n - nPos
        var classWeights = [1.0, 1.0]
        if options.classWeight == .balanced { classWeights = [n / (2 * nNeg), n / (2 * nPos)] }
        var objective = LogisticObjective(design: design, labels: y,
                                          weights: .byLabel(negative: classWeights[0], positive: classWeights[1]), lambda: lambda)
        objective.prior = prior
        var start = prior
        // The global intercept carries its own class-weight shift; the segment starts from its own base rate.
        start[0] = log(nPos / nNeg)
        let r = try NewtonSolver.minimize(objective, start: start) { i, loss in progress("segment: Newton iteration \(i): loss \(loss)") }
        var beta = r.beta, shift = 0.0
        if options.classWeight == .balanced { shift = log(nPos / nNeg); beta[0] += shift }
        return Fit(encoder: encoder, beta: beta, hessian: r.hessian, report: r.report, classWeights: classWeights, interceptShift: shift)
    }

    /// For a large fit (`options.warmStart`: 200,000 rows or more), the optimum of an evenly spaced sample
    /// of about 50,000 rows (penalty scaled by the sample's share, so it aims at the same optimum), to within
    /// about the square of `NewtonSolver.nearEnough` (its last step taken without a pass of its own): full
    /// Newton iterations from there are typically 3 instead of 6, each a pass over every row. The answer is
    /// the full data's optimum either way (the stopping rule is on the full gradient, and a polishing step
    /// follows); `start` when the sample's fit fails.
    private func warmStart(encoder: FeatureEncoder, rows: [Int], labels y: [Double], weights w: LogisticObjective.RowWeights, rate: Double,
                           from start: [Double]) throws -> [Double] {
        // Without a penalty a sample can separate where the full data does not: no warm start then.
        guard rows.count >= options.warmStart.rows, options.l2 > 0 else { return start }
        let step = max(1, rows.count / max(1, options.warmStart.sample))
        let picks = Array(stride(from: 0, to: rows.count, by: step))
        guard Self.sampleEstimatesEveryTerm(encoder, sampleRows: picks.count, rate: rate,
                                            minorityRows: options.warmStart.minorityRows) else { return start }
        // The sample's columns are picked once: each of its Newton passes then reads them as stretches.
        let sample = table.picking(picks.map { rows[$0] }, columns: encoder.features.map(\.name))
        let design = try DesignMatrix(encoder: encoder, table: sample, rows: Array(0..<picks.count))
        let share = Double(picks.count) / Double(rows.count)
        let objective = LogisticObjective(design: design, labels: picks.map { y[$0] }, weights: w,
                                          lambda: options.l2 * share)
        guard let r = try? NewtonSolver.minimize(objective, start: start, polish: false, near: NewtonSolver.nearEnough),
              r.beta.allSatisfy(\.isFinite) else { return start }
        return r.beta
    }

    /// Whether a sample of `sampleRows` rows estimates every term well enough for its optimum to be a better
    /// start than the intercept alone: each categorical level, boolean and missing indicator expected in at least
    /// `minorityRows` rows of the rarer outcome (`rate`: the positives' share of the rows, class weights aside:
    /// weighting the rows does not add to what the sample sees). A coefficient's error goes with
    /// 1/√(those rows); a sample that sees a level in a handful of conversions puts it far off, and Newton then
    /// needs as many full passes as from the intercept, after the sample's own iterations. Measured on 1M rows
    /// (levels file, 8.7% converting, 50,000-row sample): 0.9 such rows (`--min-level-count 200`, 880 terms)
    /// 3.58 s warm against 2.54 s cold; 4.4 rows 2.44 against 1.80 s; 8.7 and 21.7 rows even; 65 rows 1.42
    /// against 1.58 s; the sample shape (42 rows) 1.75 against 2.11 s, the numeric shape (814) 3.81 against 4.33 s.
    /// A numeric column's own term is left out: every row informs it.
    static func sampleEstimatesEveryTerm(_ encoder: FeatureEncoder, sampleRows: Int, rate: Double, minorityRows: Double) -> Bool {
        let perRow = Double(sampleRows) * min(rate, 1 - rate)
        var j = 0
        for f in encoder.features {
            for k in f.terms.indices {
                defer { j += 1 }
                if f.type == .numeric && k == 0 { continue }
                let share = encoder.termMeans[j]
                if min(share, 1 - share) * perRow < minorityRows { return false }
            }
        }
        return true
    }

    /// Without a penalty, separation drives coefficients without bound; stop with a message instead.
    private func checkSeparation(beta: [Double], encoder: FeatureEncoder) throws {
        let terms = ["(intercept)"] + encoder.terms
        if let j = beta.indices.max(by: { abs(beta[$0]) < abs(beta[$1]) }), abs(beta[j]) > 25 {
            throw TrainingError("the outcome is (almost) perfectly separated: the coefficient of '\(terms[j])' runs to"
                + " \(NumberFormat.fixed(beta[j], 1)) without a penalty; train with --l2 1 (the default) or leave that column out")
        }
    }

    func predict(_ fit: Fit, rows: [Int]) throws -> [Double] {
        let design = try DesignMatrix(encoder: fit.encoder, table: table, rows: rows)
        return design.probabilities(beta: fit.beta)
    }

    /// Metrics on the held-out rows of the model fitted on the others (the model that is saved).
    func holdoutMetrics(_ f: Fit, test: [Int], kind: String) throws -> ValidationMetrics {
        let m = BinaryMetrics(scores: try predict(f, rows: test), labels: test.map { labels[$0] })
        return ValidationMetrics(kind: kind, rows: m.count, positives: m.positives, baseRate: m.baseRate, auc: m.auc(),
                                 logLoss: m.logLoss(), brier: m.brier(), folds: nil, aucSD: nil)
    }

    /// K-fold cross-validation, metrics the means over folds (as scikit-learn's `cross_val_score`): with
    /// `times`, forward-chaining folds (train on the past, validate on the next block); else stratified folds.
    /// - Parameter segmentBy: with segment models, each fold fits them too (on its training rows, as `train`
    ///   does on all of them) and scores each held-out lead by its segment's model: the procedure measured is
    ///   the one whose model is saved.
    func crossValidate(_ rows: [Int], folds k: Int, times: [Double]?, segmentBy: String? = nil) throws -> ValidationMetrics {
        let folds: [(train: [Int], test: [Int])]
        if let times {
            folds = DataSplit.forwardChainingFolds(rows, times: times, k: k)
        } else {
            folds = DataSplit.stratifiedFolds(rows, labels: labels, k: k, seed: options.seed).map { test in
                let testSet = Set(test)
                return (rows.filter { !testSet.contains($0) }, test)
            }
        }
        var aucs: [Double] = [], losses: [Double] = [], briers: [Double] = []
        for (i, (train, test)) in folds.enumerated() {
            progress("cross-validation fold \(i + 1) of \(k)")
            let f = try fit(rows: train)
            let scores: [Double]
            if let column = segmentBy {
                let (_, fits) = try segments(by: column, global: f, rows: train)
                scores = try predict(f, segments: fits, by: column, rows: test)
            } else {
                scores = try predict(f, rows: test)
            }
            let m = BinaryMetrics(scores: scores, labels: test.map { labels[$0] })
            aucs.append(m.auc()); losses.append(m.logLoss()); briers.append(m.brier())
        }
        let mean = { (v: [Double]) in v.reduce(0, +) / Double(v.count) }
        let aucMean = mean(aucs)
        let sd = (aucs.map { ($0 - aucMean) * ($0 - aucMean) }.reduce(0, +) / Double(k)).squareRoot()
        let positives = rows.reduce(0) { $0 + (labels[$1] == 1 ? 1 : 0) }
        return ValidationMetrics(kind: times == nil ? "cv" : "time-cv", rows: rows.count, positives: positives,
                                 baseRate: Double(positives) / Double(rows.count), auc: aucMean, logLoss: mean(losses),
                                 brier: mean(briers), folds: k, aucSD: sd)
    }
}
