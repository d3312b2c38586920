import Foundation

/// `leadscore report`: one self-contained HTML page (inline CSS and SVG, no script, no network) holding what
/// leadscore knows about a model and a batch, for a sales manager to open, print or attach to an email.
///
/// Sections, each when its inputs are given: the model card; accuracy on labelled data (`--data`), with
/// the ROC, calibration and gains charts `evaluate --plots` draws; tiers and the gate audit (`--data` with
/// `--policy`); what drives the score (always); this batch (`--leads`); drift against training (`--leads`);
/// the registry's history (`--registry`). Every number shown for accuracy carries its full value in a
/// `data-value` attribute, which the browser test compares with `evaluate --json`.
public enum HTMLReport {
    public struct Options: Sendable {
        public var model: String
        public var data: String?
        public var leads: String?
        public var policy: String?
        public var registry: String?
        public var out: String
        public var delimiter: UInt8?
        public var bootstrap = 1000
        /// The activity log of the labelled and the new leads (one log may hold both), and the new leads' as-of
        /// time (nil: now); needed when the model has activity features.
        public var events: String?
        public var asOf: Double?

        public init(model: String, out: String) {
            self.model = model
            self.out = out
        }
    }

    /// The page for `o`, computing each section's numbers with the commands' own code.
    public static func page(model m: ModelFile, options o: Options) throws -> String {
        let date = ISODate.day(Date().timeIntervalSince1970)
        let modelName = (o.model as NSString).lastPathComponent
        var sections: [String] = [modelCard(m, name: modelName)]
        if let data = o.data {
            var e = Evaluator.Options(data: data)
            e.policy = o.policy
            e.delimiter = o.delimiter
            e.bootstrap = o.bootstrap
            e.events = o.events
            let (report, metrics) = try Evaluator.run(model: m, options: e)
            let context = "\(modelName) on \(shortName(data)), \(date)"
            sections.append(accuracy(report, metrics: metrics, context: context))
            if report.tiers != nil { sections.append(tiers(report, context: context)) }
        }
        sections.append(drivers(m, context: "\(modelName), trained \(m.createdAt.prefix(10))"))
        // One as-of time for the batch's score, histogram and drift.
        let asOf = o.asOf ?? Date().timeIntervalSince1970
        if let leads = o.leads {
            let context = "\(modelName) on \(shortName(leads)), \(date)"
            sections.append(try batch(m, leads: leads, options: o, asOf: asOf, context: context))
            sections.append(drift(try Drift.run(model: m, leads: leads, delimiter: o.delimiter, events: o.events, asOf: asOf),
                                  context: context))
        }
        if let registry = o.registry { sections.append(history(try Registry.existing(registry).listing())) }
        return document(title: "leadscore report: \(modelName)", date: date, sections: sections)
    }

    /// A file as a page names it: its last component, or `standard input`.
    static func shortName(_ path: String) -> String {
        StandardStreams.isStandardInput(path) ? StandardStreams.displayName(path) : (path as NSString).lastPathComponent
    }

    static func escape(_ t: String) -> String {
        t.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// An SVG document's markup without its XML declaration, for inlining.
    static func inline(_ svg: String) -> String {
        svg.hasPrefix("<?xml") ? String(svg.drop { $0 != "\n" }.dropFirst()) : svg
    }

    static func f(_ v: Double, _ digits: Int = 4) -> String { v.isFinite ? NumberFormat.fixed(v, digits) : "–" }

    /// A metric cell: shown rounded, its full value in `data-value`.
    static func metric(_ key: String, _ v: Double, _ digits: Int = 4) -> String {
        "<td data-metric=\"\(key)\" data-value=\"\(v.isFinite ? "\(v)" : "nan")\">\(f(v, digits))</td>"
    }

    static func document(title: String, date: String, sections: [String]) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title))</title>
        <style>
        body { font-family: Helvetica, Arial, sans-serif; color: #1a1a1a; margin: 0 auto; padding: 16px 24px; max-width: 1040px; line-height: 1.4; }
        h1 { font-size: 1.6em; margin-bottom: 0; } h2 { border-bottom: 2px solid #1f77b4; padding-bottom: 4px; margin-top: 2em; }
        .meta { color: #555; margin-top: 4px; }
        table { border-collapse: collapse; margin: 8px 0 16px; font-size: 0.92em; max-width: 100%; }
        th, td { border-bottom: 1px solid #ddd; padding: 4px 10px; text-align: left; vertical-align: top; }
        th { background: #f2f5f9; } td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
        .charts { display: flex; flex-wrap: wrap; gap: 12px; } .charts svg { max-width: 100%; height: auto; border: 1px solid #eee; }
        section > svg { max-width: 100%; height: auto; }
        .wide { overflow-x: auto; max-width: 100%; }
        .note { color: #555; font-size: 0.9em; }
        @media print { body { max-width: none; padding: 0; } section { break-inside: avoid-page; } h2 { break-after: avoid; } .charts svg { border: none; } }
        </style>
        </head>
        <body>
        <header><h1>\(escape(title))</h1><p class="meta">Written by leadscore \(LeadScoreVersion.current) on \(date).</p></header>
        \(sections.joined(separator: "\n"))
        </body>
        </html>

        """
    }

    static func modelCard(_ m: ModelFile, name: String) -> String {
        let d = m.data
        var rows: [(String, String)] = [
            ("model", "\(name) (leadscore \(m.toolVersion), created \(m.createdAt))"),
            ("training data", "\(d.file), SHA-256 \(d.sha256)"),
            ("rows", "\(d.rows) labelled, \(d.positives) converted; fitted on \(d.fittedRows) (\(d.fittedPositives) converted)"),
        ]
        if let t = d.timeColumn {
            rows.append(("time window", "\(t): \(d.timeFrom ?? "?") to \(d.timeTo ?? "?")"
                + (d.fittedFrom.map { " (fitted from \(ISODate.day($0))" } ?? "") + (d.fittedUntil.map { " to \(ISODate.day($0)))" } ?? "")))
        }
        rows.append(("penalty", "L2, λ = \(NumberFormat.shortest(m.l2)); class weight \(m.classWeight)"))
        rows.append(("solver", "\(m.solver.method), \(m.solver.iterations) iterations, converged: \(m.solver.converged ? "yes" : "no")"))
        rows.append(("terms", "\(m.coefficients.count - 1) from \(m.encoder.features.count) columns"))
        if let v = m.validation {
            rows.append(("validation", "\(v.kind) on \(v.rows) rows: AUC \(f(v.auc)), log loss \(f(v.logLoss)), Brier \(f(v.brier))"))
        }
        let dated: String = d.timeColumn == nil ? "" : " dated"
        let solver: String = m.solver.converged ? "converged" : "did not converge"
        let classes: String = "\(min(d.fittedPositives, d.fittedRows - d.fittedPositives))"
        rows.append(("guardrails", "passed: each class has at least the --min-class-rows (the smaller has " + classes
            + "), every labelled row" + dated + "; solver " + solver))
        let body = rows.map { "<tr><th scope=\"row\">\(escape($0.0))</th><td>\(escape($0.1))</td></tr>" }.joined(separator: "\n")
        return "<section id=\"model\"><h2>Model card</h2>\n<table>\n\(body)\n</table></section>"
    }

    static func accuracy(_ r: EvaluationReport, metrics m: BinaryMetrics, context: String) -> String {
        let b = r.bootstrap
        func interval(_ i: Interval?) -> String { i.map { "\(f($0.low)) – \(f($0.high))" } ?? "" }
        var s = "<section id=\"accuracy\"><h2>Accuracy on labelled data</h2>\n"
        s += "<p class=\"meta\">\(escape(r.file)): \(r.rows) rows, \(r.positives) converted (base rate \(f(100 * r.baseRate, 1))%).</p>\n"
        if r.trainingData {
            s += "<p class=\"note\"><strong>These are training rows:</strong> the model has seen them, so the numbers are optimistic.</p>\n"
        }
        s += "<table><thead><tr><th scope=\"col\">metric</th><th scope=\"col\" class=\"num\">value</th><th scope=\"col\">95% bootstrap interval</th></tr></thead><tbody>\n"
        s += "<tr><th scope=\"row\">AUC</th>\(metric("auc", r.auc))<td>\(interval(b?.auc))</td></tr>\n"
        s += "<tr><th scope=\"row\">PR AUC</th>\(metric("pr_auc", r.prAUC))<td>\(interval(b?.prAUC))</td></tr>\n"
        s += "<tr><th scope=\"row\">log loss</th>\(metric("log_loss", r.logLoss))<td>\(interval(b?.logLoss))</td></tr>\n"
        s += "<tr><th scope=\"row\">Brier</th>\(metric("brier", r.brier))<td></td></tr>\n"
        s += "<tr><th scope=\"row\">ECE</th>\(metric("ece", r.ece))<td></td></tr>\n"
        s += "<tr><th scope=\"row\">KS</th>\(metric("ks", r.ks))<td></td></tr>\n"
        s += "</tbody></table>\n<div class=\"charts\">\n"
        s += inline(EvaluationCharts.roc(m, auc: r.auc, subtitle: context))
            + inline(EvaluationCharts.calibration(r.calibration, ece: r.ece, subtitle: context))
            + inline(EvaluationCharts.gains(r.gains, auc: r.auc, subtitle: context))
        s += "</div></section>"
        return s
    }

    static func tiers(_ r: EvaluationReport, context: String) -> String {
        var s = "<section id=\"tiers\"><h2>Conversion by tier and the gate audit</h2>\n"
        s += "<table><thead><tr><th scope=\"col\">tier</th><th scope=\"col\" class=\"num\">leads</th><th scope=\"col\" class=\"num\">converted</th>"
            + "<th scope=\"col\" class=\"num\">conversion</th><th scope=\"col\" class=\"num\">share of conversions</th></tr></thead><tbody>\n"
        for t in r.tiers ?? [] {
            s += "<tr><th scope=\"row\">\(escape(t.name))</th><td class=\"num\">\(t.leads)</td><td class=\"num\">\(t.conversions)</td>"
                + "<td class=\"num\">\(f(100 * t.conversionRate, 1))%</td><td class=\"num\">\(f(100 * t.shareOfConversions, 1))%</td></tr>\n"
        }
        s += "</tbody></table>\n"
        s += inline(ReportCharts.bars(title: "Conversion rate by tier", subtitle: context,
                                      rows: (r.tiers ?? []).map { ($0.name, $0.conversionRate, f(100 * $0.conversionRate, 1) + "%") }))
        if let gates = r.gates {
            s += "<table><thead><tr><th scope=\"col\">gate</th><th scope=\"col\" class=\"num\">converted leads that failed it</th>"
                + "<th scope=\"col\" class=\"num\">unknown</th><th scope=\"col\" class=\"num\">passed</th></tr></thead><tbody>\n"
            for g in gates {
                s += "<tr><th scope=\"row\">\(escape(g.name))</th><td class=\"num\">\(g.convertedFailed)</td>"
                    + "<td class=\"num\">\(g.convertedUnknown)</td><td class=\"num\">\(g.convertedPassed)</td></tr>\n"
            }
            s += "</tbody></table>\n"
            s += inline(ReportCharts.bars(title: "Converted leads each gate would have turned away", subtitle: context,
                                          rows: gates.map { ($0.name, Double($0.convertedFailed), "\($0.convertedFailed) failed") }, color: "#d62728"))
        }
        return s + "</section>"
    }

    static func drivers(_ m: ModelFile, context: String) -> String {
        let sorted = TrainingSummary.sortedByZ(m)
        var s = "<section id=\"drivers\"><h2>What drives the score</h2>\n"
        s += "<p class=\"note\">Sorted by |z|. The odds ratio is per standard deviation for numeric columns (they are z-scored) and"
            + " against 0 for the others; “per unit” is per 1 of the column's own value, or per doubling of 1 + value for log1p columns."
            + (m.statisticsApproximate ? " With a penalty the standard errors are approximate." : "") + "</p>\n<div class=\"wide\"><table><thead><tr>"
        for h in ["term", "estimate", "std. error", "z", "p-value", "odds ratio", "95% interval", "per unit"] {
            s += "<th scope=\"col\"\(h == "term" ? "" : " class=\"num\"")>\(h)</th>"
        }
        s += "</tr></thead><tbody>\n"
        for c in sorted {
            s += "<tr><th scope=\"row\">\(escape(c.term))</th><td class=\"num\">\(f(c.estimate))</td><td class=\"num\">\(f(c.stdError))</td>"
                + "<td class=\"num\">\(f(c.z, 2))</td><td class=\"num\">\(TrainingSummary.pValue(c.pValue))</td>"
                + "<td class=\"num\">\(NumberFormat.ratio(c.oddsRatio))</td>"
                + "<td class=\"num\">\(NumberFormat.ratio(exp(c.ciLow)))–\(NumberFormat.ratio(exp(c.ciHigh)))</td>"
                + "<td class=\"num\">\(escape(TrainingSummary.perUnit(c, m).trimmingCharacters(in: .whitespaces)))</td></tr>\n"
        }
        s += "</tbody></table></div>\n"
        s += inline(ReportCharts.forest(title: "Odds ratios with 95% intervals (log scale)", subtitle: context,
                                        rows: sorted.map { ($0.term, exp($0.ciLow), $0.oddsRatio, exp($0.ciHigh)) }))
        return s + "</section>"
    }

    static func batch(_ m: ModelFile, leads: String, options o: Options, asOf: Double, context: String) throws -> String {
        let folder = TemporaryFile.scratchFolder(for: o.out)
        // Named as outputs in flight are, so that a later run sweeps them away should this one be killed.
        let name = (o.out as NSString).lastPathComponent
        let top = folder + "/.\(name)-top.leadscore-\(getpid()).tmp", rejects = folder + "/.\(name)-rejects.leadscore-\(getpid()).tmp"
        let eventRejects = folder + "/.\(name)-events-rejects.leadscore-\(getpid()).tmp"
        defer { unlink(top); unlink(rejects); unlink(eventRejects) }
        var so = ScoreOptions(leads: leads, out: top)
        so.policy = o.policy
        so.rejects = rejects
        so.events = o.events
        so.eventsRejects = eventRejects
        so.asOf = asOf
        so.top = 25
        so.delimiter = o.delimiter
        let summary = try ScoreRun.run(model: m, options: so)
        let reader = try CSVReader(path: top)
        var rows: [[String]] = []
        try reader.forEachRecord { rows.append($0.allStrings()) }
        let activity = try m.eventValues(leads: leads, events: o.events, asOf: .fixed(asOf), delimiter: o.delimiter)
        let scorer = try RowScorer(model: m, header: try CSVReader(path: leads, delimiter: o.delimiter).header, file: leads,
                                   events: activity)
        let pass = try ScoringPass.run(model: m, path: leads, policy: nil, scorer: scorer, delimiter: o.delimiter) { _ in }
        var s = "<section id=\"batch\"><h2>This batch</h2>\n"
        s += "<p class=\"meta\">\(escape(shortName(leads))): \(summary.scored) leads scored, \(summary.rejected) set aside"
            + " (rows that could not be scored" + (summary.repeated > 0 ? ", and \(summary.repeated) repeating an earlier row's id" : "")
            + "), \(summary.unseen) unseen categories.</p>\n"
        if !summary.tiers.isEmpty {
            s += "<table><thead><tr><th scope=\"col\">tier</th><th scope=\"col\" class=\"num\">leads</th></tr></thead><tbody>\n"
            for t in summary.tiers { s += "<tr><th scope=\"row\">\(escape(t.name))</th><td class=\"num\">\(t.count)</td></tr>\n" }
            s += "</tbody></table>\n"
        }
        let header = reader.header
        let shown = header.filter { ["probability", "reasons", "tier_reason"].contains($0) == false && !$0.hasPrefix("gate_") }
            + ["reasons"]
        s += "<h3>The first 25 to call</h3>\n<div class=\"wide\"><table><thead><tr>"
            + shown.map { "<th scope=\"col\">\(escape($0))</th>" }.joined() + "</tr></thead><tbody>\n"
        for r in rows {
            s += "<tr>" + shown.map { c in "<td>\(escape(header.firstIndex(of: c).map { r[$0] } ?? ""))</td>" }.joined() + "</tr>\n"
        }
        s += "</tbody></table></div>\n"
        s += inline(ReportCharts.histogram(title: "Scores of this batch", subtitle: context,
                                           scores: pass.probabilities.map(TierAssigner.score)))
        return s + "</section>"
    }

    static func drift(_ r: Drift.Report, context: String) -> String {
        var s = "<section id=\"drift\"><h2>Drift against training</h2>\n"
        s += "<p class=\"note\">Population stability index of each column in this batch against the rows the model was fitted on:"
            + " below 0.1 stable, 0.1–0.25 watch, above 0.25 a shift worth a retrain. Score PSI \(f(r.scorePSI)) (\(r.scoreStatus)).</p>\n"
        s += inline(ReportCharts.bars(title: "PSI by column", subtitle: context,
                                      rows: r.features.sorted { $0.psi > $1.psi }.map { ($0.name, $0.psi, f($0.psi) + " " + $0.status) },
                                      maximum: 0.3, bands: [(0.1, "0.1 watch"), (0.25, "0.25 shift")]))
        return s + "</section>"
    }

    static func history(_ l: Registry.Listing) -> String {
        var s = "<section id=\"registry\"><h2>Registry history</h2>\n"
        s += "<p class=\"meta\">Current model: \(escape(l.current ?? "none")).</p>\n"
        s += "<div class=\"wide\"><table><thead><tr><th scope=\"col\">time</th><th scope=\"col\">action</th><th scope=\"col\">model</th>"
            + "<th scope=\"col\">promoted</th><th scope=\"col\" class=\"num\">challenger AUC</th><th scope=\"col\" class=\"num\">champion AUC</th>"
            + "<th scope=\"col\">reason</th></tr></thead><tbody>\n"
        for e in l.history {
            s += "<tr><td>\(escape(e.time))</td><td>\(escape(e.action))</td><td>\(escape(e.model))</td><td>\(e.promoted ? "yes" : "no")</td>"
                + "<td class=\"num\">\(e.challenger.map { f($0.auc) } ?? "")</td><td class=\"num\">\(e.champion.map { f($0.auc) } ?? "")</td>"
                + "<td>\(escape(e.reason))</td></tr>\n"
        }
        return s + "</tbody></table></div></section>"
    }
}
