/// Label maturity: a lead created recently has not had time to close, so its 0 means "not yet" rather than
/// "no". Leads whose time is less than `days` days before the reference time (the data's newest, or
/// `--as-of`) are left out of training and evaluation unless they already converted.
public struct Maturity: Sendable, Equatable {
    public var days: Double
    /// The time (seconds since 1970) the ages are measured to; nil: the newest time among the rows.
    public var reference: Double?

    public init(days: Double, reference: Double? = nil) {
        self.days = days
        self.reference = reference
    }

    /// The rows to keep, and how many were left out; the cut-off is the first time that is too young.
    /// A row exactly `days` days before the reference is mature (kept).
    public func filter(_ rows: [Int], labels: [Double], times: [Double]) -> (kept: [Int], leftOut: Int, cutoff: Double) {
        let newest = reference ?? rows.lazy.map { times[$0] }.filter { !$0.isNaN }.max() ?? 0
        let cutoff = newest - days * 86_400
        let kept = rows.filter { labels[$0] == 1 || !(times[$0] > cutoff) }
        return (kept, rows.count - kept.count, cutoff)
    }

    /// `2,140 leads too young to judge were left out (maturity_days 90: not converted and dated after 2026-08-02)`
    public static func note(leftOut: Int, days: Double, cutoff: Double) -> String {
        "\(leftOut) lead\(leftOut == 1 ? "" : "s") too young to judge \(leftOut == 1 ? "was" : "were") left out (maturity_days"
            + " \(NumberFormat.shortest(days)): not converted and dated after \(ISODate.dateTime(cutoff)))"
    }
}
