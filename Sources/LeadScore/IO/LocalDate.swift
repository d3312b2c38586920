/// Dates as a locale displays them, the way spreadsheets and CRM reports export them: `11/1/2024` and
/// `12/5/2026 9:15 AM` (a Salesforce report's dates for a US user), `01.11.2024` (German), `1-11-2024`,
/// `2024/11/01`. leadscore reads dates only as ISO 8601 (`ISODate`): whether `11/1/2024` is November 1 or
/// 11 January depends on the locale that wrote it, not on the value. These are recognised only to say so:
/// before, such a column became a categorical feature (every day a level) and a time column stopped with
/// "not an ISO date" alone.
enum LocalDate {
    /// Whether `s` is such a date (and not ISO), optionally followed (after a space, `T` or `, `) by a time `H:MM`, `H:MM:SS`
    /// or `H:MM:SS.fff`, and `AM`/`PM` in either case. Day and month first: two numbers up to 31, one of them
    /// up to 12, and a year of four digits (two after `/` as well, `11/1/24`); year first: `/` or `.` (or `-`
    /// without the zeros ISO needs), then month and day.
    static func matches(_ s: String) -> Bool {
        if ISODate.seconds(s) != nil { return false }
        let u = Array(s.utf8)
        var i = 0
        func digits() -> Int? {
            let from = i
            var v = 0
            while i < u.count, u[i] &- 48 < 10, i - from < 4 { v = v * 10 + Int(u[i] &- 48); i += 1 }
            return i > from ? v : nil
        }
        let s1 = i
        guard let a = digits() else { return false }
        let aLength = i - s1
        guard i < u.count else { return false }
        let sep = u[i]
        guard sep == UInt8(ascii: "/") || sep == UInt8(ascii: ".") || sep == UInt8(ascii: "-") else { return false }
        i += 1
        let s2 = i
        guard let b = digits(), i - s2 <= 2, i < u.count, u[i] == sep else { return false }
        i += 1
        let s3 = i
        guard let c = digits() else { return false }
        let cLength = i - s3
        if aLength == 4 {
            guard (1...12).contains(b), (1...31).contains(c), cLength <= 2, (1000...2999).contains(a) else { return false }
        } else {
            guard aLength <= 2, (1...31).contains(a), (1...31).contains(b), a <= 12 || b <= 12 else { return false }
            guard (cLength == 4 && (1000...2999).contains(c)) || (cLength == 2 && sep == UInt8(ascii: "/")) else { return false }
        }
        if i == u.count { return true }
        return time(u[i...])
    }

    /// ` 9:15 AM`, `T09:15:00`, `, 21:15:07.5`: a time after a date.
    private static func time(_ t: ArraySlice<UInt8>) -> Bool {
        var t = t
        if t.first == UInt8(ascii: ",") { t = t.dropFirst() }
        guard let lead = t.first, lead == UInt8(ascii: " ") || lead == UInt8(ascii: "T") else { return false }
        t = t.dropFirst()
        var text = String(decoding: t, as: UTF8.self).lowercased()
        for suffix in [" am", " pm", "am", "pm"] where text.hasSuffix(suffix) { text.removeLast(suffix.count); break }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3 else { return false }
        // Hours of one or two digits, minutes and seconds of two.
        func number(_ p: Substring, _ limit: Int, fraction: Bool = false) -> Bool {
            let whole = fraction ? p.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false) : [p]
            guard let w = whole.first, (limit == 23 ? 1...2 : 2...2).contains(w.count), w.allSatisfy({ ("0"..."9").contains($0) }), let v = Int(w),
                  v <= limit else { return false }
            return whole.count == 1 || (!whole[1].isEmpty && whole[1].allSatisfy { ("0"..."9").contains($0) })
        }
        return number(parts[0], 23) && number(parts[1], 59) && (parts.count == 2 || number(parts[2], 60, fraction: true))
    }
}
