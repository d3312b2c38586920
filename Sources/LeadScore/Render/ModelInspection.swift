import Foundation

/// What `inspect` shows: metadata plus the coefficient table sorted by |z| (intercept first), as text or JSON.
public enum ModelInspection {
    /// The text report for the model read from `path`.
    public static func text(_ m: ModelFile, path: String) -> String {
        let all = [m.coefficients[0]] + TrainingSummary.sortedByZ(m)
        return (["model: \(path) (format \(m.formatVersion), leadscore \(m.toolVersion), created \(m.createdAt))",
                 "data: \(m.data.file), sha256 \(m.data.sha256.prefix(16))…; label '\(m.spec.label ?? "?")' = \"\(m.positive)\""]
            + TrainingSummary.overview(m)
            + ["coefficients by |z|" + TrainingSummary.approximateNote(m) + ":"]
            + TrainingSummary.coefficientRows(all, model: m) + segments(m)).joined(separator: "\n")
    }

    /// Each segment model's estimates beside the global ones, in term order, and the pooled levels.
    static func segments(_ m: ModelFile) -> [String] {
        guard let seg = m.segments else { return [] }
        var out = ["", "segment models by \(seg.by) (λ \(NumberFormat.shortest(seg.l2)) towards the global coefficients; a level needs"
            + " \(seg.minRows) rows and \(seg.minPositives) conversions):"]
        let names = seg.models.indices.map(seg.name)
        let width = max(24, (m.coefficients.map(\.term.count).max() ?? 0) + 2)
        func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s + " " : s + String(repeating: " ", count: n - s.count) }
        func lpad(_ s: String, _ n: Int) -> String { s.count >= n ? " " + s : String(repeating: " ", count: n - s.count) + s }
        let col = max(10, (names.map(\.count).max() ?? 0) + 2)
        out.append("  " + pad("term", width) + lpad("global", col) + names.map { lpad($0, col) }.joined())
        out.append("  " + pad("rows", width) + lpad(String(m.data.fittedRows), col) + seg.models.map { lpad(String($0.rows), col) }.joined())
        for (k, c) in m.coefficients.enumerated() {
            out.append("  " + pad(c.term, width) + lpad(NumberFormat.fixed(c.estimate, 4), col)
                + seg.models.map { lpad(NumberFormat.fixed($0.coefficients[k].estimate, 4), col) }.joined())
        }
        for p in seg.pooled { out.append("  \(seg.by)=\(p.level): \(p.rows) rows, \(p.positives) conversions: scored by the global model") }
        return out
    }

    struct Output: Encodable {
        var format_version: Int
        var tool_version: String
        var created_at: String
        var data: TrainingData
        var label: String?
        var positive: String
        var l2: Double
        var class_weight: String
        var statistics_approximate: Bool
        var solver: SolverReport
        var validation: ValidationMetrics?
        var coefficients: [Coefficient]
        var segments: SegmentModels?
    }

    public static func json(_ m: ModelFile) throws -> Data {
        let out = Output(format_version: m.formatVersion, tool_version: m.toolVersion, created_at: m.createdAt,
                         data: m.data, label: m.spec.label, positive: m.positive, l2: m.l2, class_weight: m.classWeight,
                         statistics_approximate: m.statisticsApproximate, solver: m.solver, validation: m.validation,
                         coefficients: [m.coefficients[0]] + TrainingSummary.sortedByZ(m), segments: m.segments)
        return try JSONOutput.encoder().encode(out)
    }
}
