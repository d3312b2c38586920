import Foundation

/// Numbers as a spreadsheet displays them: Excel saves a sheet as CSV with each cell's displayed text, so a
/// revenue column formatted as currency is written `$6,946,000.00` and a rate as `25%`. leadscore reads none
/// of these as numbers (as with thousands separators, their reading depends on a locale: `€1.500` is fifteen
/// hundred in Germany), and inference leaves such a column out with a note instead of making it a categorical
/// whose levels all fold away: before, the sample's revenue so written became two terms that said nothing,
/// silently.
enum DisplayedNumber {
    /// Currency signs and codes written before or after a number.
    static let signs = ["US$", "R$", "A$", "C$", "$", "€", "£", "¥", "₹", "₩", "₽"]

    /// What makes `s` a number as displayed, `"currency signs"` or `"percent signs"`; nil for anything else
    /// (a plain number, a number with thousands separators only, text). The number itself: digits with
    /// thousands commas or none, an optional decimal point and digits, a sign or parentheses for negatives.
    static func mark(_ s: String) -> String? {
        var t = Substring(s.trimmingCharacters(in: .whitespaces))
        var mark: String?
        if t.hasSuffix("%") {
            t = t.dropLast().drop { $0 == " " }
            while t.last == " " { t = t.dropLast() }
            mark = "percent signs"
        }
        if t.hasPrefix("("), t.hasSuffix(")") { t = t.dropFirst().dropLast() }
        func dropSign() { if let f = t.first, f == "-" || f == "+" || f == "−" { t = t.dropFirst() } }
        dropSign()
        if let sign = signs.first(where: { t.hasPrefix($0) }) {
            t = t.dropFirst(sign.count).drop { $0 == " " }
            mark = mark ?? "currency signs"
        } else if let code = t.prefix(4).split(separator: " ").first, code.count == 3, t.count > 4, t.dropFirst(3).first == " ",
                  code.allSatisfy({ ("A"..."Z").contains($0) }) {
            t = t.dropFirst(4).drop { $0 == " " }
            mark = mark ?? "currency signs"
        }
        dropSign()
        if mark == nil {
            if let sign = signs.first(where: { t.hasSuffix($0) }) {
                t = t.dropLast(sign.count)
                mark = "currency signs"
            } else if t.count > 4, t.suffix(4).first == " ", t.suffix(3).allSatisfy({ ("A"..."Z").contains($0) }) {
                t = t.dropLast(4)
                mark = "currency signs"
            }
            while t.last == " " { t = t.dropLast() }
        }
        guard let mark, !t.isEmpty else { return nil }
        let text = String(t)
        if SchemaInference.isGrouped(text) { return mark }
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let digits = { (p: Substring) in !p.isEmpty && p.allSatisfy { ("0"..."9").contains($0) } }
        guard digits(parts[0]) || (parts.count == 2 && parts[0].isEmpty), parts.count == 1 || digits(parts[1]) else { return nil }
        return mark
    }
}
