/// The report page's own charts, inline SVG with a `<title>` each: horizontal bars (tiers, gates, drift with
/// its 0.1 and 0.25 bands), a histogram of scores, and a forest plot of odds ratios with their intervals.
enum ReportCharts {
    static func escape(_ t: String) -> String { HTMLReport.escape(t) }
    static func n(_ v: Double) -> String { NumberFormat.fixed(v, 1) }

    /// The opening tag, the `<title>` a screen reader announces, and the visible title and subtitle.
    static func header(title: String, subtitle: String, width: Double, height: Double) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"\(Int(width))\" height=\"\(Int(height))\""
            + " viewBox=\"0 0 \(Int(width)) \(Int(height))\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">\n"
            + "<title>\(escape(title))</title>\n"
            + "<text x=\"8\" y=\"18\" font-size=\"14\" font-weight=\"bold\">\(escape(title))</text>\n"
            + "<text x=\"8\" y=\"34\" fill=\"#555\">\(escape(subtitle))</text>\n"
    }

    /// Horizontal bars, one per row, scaled to the largest value (or `maximum`), each labelled with its text.
    /// `bands`: vertical dashed lines at these values, with their labels (drift's 0.1 and 0.25).
    static func bars(title: String, subtitle: String, rows: [(label: String, value: Double, text: String)],
                     maximum: Double? = nil, bands: [(Double, String)] = [], color: String = "#1f77b4") -> String {
        let width = 640.0, left = 190.0, right = 90.0, top = 48.0, row = 24.0
        let height = top + Double(max(1, rows.count)) * row + 28
        let top1 = max(maximum ?? 0, rows.map(\.value).max() ?? 0, bands.map(\.0).max() ?? 0, 1e-12)
        func x(_ v: Double) -> Double { left + v / top1 * (width - left - right) }
        var s = header(title: title, subtitle: subtitle, width: width, height: height)
        for (k, r) in rows.enumerated() {
            let y = top + Double(k) * row
            s += "<text x=\"\(n(left - 8))\" y=\"\(n(y + 15))\" text-anchor=\"end\">\(escape(r.label))</text>\n"
            s += "<rect x=\"\(n(left))\" y=\"\(n(y + 4))\" width=\"\(n(max(0, x(r.value) - left)))\" height=\"15\" fill=\"\(color)\"/>\n"
            s += "<text x=\"\(n(x(r.value) + 6))\" y=\"\(n(y + 15))\">\(escape(r.text))</text>\n"
        }
        for (v, label) in bands {
            s += "<line x1=\"\(n(x(v)))\" y1=\"\(n(top))\" x2=\"\(n(x(v)))\" y2=\"\(n(height - 22))\" stroke=\"#d62728\" stroke-dasharray=\"4 3\"/>\n"
            s += "<text x=\"\(n(x(v)))\" y=\"\(n(height - 8))\" text-anchor=\"middle\" fill=\"#d62728\">\(escape(label))</text>\n"
        }
        return s + "</svg>\n"
    }

    /// Leads per score band of ten points (0–9, …, 90–100).
    static func histogram(title: String, subtitle: String, scores: [Int]) -> String {
        var counts = [Int](repeating: 0, count: 10)
        for s in scores { counts[min(9, max(0, s / 10))] += 1 }
        let width = 640.0, left = 56.0, right = 16.0, top = 48.0, bottom = 40.0, height = 300.0
        let most = Double(max(1, counts.max() ?? 1))
        let w = (width - left - right) / 10
        var s = header(title: title, subtitle: subtitle, width: width, height: height)
        for (k, c) in counts.enumerated() {
            let h = Double(c) / most * (height - top - bottom)
            let x = left + Double(k) * w
            s += "<rect x=\"\(n(x + 2))\" y=\"\(n(height - bottom - h))\" width=\"\(n(w - 4))\" height=\"\(n(h))\" fill=\"#1f77b4\"/>\n"
            s += "<text x=\"\(n(x + w / 2))\" y=\"\(n(height - bottom - h - 4))\" text-anchor=\"middle\">\(c)</text>\n"
            s += "<text x=\"\(n(x + w / 2))\" y=\"\(n(height - bottom + 16))\" text-anchor=\"middle\">\(k * 10)–\(k == 9 ? 100 : k * 10 + 9)</text>\n"
        }
        s += "<text x=\"\(n((left + width - right) / 2))\" y=\"\(n(height - 6))\" text-anchor=\"middle\">score</text>\n"
        return s + "</svg>\n"
    }

    /// Odds ratios per standard deviation (numerics) or against 0 (other terms) with their 95% intervals, on
    /// a log scale, largest |z| first.
    static func forest(title: String, subtitle: String, rows: [(term: String, low: Double, mid: Double, high: Double)]) -> String {
        let width = 640.0, left = 230.0, right = 24.0, top = 48.0, row = 20.0
        let height = top + Double(max(1, rows.count)) * row + 40
        let values = rows.flatMap { [$0.low, $0.high] }.filter { $0.isFinite && $0 > 0 }
        let lo = log(min(0.5, values.min() ?? 0.5)), hi = log(max(2, values.max() ?? 2))
        func x(_ v: Double) -> Double { left + (log(max(v, 1e-300)) - lo) / (hi - lo) * (width - left - right) }
        var s = header(title: title, subtitle: subtitle, width: width, height: height)
        s += "<line x1=\"\(n(x(1)))\" y1=\"\(n(top))\" x2=\"\(n(x(1)))\" y2=\"\(n(height - 30))\" stroke=\"#999\" stroke-dasharray=\"4 3\"/>\n"
        for t in [0.25, 0.5, 1, 2, 4, 8] where log(t) >= lo && log(t) <= hi {
            s += "<text x=\"\(n(x(t)))\" y=\"\(n(height - 14))\" text-anchor=\"middle\">\(NumberFormat.shortest(t))</text>\n"
        }
        for (k, r) in rows.enumerated() {
            let y = top + Double(k) * row + 10
            s += "<text x=\"\(n(left - 8))\" y=\"\(n(y + 4))\" text-anchor=\"end\">\(escape(r.term))</text>\n"
            s += "<line x1=\"\(n(x(r.low)))\" y1=\"\(n(y))\" x2=\"\(n(x(r.high)))\" y2=\"\(n(y))\" stroke=\"#333\"/>\n"
            s += "<circle cx=\"\(n(x(r.mid)))\" cy=\"\(n(y))\" r=\"4\" fill=\"\(r.mid >= 1 ? "#2ca02c" : "#d62728")\"/>\n"
        }
        return s + "</svg>\n"
    }
}

import Foundation
