import Foundation

/// Formats doubles the way the model file and the outputs do.
public enum NumberFormat {
    /// The shortest text that reads back as the same double (`7`, not `7.0`).
    static func shortest(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"
    }

    /// Fixed decimals (round half away from zero), for reports and reasons. Integer arithmetic when the
    /// scaled value fits comfortably, `printf` otherwise: reasons format millions of these.
    public static func fixed(_ v: Double, _ digits: Int) -> String {
        guard v.isFinite, digits >= 0, digits <= 9 else { return v.isNaN ? "nan" : String(format: "%.\(digits)f", v) }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(v) * scale).rounded()
        guard scaled < 1e15 else { return String(format: "%.\(digits)f", v) }
        let q = Int64(scaled), unit = Int64(scale)
        var s = v < 0 && q != 0 ? "-" : ""
        s += String(q / unit)
        if digits > 0 {
            let frac = String(q % unit)
            s += "." + String(repeating: "0", count: digits - frac.count) + frac
        }
        return s
    }

    /// An odds ratio for reports: three decimals from 0.001 to a million, else three significant digits with an
    /// exponent (`1.30e+36`): per unit of a column whose spread is a hundredth, a ratio per standard deviation of
    /// 2.3 is one of 37 digits, which three decimals printed in full.
    static func ratio(_ v: Double) -> String {
        if v >= 0.001 && v < 1e6 { return fixed(v, 3) }
        return v.isNaN ? "nan" : String(format: "%.2e", v)
    }

    /// An integer with thousands separated by commas (`1,234,567`), for progress lines.
    static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (k, c) in digits.enumerated() {
            if k > 0 && (digits.count - k) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }
}
