import Foundation

/// The text `train` prints and `inspect` shows: what was fitted, how well, and the strongest terms.
public enum TrainingSummary {
    public static func text(_ m: ModelFile, seconds: Double? = nil, path: String? = nil, topTerms: Int = 8) -> String {
        var lines = overview(m)
        lines.append("top terms by |z|" + approximateNote(m) + ":")
        lines.append(contentsOf: coefficientRows(Array(sortedByZ(m).prefix(topTerms)), model: m))
        if let seconds { lines.append("elapsed: \(NumberFormat.fixed(seconds, 2)) s") }
        if let path { lines.append("model written to \(path)") }
        return lines.joined(separator: "\n")
    }

    /// What was fitted and how well, without the terms.
    static func overview(_ m: ModelFile) -> [String] {
        var lines: [String] = []
        let d = m.data
        lines.append("rows: \(d.rows) read, \(d.rows - d.skipped) labelled (\(d.skipped) skipped: no label),"
            + " \(d.positives) converted (\(pct(Double(d.positives) / Double(max(1, d.rows - d.skipped)))))")
        // The rows the deployed model learnt from, and their dates, apart from the whole file's date range.
        var fitted = "fitted on: \(d.fittedRows) rows, \(d.fittedPositives) converted"
            + (m.validation.map { $0.kind.hasSuffix("cv") ? " (all labelled rows)" : " (the rest are the \($0.kind))" } ?? " (all labelled rows)")
        if let t = d.timeColumn, let from = d.fittedFrom, let until = d.fittedUntil {
            fitted += ", \(t) \(ISODate.day(from)) to \(ISODate.day(until))"
        }
        lines.append(fitted)
        if let t = d.timeColumn { lines.append("data: \(t) from \(d.timeFrom ?? "?") to \(d.timeTo ?? "?") (all labelled rows)") }
        lines.append("terms: \(m.encoder.terms.count) from \(m.encoder.features.count) columns;"
            + " λ = \(NumberFormat.shortest(m.l2)); class weight \(m.classWeight)")
        let s = m.solver
        lines.append("solver: \(s.method), \(s.iterations) iterations, \(s.converged ? "converged" : "NOT converged"),"
            + " loss \(NumberFormat.fixed(s.loss, 4))")
        if let v = m.validation {
            let what: String
            switch v.kind {
            case "cv": what = "\(v.folds ?? 0)-fold stratified CV (random folds; mean over folds)"
            case "time-cv": what = "\(v.folds ?? 0)-fold forward-chaining CV by \(d.timeColumn ?? "time") (each fold trained on the"
                + " rows before it; mean over folds)"
            default: what = "\(v.kind) (\(v.rows) rows)"
            }
            lines.append("\(what): AUC \(NumberFormat.fixed(v.auc, 4))"
                + (v.aucSD.map { " ± \(NumberFormat.fixed($0, 4))" } ?? "")
                + ", log loss \(NumberFormat.fixed(v.logLoss, 4)), Brier \(NumberFormat.fixed(v.brier, 4)),"
                + " base rate \(pct(v.baseRate))")
        }
        return lines
    }

    /// Said after a term table's heading when the standard errors are approximate.
    static func approximateNote(_ m: ModelFile) -> String {
        m.statisticsApproximate ? " (standard errors approximate: λ > 0 or weights)" : ""
    }

    /// Terms (intercept excluded) by decreasing |z|, ties by name.
    static func sortedByZ(_ m: ModelFile) -> [Coefficient] {
        m.coefficients.dropFirst().sorted {
            let a = abs($0.z.isNaN ? 0 : $0.z), b = abs($1.z.isNaN ? 0 : $1.z)
            return a > b || (a == b && $0.term < $1.term)
        }
    }

    /// The coefficient table: estimate, standard error, z, p-value, the odds ratio e^β with its 95% interval
    /// (per standard deviation for numeric terms, which are z-scored; 1 against 0 for the others), and for
    /// numeric terms the odds ratio per unit of the column's own value.
    static func coefficientRows(_ cs: [Coefficient], model m: ModelFile) -> [String] {
        let width = max(24, cs.map(\.term.count).max() ?? 0)
        var rows = ["  odds ratio and 95% interval: per standard deviation for numeric terms, 1 against 0 for the others;",
                    "  per unit: per 1 of the column's own value (log1p columns: per doubling of 1 + value)",
                    "  " + "term".padding(toLength: width, withPad: " ", startingAt: 0)
                        + "  estimate  std.err        z   p-value  odds ratio     95% interval  per unit"]
        for c in cs {
            let interval = c.stdError.isFinite
                ? NumberFormat.ratio(exp(c.ciLow)) + "–" + NumberFormat.ratio(exp(c.ciHigh)) : "—"
            rows.append("  " + c.term.padding(toLength: width, withPad: " ", startingAt: 0)
                + right(NumberFormat.fixed(c.estimate, 4), 10) + right(NumberFormat.fixed(c.stdError, 4), 9)
                + right(NumberFormat.fixed(c.z, 2), 9) + right(pValue(c.pValue), 10)
                + right(NumberFormat.ratio(c.oddsRatio), 12) + right(interval, 17) + perUnit(c, m))
        }
        return rows
    }

    /// A numeric term is x = (t(v) − mean)/scale, so one unit of t(v) multiplies the odds by e^(β/scale); with
    /// log1p, doubling 1 + v adds ln 2 to t(v): e^(β·ln 2/scale). Empty for other terms.
    static func perUnit(_ c: Coefficient, _ m: ModelFile) -> String {
        guard let f = m.encoder.features.first(where: { $0.name == c.term && $0.type == .numeric }), f.scale > 0 else { return "" }
        if f.transform == .log1p { return "  " + NumberFormat.ratio(exp(c.estimate * log(2) / f.scale)) + " per doubling" }
        return "  " + NumberFormat.ratio(exp(c.estimate / f.scale)) + " per unit"
    }

    static func pValue(_ p: Double) -> String { p < 0.0001 ? "<0.0001" : NumberFormat.fixed(p, 4) }
    static func pct(_ v: Double) -> String { NumberFormat.fixed(100 * v, 1) + "%" }
    static func right(_ s: String, _ w: Int) -> String { String(repeating: " ", count: max(0, w - s.count)) + s }
}
