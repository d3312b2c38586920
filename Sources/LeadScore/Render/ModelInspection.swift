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
            + TrainingSummary.coefficientRows(all, model: m)).joined(separator: "\n")
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
    }

    public static func json(_ m: ModelFile) throws -> Data {
        let out = Output(format_version: m.formatVersion, tool_version: m.toolVersion, created_at: m.createdAt,
                         data: m.data, label: m.spec.label, positive: m.positive, l2: m.l2, class_weight: m.classWeight,
                         statistics_approximate: m.statisticsApproximate, solver: m.solver, validation: m.validation,
                         coefficients: [m.coefficients[0]] + TrainingSummary.sortedByZ(m))
        return try JSONOutput.encoder().encode(out)
    }
}
