/// The order of day and month in a date written as a locale displays it: `mdy` reads `11/1/2024` as November 1
/// (the US), `dmy` as 11 January (most of the world).
public enum DateOrder: String, Sendable, CaseIterable {
    case mdy, dmy

    /// Why `text`, a date as a locale displays it, is no date in this order, and what to do.
    func noDay(_ text: String) -> String {
        "\"\(text)\" is no day read as " + (self == .mdy ? "month/day" : "day/month") + " (date_order: \(rawValue)); fix the value, or the order"
    }
}

/// Dates as a locale displays them, the way spreadsheets and CRM reports export them: `11/1/2024` and
/// `12/5/2026 9:15 AM` (a Salesforce report's dates for a US user), `01.11.2024` (German), `1-11-2024`,
/// `2024/11/01`. Whether `11/1/2024` is November 1 or 11 January depends on the locale that wrote it, not on the
/// value, so they are read as dates only with the order declared (`date_order:`, `--date-order`, kept in the
/// model); otherwise they are recognised to say so. Before, such a column became a categorical feature (every
/// day a level) and a time column stopped with "not an ISO date" alone.
enum LocalDate {
    /// The parts of such a date: the three numbers as written, and the time of day in seconds.
    private struct Parts {
        var a = 0, b = 0, c = 0
        var yearFirst = false
        /// `c` had two digits (after `/`): a year of the century.
        var shortYear = false
        var seconds = 0.0
    }

    /// Whether `s` is such a date (and not ISO): day and month first, two numbers up to 31, one of them up to 12,
    /// and a year of four digits (two after `/` as well, `11/1/24`); or year first with `/` or `.` (or `-` without
    /// the zeros ISO needs), then month and day; optionally followed (after a space, `T` or `, `) by a time `H:MM`,
    /// `H:MM:SS` or `H:MM:SS.fff`, and `AM`/`PM` in either case.
    static func matches(_ s: String) -> Bool {
        if ISODate.seconds(s) != nil { return false }
        return Array(s.utf8).withUnsafeBufferPointer { parts($0) } != nil
    }

    /// Seconds since 1970 (UTC, as an ISO date without a zone) of such a date read in `order`; nil when it is not
    /// one or names no day in that order (`13/1/2024` as month/day). Two-digit years are 2000–2029 for 00–29 and
    /// 1930–1999 for 30–99, as spreadsheets read them.
    static func seconds(_ b: UnsafeBufferPointer<UInt8>, order: DateOrder) -> Double? {
        guard let p = parts(b) else { return nil }
        let (y, m, d): (Int, Int, Int)
        if p.yearFirst { (y, m, d) = (p.a, p.b, p.c) }
        else {
            let year = p.shortYear ? (p.c < 30 ? 2000 + p.c : 1900 + p.c) : p.c
            (y, m, d) = order == .mdy ? (year, p.a, p.b) : (year, p.b, p.a)
        }
        guard (1...12).contains(m), d >= 1, d <= ISODate.daysIn(m, of: y) else { return nil }
        return Double(ISODate.daysFromCivil(y, m, d)) * 86_400 + p.seconds
    }

    private static func parts(_ u: UnsafeBufferPointer<UInt8>) -> Parts? {
        var i = 0
        func digits() -> (value: Int, length: Int)? {
            let from = i
            var v = 0
            while i < u.count, u[i] &- 48 < 10, i - from < 4 { v = v * 10 + Int(u[i] &- 48); i += 1 }
            return i > from ? (v, i - from) : nil
        }
        guard let a = digits(), i < u.count else { return nil }
        let sep = u[i]
        guard sep == UInt8(ascii: "/") || sep == UInt8(ascii: ".") || sep == UInt8(ascii: "-") else { return nil }
        i += 1
        guard let b = digits(), b.length <= 2, i < u.count, u[i] == sep else { return nil }
        i += 1
        guard let c = digits() else { return nil }
        var p = Parts(a: a.value, b: b.value, c: c.value)
        if a.length == 4 {
            guard (1...12).contains(b.value), (1...31).contains(c.value), c.length <= 2, (1000...2999).contains(a.value) else { return nil }
            p.yearFirst = true
        } else {
            guard a.length <= 2, (1...31).contains(a.value), (1...31).contains(b.value), a.value <= 12 || b.value <= 12 else { return nil }
            guard (c.length == 4 && (1000...2999).contains(c.value)) || (c.length == 2 && sep == UInt8(ascii: "/")) else { return nil }
            p.shortYear = c.length == 2
        }
        if i == u.count { return p }
        guard let t = time(u[i...]) else { return nil }
        p.seconds = t
        return p
    }

    /// ` 9:15 AM`, `T09:15:00`, `, 21:15:07.5`: a time after a date, as seconds into the day.
    private static func time(_ t: Slice<UnsafeBufferPointer<UInt8>>) -> Double? {
        var t = t
        if t.first == UInt8(ascii: ",") { t = t.dropFirst() }
        guard let lead = t.first, lead == UInt8(ascii: " ") || lead == UInt8(ascii: "T") else { return nil }
        var text = String(decoding: t.dropFirst(), as: UTF8.self).lowercased()
        var half: String?
        for suffix in [" am", " pm", "am", "pm"] where text.hasSuffix(suffix) {
            text.removeLast(suffix.count)
            half = String(suffix.suffix(2))
            break
        }
        let fields = text.split(separator: ":", omittingEmptySubsequences: false)
        guard fields.count == 2 || fields.count == 3 else { return nil }
        // Hours of one or two digits, minutes and seconds of two, seconds perhaps with a fraction.
        func number(_ p: Substring, _ limit: Double, lengths: ClosedRange<Int>, fraction: Bool = false) -> Double? {
            let whole = fraction ? p.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false) : [p]
            guard let w = whole.first, lengths.contains(w.count), w.allSatisfy({ ("0"..."9").contains($0) }),
                  whole.count == 1 || (!whole[1].isEmpty && whole[1].allSatisfy { ("0"..."9").contains($0) }),
                  let v = Double(whole.count == 1 ? String(w) : "\(w).\(whole[1])"), v <= limit else { return nil }
            return v
        }
        guard var h = number(fields[0], 23, lengths: 1...2), let m = number(fields[1], 59, lengths: 2...2) else { return nil }
        let s = fields.count == 3 ? number(fields[2], 60.999, lengths: 2...2, fraction: true) : 0
        guard let s else { return nil }
        if let half {
            guard (1...12).contains(h) else { return nil }
            h = h.truncatingRemainder(dividingBy: 12) + (half == "pm" ? 12 : 0)
        }
        return h * 3600 + m * 60 + s
    }
}
