import Foundation

/// Progress through a file for a person watching a terminal: `scoring: 412,000 rows (41%), 1.9M rows/s,
/// 0.6 s left`, at most five times a second. Parts of a file read at once on several cores add to the same
/// meter, so it is locked; `report` is only called when something is listening (the command line passes
/// one that writes to standard error on a terminal only, and nothing with `--quiet`).
public final class ProgressMeter: @unchecked Sendable {  // state behind `lock`
    let what: String
    let totalBytes: Int64
    let report: (String) -> Void
    private let lock = NSLock()
    private var rows = 0
    private var bytes: Int64 = 0
    private let start = Date()
    private var last = Date.distantPast

    public init(_ what: String, totalBytes: Int64, report: @escaping (String) -> Void) {
        self.what = what
        self.totalBytes = max(1, totalBytes)
        self.report = report
    }

    /// Counts `rows` more rows, `bytes` more bytes of the file.
    public func add(rows: Int, bytes: Int) {
        lock.lock()
        defer { lock.unlock() }
        self.rows += rows
        self.bytes += Int64(bytes)
        let now = Date()
        guard now.timeIntervalSince(last) >= 0.2 else { return }
        last = now
        report(Self.line(what, rows: self.rows, fraction: Double(self.bytes) / Double(totalBytes),
                         seconds: now.timeIntervalSince(start)))
    }

    /// `scoring: 412,000 rows (41%), 1.9M rows/s, 0.6 s left`.
    static func line(_ what: String, rows: Int, fraction: Double, seconds: Double) -> String {
        let f = min(1, max(0, fraction))
        var s = "\(what): \(NumberFormat.grouped(rows)) rows (\(Int(f * 100))%)"
        if seconds > 0 {
            let rate = Double(rows) / seconds
            s += rate >= 1e6 ? ", " + NumberFormat.fixed(rate / 1e6, 1) + "M rows/s" : ", " + NumberFormat.grouped(Int(rate)) + " rows/s"
        }
        if f > 0.01 { s += ", " + NumberFormat.fixed(seconds * (1 - f) / f, 1) + " s left" }
        return s
    }
}
