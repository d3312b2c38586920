import Foundation

/// Segment models for `train --segment-by COL`: see `SegmentModels` and `FitContext.fitSegment`.
extension FitContext {
    /// The models of the levels of `column` among `rows` that have at least the options' rows and
    /// conversions (and a non-converted row), each pulled towards `global`; the other levels are pooled.
    func segments(by column: String, global: Fit, rows: [Int]) throws -> (SegmentModels, [String: Fit]) {
        guard let col = table[column] else { throw SpecError("there is no segment column '\(column)'") }
        var members: [String: [Int]] = [:]
        // Levels as scoring looks them up: lower-cased with `normalize: {case: lower}`.
        let fold = options.spec.foldsCase
        for r in rows { if let level = col.text(at: r) { members[fold ? CaseFold.string(level) : level, default: []].append(r) } }
        let lambda = options.segmentL2 ?? options.l2
        var models: [SegmentModel] = [], pooled: [PooledLevel] = [], fits: [String: Fit] = [:]
        let terms = ["(intercept)"] + global.encoder.terms
        for level in members.keys.sorted() {
            let r = members[level]!
            let positives = r.reduce(0) { $0 + (labels[$1] == 1 ? 1 : 0) }
            guard r.count >= options.minSegmentRows, positives >= options.minSegmentPositives, positives < r.count else {
                pooled.append(PooledLevel(level: level, rows: r.count, positives: positives))
                continue
            }
            progress("fitting the segment \(column)=\(level) on \(r.count) rows")
            let f = try fitSegment(rows: r, encoder: global.encoder, prior: global.beta, lambda: lambda)
            fits[level] = f
            models.append(SegmentModel(level: level, rows: r.count, positives: positives,
                                       coefficients: CoefficientStatistics.table(terms: terms, beta: f.beta, hessian: f.hessian),
                                       solver: f.report))
        }
        return (SegmentModels(by: column, l2: lambda, minRows: options.minSegmentRows, minPositives: options.minSegmentPositives,
                              models: models, pooled: pooled), fits)
    }

    /// P(converted) of `rows`, each by its segment's model when it has one, else by `global`.
    func predict(_ global: Fit, segments: [String: Fit], by column: String, rows: [Int]) throws -> [Double] {
        guard !segments.isEmpty, let col = table[column] else { return try predict(global, rows: rows) }
        var groups: [String: [Int]] = [:]
        let fold = options.spec.foldsCase
        for (k, r) in rows.enumerated() {
            let level = col.text(at: r).map { fold ? CaseFold.string($0) : $0 }.flatMap { segments[$0] == nil ? nil : $0 } ?? ""
            groups[level, default: []].append(k)
        }
        var p = [Double](repeating: .nan, count: rows.count)
        for (level, ks) in groups {
            let part = try predict(segments[level] ?? global, rows: ks.map { rows[$0] })
            for (k, v) in zip(ks, part) { p[k] = v }
        }
        return p
    }
}
