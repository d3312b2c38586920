import XCTest
@testable import LeadScore

/// Dates as a Salesforce report writes them for a US user (`11/1/2024`, `12/25/2024 9:19:13 PM`), read with
/// `--date-order mdy` (kept in the model as `date_order`): the engagement sample so written trains, evaluates and
/// scores exactly as its ISO files do, its time holdout and its activity log's as-of rule included.
final class LocaleDateTests: XCTestCase {
    /// `2024-11-01` → `11/1/2024`; a date-time → its instant in UTC as `12/25/2024 9:19:13 PM`.
    static func us(_ iso: String) -> String {
        guard let t = ISODate.parse(iso) else { return iso }
        let utc = ISODate.dateTime(t)  // YYYY-MM-DDTHH:MM:SSZ
        let p = utc.split(whereSeparator: { "-T:Z".contains($0) }).map { Int($0)! }
        let date = "\(p[1])/\(p[2])/\(p[0])"
        if iso.count == 10 { return date }
        let hour = p[3] % 12 == 0 ? 12 : p[3] % 12
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return date + " \(hour):\(two(p[4])):\(two(p[5])) " + (p[3] < 12 ? "AM" : "PM")
    }

    /// `file` with the column `column` written as `us` writes it.
    static func rewrite(_ file: String, column: String, to out: String) throws {
        let (header, rows, _) = try readAll(TestFiles.root.path + "/datasets/engagement/" + file)
        let k = try XCTUnwrap(header.firstIndex(of: column))
        var w = CSVWriter()
        w.row(header)
        for var r in rows { r[k] = us(r[k]); w.row(r) }
        FileManager.default.createFile(atPath: out, contents: Data(w.bytes))
    }

    func testAReportsUSDatesReadWithDateOrderAsTheISOFiles() throws {
        XCTAssertEqual(Self.us("2024-11-01"), "11/1/2024")
        XCTAssertEqual(Self.us("2024-12-25T23:19:13+02:00"), "12/25/2024 9:19:13 PM")
        XCTAssertEqual(Self.us("2026-10-09T00:18:35Z"), "10/9/2026 12:18:35 AM")
        let dir = TestFiles.folder()
        try Self.rewrite("leads_history.csv", column: "created_date", to: dir + "/history.csv")
        try Self.rewrite("activities.csv", column: "occurred_at", to: dir + "/activities.csv")
        try Self.rewrite("new_leads.csv", column: "created_date", to: dir + "/new_leads.csv")
        try Self.rewrite("new_activities.csv", column: "occurred_at", to: dir + "/new_activities.csv")
        let run = try PipeTests.sh("""
            E=$R/datasets/engagement
            leadscore train --data $E/leads_history.csv --features $E/spec.yaml --events $E/activities.csv --holdout 0.2 --out iso.json --quiet &&
            leadscore train --data history.csv --features $E/spec.yaml --events activities.csv --date-order mdy --holdout 0.2 --out us.json --quiet &&
            leadscore evaluate --model iso.json --data $E/leads_history.csv --events $E/activities.csv --json > iso-eval.json &&
            leadscore evaluate --model us.json --data history.csv --events activities.csv --json > us-eval.json &&
            leadscore score --model iso.json --leads $E/new_leads.csv --events $E/new_activities.csv --as-of 2026-12-01 --out iso.csv &&
            leadscore score --model us.json --leads new_leads.csv --events new_activities.csv --as-of 2026-12-01 --out us.csv &&
            leadscore infer --data history.csv --label converted --date-order mdy --out inferred.yaml
            """, in: dir)
        XCTAssertEqual(run.status, 0, run.err)
        func json(_ name: String) throws -> [String: Any] {
            try XCTUnwrap(JSONSerialization.jsonObject(with: try Data(contentsOf: URL(fileURLWithPath: dir + "/" + name))) as? [String: Any])
        }
        let iso = try json("iso.json"), us = try json("us.json")
        let estimates = { (m: [String: Any]) in (m["coefficients"] as? [[String: Any]])?.compactMap { $0["estimate"] as? Double } }
        XCTAssertEqual(estimates(us), estimates(iso))
        XCTAssertGreaterThan(estimates(iso)?.count ?? 0, 40)
        let validation = { (m: [String: Any]) in m["validation"] as? [String: Any] }
        XCTAssertEqual(validation(us)?["kind"] as? String, "time-holdout")
        for key in ["rows", "positives", "auc", "log_loss"] {
            XCTAssertEqual(validation(us)?[key] as? Double, validation(iso)?[key] as? Double, key)
        }
        XCTAssertEqual((us["spec"] as? [String: Any])?["date_order"] as? String, "mdy")
        XCTAssertNil((iso["spec"] as? [String: Any])?["date_order"])
        let isoEval = try json("iso-eval.json"), usEval = try json("us-eval.json")
        for key in ["rows", "positives", "auc", "log_loss", "brier"] {
            XCTAssertEqual(usEval[key] as? Double, isoEval[key] as? Double, key)
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: dir + "/us.csv")), try Data(contentsOf: URL(fileURLWithPath: dir + "/iso.csv")))
        let spec = try String(contentsOfFile: dir + "/inferred.yaml", encoding: .utf8)
        XCTAssertTrue(spec.contains("date_order: mdy\n"), spec)
        XCTAssertTrue(spec.contains("time_column: created_date"), spec)
        // The wrong order stops at the first date it cannot be, naming it; an order that is neither is bad usage.
        let wrong = try PipeTests.sh("""
            E=$R/datasets/engagement
            leadscore train --data history.csv --features $E/spec.yaml --date-order dmy --out x.json
            """, in: dir)
        XCTAssertEqual(wrong.status, 1)
        XCTAssertTrue(wrong.err.contains("column 'created_date': \"11/13/2024\" is no day read as day/month (date_order: dmy); fix the"
            + " value, or the order"), wrong.err)
        let bad = try PipeTests.sh("leadscore train --data history.csv --label converted --date-order ymd --out x.json", in: dir)
        XCTAssertEqual(bad.status, 64)
        XCTAssertTrue(bad.err.contains("--date-order is mdy (11/1/2024 is November 1) or dmy (11 January), not \"ymd\""), bad.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/x.json"))
    }
}
