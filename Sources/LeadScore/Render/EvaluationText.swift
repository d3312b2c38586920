/// The 80-column text report of `evaluate`, with small unicode bars where a picture helps.
public enum EvaluationText {
    public static func render(_ r: EvaluationReport) -> String {
        var out: [String] = []
        func f(_ v: Double, _ d: Int = 4) -> String { NumberFormat.fixed(v, d) }
        func pct(_ v: Double) -> String { v.isNaN ? "  n/a" : NumberFormat.fixed(100 * v, 1) + "%" }
        func pad(_ s: String, _ w: Int) -> String { s.count >= w ? s : s + String(repeating: " ", count: w - s.count) }
        func lpad(_ s: String, _ w: Int) -> String { s.count >= w ? s : String(repeating: " ", count: w - s.count) + s }

        out.append("\(r.file): \(r.rows) labelled rows, \(r.positives) converted (base rate \(pct(r.baseRate)))")
        out.append("model fitted on rows converting at \(pct(r.trainingBaseRate)); mean predicted here \(pct(r.meanPredicted))")
        if abs(r.baseRate - r.trainingBaseRate) > max(0.02, 0.25 * r.trainingBaseRate) {
            out.append("! the base rate moved from \(pct(r.trainingBaseRate)) to \(pct(r.baseRate)): probabilities are"
                + " miscalibrated here; rank metrics (AUC) still hold")
        }
        if r.skippedNoLabel > 0 || r.rejected > 0 {
            out.append("left out: \(r.skippedNoLabel) without a label, \(r.rejected) not scorable"
                + (r.firstRejection.map { " (first: \($0))" } ?? ""))
        }
        if let n = r.immature, let c = r.maturityCutoff {
            out.append("left out as too young to judge: \(n) not converted and dated after \(c) (maturity_days)")
        }
        if let e = r.events { out.append(e) }
        for n in r.notes ?? [] { out.append("note: " + n) }
        out.append("")
        let b = r.bootstrap
        out.append("metric        value" + (b == nil ? "" : "   95% interval (bootstrap)"))
        func row(_ name: String, _ v: Double, _ i: Interval?) {
            out.append(pad(name, 12) + lpad(f(v), 8) + (i.map { "   \(f($0.low)) – \(f($0.high))" } ?? ""))
        }
        row("AUC", r.auc, b?.auc)
        row("PR AUC", r.prAUC, b?.prAUC)
        row("log loss", r.logLoss, b?.logLoss)
        row("Brier", r.brier, nil)
        row("KS", r.ks, nil)
        row("ECE", r.ece, nil)
        out.append("")
        out.append("calibration by decile of predicted probability")
        out.append("  predicted  observed  leads")
        let top = max(r.calibration.map { max($0.meanPredicted, $0.observedRate) }.max() ?? 1, 1e-9)
        for c in r.calibration {
            out.append("  " + lpad(pct(c.meanPredicted), 9) + lpad(pct(c.observedRate), 10) + lpad(String(c.count), 7)
                + "  " + bar(c.observedRate / top, width: 30))
        }
        out.append("")
        out.append("cumulative gains: share of all conversions in the top leads")
        for g in r.gains {
            out.append("  top " + lpad(String(Int((g.fraction * 100).rounded())) + "%", 4) + lpad(pct(g.gain), 8)
                + "  lift " + f(g.lift, 2) + "  " + bar(g.gain, width: 30))
        }
        if let tiers = r.tiers {
            out.append("")
            out.append("tier           leads  converted    rate  share of conversions")
            for t in tiers {
                out.append("  " + pad(t.name, 12) + lpad(String(t.leads), 7) + lpad(String(t.conversions), 11)
                    + lpad(pct(t.conversionRate), 8) + lpad(pct(t.shareOfConversions), 8) + "  " + bar(t.shareOfConversions, width: 14))
            }
            if let s = r.sql { out.append("\(s.tier): precision \(pct(s.precision)), recall \(pct(s.recall))") }
        }
        if let gates = r.gates {
            out.append("")
            out.append("gate audit: what each gate did to the \(r.positives) leads that converted")
            out.append("  gate            failed  unknown   passed")
            for g in gates {
                out.append("  " + pad(g.name, 14) + lpad(String(g.convertedFailed), 7) + lpad(String(g.convertedUnknown), 9)
                    + lpad(String(g.convertedPassed), 9))
            }
        }
        if let segments = r.segments {
            out.append("")
            out.append("by model          rows  converted     AUC  log loss     ECE")
            for row in segments {
                out.append("  " + pad(row.model, 14) + lpad(String(row.rows), 6) + lpad(String(row.positives), 11) + lpad(f(row.auc), 8)
                    + lpad(f(row.logLoss), 10) + lpad(f(row.ece), 8))
            }
            out.append("  " + pad("whole file", 14) + lpad(String(r.rows), 6) + lpad(String(r.positives), 11) + lpad(f(r.auc), 8)
                + lpad(f(r.logLoss), 10) + lpad(f(r.ece), 8))
        }
        if let g = r.gradeMatrix {
            out.append("")
            out.append("conversion by \(g.group) grade × \(g.by) quartile (converted / leads, rate)")
            out.append("  grade" + (0..<4).map { q in lpad("Q\(q + 1) " + (g.ranges[q].map { "\($0[0])–\($0[1])" } ?? "none"), 20) }.joined())
            for (r, letter) in g.grades.enumerated() {
                out.append("  " + pad(letter, 5) + (0..<4).map { q in
                    let n = g.leads[r][q], c = g.conversions[r][q]
                    return lpad("\(c) / \(n)" + (n > 0 ? " " + pct(Double(c) / Double(n)) : ""), 20)
                }.joined())
            }
        }
        if let c = r.capacity {
            let per = c.per == "week" ? "a week" : "in the batch"
            out.append("")
            out.append("capacity: \(c.tier) with room for \(c.capacity) \(per)" + (c.per == "week" ? ", replayed over \(c.periods) weeks" : ""))
            out.append("  min_score that fills it on average: \(c.minScore) (\(NumberFormat.fixed(c.candidatesPerPeriod, 1)) leads \(per)"
                + " meet its other conditions at that score or above)")
            out.append("  \(c.tier) \(per): \(NumberFormat.fixed(c.leadsPerPeriod, 1)) leads, \(NumberFormat.fixed(c.conversionsPerPeriod, 2))"
                + " conversions" + (c.conversionsInterval.map { " (95% interval \(NumberFormat.fixed($0.low, 2))–\(NumberFormat.fixed($0.high, 2)),"
                + " bootstrap over weeks)" } ?? ""))
            out.append("  precision \(pct(c.precision)), recall \(pct(c.recall)); \(c.conversionsBelowLine) conversions met its other"
                + " conditions but fell below the line")
        }
        return out.joined(separator: "\n")
    }

    /// A horizontal bar of `fraction` (0…1) of `width` cells, in eighths.
    static func bar(_ fraction: Double, width: Int) -> String {
        guard fraction.isFinite, fraction > 0 else { return "" }
        let eighths = Int((min(1, fraction) * Double(width * 8)).rounded())
        let partial = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        return String(repeating: "█", count: eighths / 8) + partial[eighths % 8]
    }
}
