/// ISO-8601 dates and date-times, as seconds since 1970-01-01T00:00:00Z.
///
/// Accepted: `YYYY-MM-DD`, optionally followed by `T` or a space and `HH:MM`, `HH:MM:SS` or
/// `HH:MM:SS.fff`, optionally followed (after a space or not) by `Z`, `UTC` or an offset `±HH:MM`, `±HHMM` or
/// `±HH`: the forms warehouses write timestamps in (PostgreSQL and DuckDB `2024-11-01 09:30:00+00`, Snowflake
/// `2024-11-01 09:30:00.000 -0800`, BigQuery `2024-11-01 09:30:00 UTC`).
public enum ISODate {
    public static func seconds(_ b: UnsafeBufferPointer<UInt8>) -> Double? {
        let n = b.count
        guard n >= 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return nil }
        func num(_ from: Int, _ len: Int) -> Int? {
            var v = 0
            for k in from..<(from + len) {
                guard k < n, b[k] &- 48 < 10 else { return nil }
                v = v * 10 + Int(b[k] &- 48)
            }
            return v
        }
        guard let y = num(0, 4), let m = num(5, 2), let d = num(8, 2), (1...12).contains(m), d >= 1, d <= daysIn(m, of: y)
        else { return nil }
        var seconds = Double(daysFromCivil(y, m, d)) * 86_400
        if n == 10 { return seconds }
        guard b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: " "), n >= 16, b[13] == UInt8(ascii: ":"),
              let hh = num(11, 2), let mm = num(14, 2), hh < 24, mm < 60 else { return nil }
        seconds += Double(hh * 3600 + mm * 60)
        var i = 16
        if i < n, b[i] == UInt8(ascii: ":") {
            guard let ss = num(17, 2), ss < 61 else { return nil }
            seconds += Double(ss)
            i = 19
            if i < n, b[i] == UInt8(ascii: ".") {
                i += 1
                var scale = 0.1
                while i < n, b[i] &- 48 < 10 { seconds += Double(b[i] &- 48) * scale; scale /= 10; i += 1 }
            }
        }
        if i == n { return seconds }
        if b[i] == UInt8(ascii: " "), i + 1 < n { i += 1 }
        if b[i] == UInt8(ascii: "Z"), i + 1 == n { return seconds }
        if n == i + 3, b[i] == UInt8(ascii: "U"), b[i + 1] == UInt8(ascii: "T"), b[i + 2] == UInt8(ascii: "C") { return seconds }
        guard b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-"), let oh = num(i + 1, 2), oh < 24 else { return nil }
        let om: Int
        switch n - i {
        case 3: om = 0
        case 5: guard let m = num(i + 3, 2), m < 60 else { return nil }; om = m
        case 6: guard b[i + 3] == UInt8(ascii: ":"), let m = num(i + 4, 2), m < 60 else { return nil }; om = m
        default: return nil
        }
        let offset = Double(oh * 3600 + om * 60)
        return b[i] == UInt8(ascii: "+") ? seconds - offset : seconds + offset
    }

    /// Seconds since 1970 for an ISO date or date-time given by a person (`--as-of`).
    public static func parse(_ s: String) -> Double? { seconds(s) }

    public static func seconds(_ s: String) -> Double? {
        var a = Array(s.utf8)
        return a.withUnsafeMutableBufferPointer { seconds(UnsafeBufferPointer($0)) }
    }

    /// Days in month `m` of year `y` (Gregorian leap years), so that 2026-02-30 is not a date.
    static func daysIn(_ m: Int, of y: Int) -> Int {
        switch m {
        case 2: return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Howard Hinnant's days_from_civil: days since 1970-01-01 in the proleptic Gregorian calendar.
    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` for seconds since 1970 (UTC), fractions of a second dropped.
    public static func dateTime(_ seconds: Double) -> String {
        let s = Int((seconds - (seconds / 86_400).rounded(.down) * 86_400).rounded(.down))
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return day(seconds) + "T" + two(s / 3600) + ":" + two(s / 60 % 60) + ":" + two(s % 60) + "Z"
    }

    /// `YYYY-MM-DD` for seconds since 1970 (UTC).
    public static func day(_ seconds: Double) -> String {
        let z = Int((seconds / 86_400).rounded(.down)) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(y)-\(two(m))-\(two(d))"
    }
}
