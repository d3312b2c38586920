/// The grade × quartile conversion matrix (`GradeMatrix`) as a self-contained SVG heat map (`evaluate --plots`,
/// `grades.svg`): each cell shaded by its conversion rate, labelled with the rate and converted / leads.
public enum GradeHeatMap {
    public static let fileName = "grades.svg"

    static func svg(_ m: GradeMatrix, subtitle: String?) -> String {
        let cell = 90.0, left = 70.0, top = subtitle == nil ? 64.0 : 78.0
        let width = left + 4 * cell + 20, height = top + Double(m.grades.count) * cell + 50
        let rates = zip(m.leads.joined(), m.conversions.joined()).map { $0.0 > 0 ? Double($0.1) / Double($0.0) : 0 }
        let maxRate = max(rates.max() ?? 0, 1e-9)
        func n(_ v: Double) -> String { NumberFormat.fixed(v, 1) }
        func esc(_ t: String) -> String {
            t.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
        }
        let title = "Conversion by \(m.group) grade and \(m.by) quartile"
        var s = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        s += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">\n"
        s += "<title>\(esc(title))</title>\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        s += "<text x=\"\(n(width / 2))\" y=\"24\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\">\(esc(title))</text>\n"
        if let subtitle { s += "<text id=\"subtitle\" x=\"\(n(width / 2))\" y=\"42\" text-anchor=\"middle\" fill=\"#555\">\(esc(subtitle))</text>\n" }
        for q in 0..<4 {
            let range = m.ranges[q].map { "\($0[0])–\($0[1])" } ?? "none"
            s += "<text x=\"\(n(left + (Double(q) + 0.5) * cell))\" y=\"\(n(top - 8))\" text-anchor=\"middle\">Q\(q + 1) (\(range))</text>\n"
        }
        s += "<g id=\"cells\">\n"
        for (r, letter) in m.grades.enumerated() {
            let y = top + Double(r) * cell
            s += "<text x=\"\(n(left - 12))\" y=\"\(n(y + cell / 2 + 5))\" text-anchor=\"end\" font-weight=\"bold\">\(esc(letter))</text>\n"
            for q in 0..<4 {
                let leads = m.leads[r][q], conv = m.conversions[r][q]
                let rate = leads > 0 ? Double(conv) / Double(leads) : 0
                // White to blue by the rate, relative to the highest cell.
                let t = rate / maxRate
                let (cr, cg, cb) = (Int(255 - t * 224), Int(255 - t * 136), Int(255 - t * 75))
                let x = left + Double(q) * cell
                s += "<rect class=\"cell\" data-leads=\"\(leads)\" data-conversions=\"\(conv)\" x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(cell - 2))\" height=\"\(n(cell - 2))\" fill=\"rgb(\(cr),\(cg),\(cb))\"/>\n"
                let ink = t > 0.6 ? "white" : "#222"
                s += "<text x=\"\(n(x + cell / 2))\" y=\"\(n(y + cell / 2 - 2))\" text-anchor=\"middle\" font-size=\"14\" fill=\"\(ink)\">"
                    + (leads > 0 ? NumberFormat.fixed(100 * rate, 1) + "%" : "–") + "</text>\n"
                s += "<text x=\"\(n(x + cell / 2))\" y=\"\(n(y + cell / 2 + 16))\" text-anchor=\"middle\" font-size=\"11\" fill=\"\(ink)\">\(conv) / \(leads)</text>\n"
            }
        }
        s += "</g>\n"
        s += "<text x=\"\(n(left + 2 * cell))\" y=\"\(n(height - 14))\" text-anchor=\"middle\" fill=\"#555\">cells: conversion rate, converted / leads; rows: \(esc(m.group)) grade</text>\n"
        return s + "</svg>\n"
    }

    /// Writes `grades.svg` into `folder` (which `EvaluationCharts.write` has made).
    public static func write(_ report: EvaluationReport, into folder: String, subtitle: String?) throws {
        guard let m = report.gradeMatrix else { return }
        try OutputFile.write(Array(svg(m, subtitle: subtitle).utf8), to: folder + "/" + fileName)
    }
}
