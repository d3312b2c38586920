import Foundation

/// Self-contained SVG line charts on the unit square: axes, ticks, labels, a title, a dashed diagonal
/// reference line and a legend.
struct SVGChart {
    var title: String
    var xLabel: String
    var yLabel: String
    /// Each series: name (shown in the legend) and points in [0, 1]².
    var series: [(name: String, points: [(Double, Double)], markers: Bool)]
    var reference: String

    let width = 480.0, height = 400.0, left = 64.0, right = 20.0, top = 44.0, bottom = 56.0

    public init(title: String, xLabel: String, yLabel: String, reference: String) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.reference = reference
        series = []
    }

    func x(_ v: Double) -> Double { left + v * (width - left - right) }
    func y(_ v: Double) -> Double { height - bottom - v * (height - top - bottom) }
    func n(_ v: Double) -> String { NumberFormat.fixed(v, 1) }

    public var svg: String {
        var s = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        s += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">\n"
        s += "<title>\(escape(title))</title>\n"
        s += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        s += "<text x=\"\(n(width / 2))\" y=\"24\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\">\(escape(title))</text>\n"
        s += "<g id=\"axes\" stroke=\"#333\" stroke-width=\"1\">\n"
        s += "<line x1=\"\(n(x(0)))\" y1=\"\(n(y(0)))\" x2=\"\(n(x(1)))\" y2=\"\(n(y(0)))\"/>\n"
        s += "<line x1=\"\(n(x(0)))\" y1=\"\(n(y(0)))\" x2=\"\(n(x(0)))\" y2=\"\(n(y(1)))\"/>\n"
        for k in 0...5 {
            let t = Double(k) / 5
            s += "<line x1=\"\(n(x(t)))\" y1=\"\(n(y(0)))\" x2=\"\(n(x(t)))\" y2=\"\(n(y(0) + 5))\"/>\n"
            s += "<line x1=\"\(n(x(0) - 5))\" y1=\"\(n(y(t)))\" x2=\"\(n(x(0)))\" y2=\"\(n(y(t)))\"/>\n"
            s += "<line x1=\"\(n(x(t)))\" y1=\"\(n(y(0)))\" x2=\"\(n(x(t)))\" y2=\"\(n(y(1)))\" stroke=\"#e5e5e5\"/>\n"
            s += "<line x1=\"\(n(x(0)))\" y1=\"\(n(y(t)))\" x2=\"\(n(x(1)))\" y2=\"\(n(y(t)))\" stroke=\"#e5e5e5\"/>\n"
        }
        s += "</g>\n<g id=\"ticks\" fill=\"#333\">\n"
        for k in 0...5 {
            let t = Double(k) / 5, label = NumberFormat.fixed(t, 1)
            s += "<text x=\"\(n(x(t)))\" y=\"\(n(y(0) + 18))\" text-anchor=\"middle\">\(label)</text>\n"
            s += "<text x=\"\(n(x(0) - 8))\" y=\"\(n(y(t) + 4))\" text-anchor=\"end\">\(label)</text>\n"
        }
        s += "</g>\n"
        s += "<text x=\"\(n((x(0) + x(1)) / 2))\" y=\"\(n(height - 16))\" text-anchor=\"middle\">\(escape(xLabel))</text>\n"
        s += "<text transform=\"translate(18 \(n((y(0) + y(1)) / 2))) rotate(-90)\" text-anchor=\"middle\">\(escape(yLabel))</text>\n"
        s += "<line id=\"reference\" x1=\"\(n(x(0)))\" y1=\"\(n(y(0)))\" x2=\"\(n(x(1)))\" y2=\"\(n(y(1)))\" stroke=\"#999\" stroke-dasharray=\"5 4\"/>\n"
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
        s += "<g id=\"legend\" font-size=\"12\">\n"
        let lx = x(0) + 12
        var ly = y(1) + 16
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
    public static func write(_ report: EvaluationReport, metrics: BinaryMetrics, into folder: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw FileError(file: folder, message: "cannot create the folder for the charts; check the path and permissions")
        }
        let charts = [roc(metrics, auc: report.auc), calibration(report.calibration, ece: report.ece), gains(report.gains, auc: report.auc)]
        for (name, svg) in zip(fileNames, charts) { try OutputFile.write(Array(svg.utf8), to: folder + "/" + name) }
    }

    public static func roc(_ m: BinaryMetrics, auc: Double) -> String {
        var points: [(Double, Double)] = [(0, 0)]
        let p = Double(m.positives), q = Double(m.count - m.positives)
        var tp = 0.0, fp = 0.0
        m.walkTies(nil) { t, f in tp += t; fp += f; points.append((q > 0 ? fp / q : 0, p > 0 ? tp / p : 0)) }
        var chart = SVGChart(title: "ROC curve", xLabel: "false positive rate", yLabel: "true positive rate",
                             reference: "random (AUC 0.5)")
        chart.series = [("model (AUC \(NumberFormat.fixed(auc, 3)))", thin(points, to: 400), false)]
        return chart.svg
    }

    public static func calibration(_ bins: [CalibrationBin], ece: Double) -> String {
        var chart = SVGChart(title: "Calibration by decile", xLabel: "mean predicted probability", yLabel: "observed conversion rate",
                             reference: "perfectly calibrated")
        chart.series = [("model (ECE \(NumberFormat.fixed(ece, 3)))", bins.map { ($0.meanPredicted, $0.observedRate) }, true)]
        return chart.svg
    }

    public static func gains(_ rows: [GainsRow], auc: Double) -> String {
        var chart = SVGChart(title: "Cumulative gains", xLabel: "share of leads called (best first)",
                             yLabel: "share of conversions found", reference: "random order")
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
