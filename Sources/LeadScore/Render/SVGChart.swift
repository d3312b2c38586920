import Foundation

/// Self-contained SVG line charts on [0, xMax] × [0, yMax] (the unit square unless zoomed): axes, ticks,
/// labels, a title with an optional subtitle (model, data file, date, so that a screenshot keeps its
/// context), a dashed diagonal reference line, optional labels beside points, and a legend.
struct SVGChart {
    var title: String
    var xLabel: String
    var yLabel: String
    /// Each series: name (shown in the legend) and points in [0, xMax] × [0, yMax].
    var series: [(name: String, points: [(Double, Double)], markers: Bool)]
    var reference: String
    var subtitle: String?
    var xMax = 1.0, yMax = 1.0
    /// Small labels beside points (a calibration bin's count).
    var pointLabels: [(x: Double, y: Double, text: String)] = []

    let width = 480.0, height = 400.0, left = 64.0, right = 20.0, bottom = 56.0
    var top: Double { subtitle == nil ? 44 : 58 }

    public init(title: String, xLabel: String, yLabel: String, reference: String) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.reference = reference
        series = []
    }

    func x(_ v: Double) -> Double { left + v / xMax * (width - left - right) }
    func y(_ v: Double) -> Double { height - bottom - v / yMax * (height - top - bottom) }
    func n(_ v: Double) -> String { NumberFormat.fixed(v, 1) }

    public var svg: String {
        var s = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        s += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">\n"
        s += "<title>\(escape(title))</title>\n"
        s += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        s += "<text x=\"\(n(width / 2))\" y=\"24\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\">\(escape(title))</text>\n"
        if let subtitle {
            s += "<text id=\"subtitle\" x=\"\(n(width / 2))\" y=\"42\" text-anchor=\"middle\" fill=\"#555\">\(escape(subtitle))</text>\n"
        }
        s += "<g id=\"axes\" stroke=\"#333\" stroke-width=\"1\">\n"
        s += "<line x1=\"\(n(x(0)))\" y1=\"\(n(y(0)))\" x2=\"\(n(x(xMax)))\" y2=\"\(n(y(0)))\"/>\n"
        s += "<line x1=\"\(n(x(0)))\" y1=\"\(n(y(0)))\" x2=\"\(n(x(0)))\" y2=\"\(n(y(yMax)))\"/>\n"
        for k in 0...5 {
            let tx = Double(k) / 5 * xMax, ty = Double(k) / 5 * yMax
            s += "<line x1=\"\(n(x(tx)))\" y1=\"\(n(y(0)))\" x2=\"\(n(x(tx)))\" y2=\"\(n(y(0) + 5))\"/>\n"
            s += "<line x1=\"\(n(x(0) - 5))\" y1=\"\(n(y(ty)))\" x2=\"\(n(x(0)))\" y2=\"\(n(y(ty)))\"/>\n"
            s += "<line x1=\"\(n(x(tx)))\" y1=\"\(n(y(0)))\" x2=\"\(n(x(tx)))\" y2=\"\(n(y(yMax)))\" stroke=\"#e5e5e5\"/>\n"
            s += "<line x1=\"\(n(x(0)))\" y1=\"\(n(y(ty)))\" x2=\"\(n(x(xMax)))\" y2=\"\(n(y(ty)))\" stroke=\"#e5e5e5\"/>\n"
        }
        s += "</g>\n<g id=\"ticks\" fill=\"#333\">\n"
        for k in 0...5 {
            let tx = Double(k) / 5 * xMax, ty = Double(k) / 5 * yMax
            s += "<text x=\"\(n(x(tx)))\" y=\"\(n(y(0) + 18))\" text-anchor=\"middle\">\(tick(tx, xMax))</text>\n"
            s += "<text x=\"\(n(x(0) - 8))\" y=\"\(n(y(ty) + 4))\" text-anchor=\"end\">\(tick(ty, yMax))</text>\n"
        }
        s += "</g>\n"
        s += "<text x=\"\(n((x(0) + x(xMax)) / 2))\" y=\"\(n(height - 16))\" text-anchor=\"middle\">\(escape(xLabel))</text>\n"
        s += "<text transform=\"translate(18 \(n((y(0) + y(yMax)) / 2))) rotate(-90)\" text-anchor=\"middle\">\(escape(yLabel))</text>\n"
        let d = min(xMax, yMax)
        s += "<line id=\"reference\" x1=\"\(n(x(0)))\" y1=\"\(n(y(0)))\" x2=\"\(n(x(d)))\" y2=\"\(n(y(d)))\" stroke=\"#999\" stroke-dasharray=\"5 4\"/>\n"
        let colors = ["#1f77b4", "#d62728", "#2ca02c"]
        for (k, one) in series.enumerated() {
            let pts = one.points.map { "\(n(x($0.0))),\(n(y($0.1)))" }.joined(separator: " ")
            s += "<polyline class=\"series\" fill=\"none\" stroke=\"\(colors[k % 3])\" stroke-width=\"2\" points=\"\(pts)\"/>\n"
            if one.markers {
                for p in one.points {
                    s += "<circle cx=\"\(n(x(p.0)))\" cy=\"\(n(y(p.1)))\" r=\"3.5\" fill=\"\(colors[k % 3])\"/>\n"
                }
            }
        }
        if !pointLabels.isEmpty {
            s += "<g id=\"point-labels\" font-size=\"10\" fill=\"#555\">\n"
            for p in pointLabels { s += "<text x=\"\(n(x(p.x) + 6))\" y=\"\(n(y(p.y) + 12))\">\(escape(p.text))</text>\n" }
            s += "</g>\n"
        }
        s += "<g id=\"legend\" font-size=\"12\">\n"
        let lx = x(0) + 12
        var ly = y(yMax) + 16
        for (k, one) in series.enumerated() {
            s += "<line x1=\"\(n(lx))\" y1=\"\(n(ly - 4))\" x2=\"\(n(lx + 22))\" y2=\"\(n(ly - 4))\" stroke=\"\(colors[k % 3])\" stroke-width=\"2\"/>\n"
            s += "<text x=\"\(n(lx + 28))\" y=\"\(n(ly))\">\(escape(one.name))</text>\n"
            ly += 18
        }
        s += "<line x1=\"\(n(lx))\" y1=\"\(n(ly - 4))\" x2=\"\(n(lx + 22))\" y2=\"\(n(ly - 4))\" stroke=\"#999\" stroke-dasharray=\"5 4\"/>\n"
        s += "<text x=\"\(n(lx + 28))\" y=\"\(n(ly))\">\(escape(reference))</text>\n"
        s += "</g>\n</svg>\n"
        return s
    }

    /// A tick's label: two decimals on a zoomed axis, one on the unit axis.
    func tick(_ v: Double, _ max: Double) -> String { NumberFormat.fixed(v, max < 1 ? 2 : 1) }

    func escape(_ t: String) -> String {
        t.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}

/// The three charts of `evaluate --plots`.
public enum EvaluationCharts {
    /// The chart files `evaluate --plots DIR` writes, each replaced whole.
    public static let fileNames = ["roc.svg", "calibration.svg", "gains.svg"]

    /// Writes `roc.svg`, `calibration.svg` and `gains.svg` into `folder`, creating it when absent.
    /// `subtitle`: what a screenshot of a chart should still say, such as `model.json on last.csv, 2026-12-02`.
    public static func write(_ report: EvaluationReport, metrics: BinaryMetrics, into folder: String, subtitle: String? = nil) throws {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw FileError(file: folder, message: "cannot create the folder for the charts; check the path and permissions")
        }
        let charts = [roc(metrics, auc: report.auc, subtitle: subtitle), calibration(report.calibration, ece: report.ece, subtitle: subtitle),
                      gains(report.gains, auc: report.auc, subtitle: subtitle)]
        for (name, svg) in zip(fileNames, charts) { try OutputFile.write(Array(svg.utf8), to: folder + "/" + name) }
    }

    public static func roc(_ m: BinaryMetrics, auc: Double, subtitle: String? = nil) -> String {
        var points: [(Double, Double)] = [(0, 0)]
        let p = Double(m.positives), q = Double(m.count - m.positives)
        var tp = 0.0, fp = 0.0
        m.walkTies(nil) { t, f in tp += t; fp += f; points.append((q > 0 ? fp / q : 0, p > 0 ? tp / p : 0)) }
        var chart = SVGChart(title: "ROC curve", xLabel: "false positive rate", yLabel: "true positive rate",
                             reference: "random (AUC 0.5)")
        chart.subtitle = subtitle
        chart.series = [("model (AUC \(NumberFormat.fixed(auc, 3)))", thin(points, to: 400), false)]
        return chart.svg
    }

    /// Zoomed to the data: with a 10% base rate most bins sit near the origin, so both axes end at the
    /// smallest of 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1 above every bin; each bin shows its count.
    public static func calibration(_ bins: [CalibrationBin], ece: Double, subtitle: String? = nil) -> String {
        var chart = SVGChart(title: "Calibration by decile", xLabel: "mean predicted probability", yLabel: "observed conversion rate",
                             reference: "perfectly calibrated")
        chart.subtitle = subtitle
        let largest = bins.map { max($0.meanPredicted, $0.observedRate) }.max() ?? 1
        let range = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1].first { $0 >= largest * 1.05 } ?? 1
        chart.xMax = range
        chart.yMax = range
        chart.pointLabels = bins.map { ($0.meanPredicted, $0.observedRate, "n=\($0.count)") }
        chart.series = [("model (ECE \(NumberFormat.fixed(ece, 3)))", bins.map { ($0.meanPredicted, $0.observedRate) }, true)]
        return chart.svg
    }

    public static func gains(_ rows: [GainsRow], auc: Double, subtitle: String? = nil) -> String {
        var chart = SVGChart(title: "Cumulative gains", xLabel: "share of leads called (best first)",
                             yLabel: "share of conversions found", reference: "random order")
        chart.subtitle = subtitle
        chart.series = [("model (AUC \(NumberFormat.fixed(auc, 3)))", [(0, 0)] + rows.map { ($0.fraction, $0.gain) }, true)]
        return chart.svg
    }

    /// At most `limit` points, evenly spaced along the curve, first and last kept.
    static func thin(_ points: [(Double, Double)], to limit: Int) -> [(Double, Double)] {
        if points.count <= limit { return points }
        let step = Double(points.count - 1) / Double(limit - 1)
        return (0..<limit).map { points[Int((Double($0) * step).rounded())] }
    }
}
