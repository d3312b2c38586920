import XCTest
@testable import LeadScore

/// History and new leads saved from a Salesforce report (`CSVFooter`): train, score and evaluate read them as
/// the same files without the footer, and say what they left out. Before, train stopped at the footer's first
/// line and score set each footer line aside as a rejected lead.
final class ReportFooterTests: XCTestCase {
    func sh(_ command: String, in dir: String) throws -> CommandLineTests.Run { try PipeTests.sh(command, in: dir) }

    func testSalesforceReportExportsReadAsTheirRows() throws {
        let dir = TestFiles.folder()
        let footer = CSVFooterTests.salesforce.replacingOccurrences(of: "\n", with: "\r\n")
        for name in ["leads_history", "new_leads"] {
            let rows = try String(contentsOfFile: TestFiles.root.path + "/datasets/\(name).csv", encoding: .utf8)
            try (rows + footer).write(toFile: dir + "/\(name)_report.csv", atomically: true, encoding: .utf8)
        }
        let run = try sh("""
            leadscore train --data $R/datasets/leads_history.csv --features $R/datasets/spec.yaml --out file.json --quiet &&
            leadscore train --data leads_history_report.csv --features $R/datasets/spec.yaml --out report.json 2> train.err &&
            cat leads_history_report.csv | leadscore train --data - --features $R/datasets/spec.yaml --out pipe.json 2> pipe.err &&
            leadscore score --model file.json --leads $R/datasets/new_leads.csv --policy $R/models/policy.yaml --out file.csv --rejects fr.csv &&
            leadscore score --model file.json --leads new_leads_report.csv --policy $R/models/policy.yaml --out report.csv --rejects rr.csv 2> score.err &&
            leadscore evaluate --model file.json --data $R/datasets/leads_history.csv --json > file-eval.json &&
            leadscore evaluate --model file.json --data leads_history_report.csv --json > report-eval.json
            """, in: dir)
        XCTAssertEqual(run.status, 0, run.err)
        func json(_ name: String) throws -> [String: Any] {
            try XCTUnwrap(JSONSerialization.jsonObject(with: try Data(contentsOf: URL(fileURLWithPath: dir + "/" + name))) as? [String: Any])
        }
        func text(_ name: String) throws -> String { try String(contentsOfFile: dir + "/" + name, encoding: .utf8) }
        // train: the same coefficients; the note names the footer; the digest is the report file's, footer and all.
        let estimates = { (m: [String: Any]) in (m["coefficients"] as? [[String: Any]])?.compactMap { $0["estimate"] as? Double } }
        let file = try json("file.json"), report = try json("report.json"), pipe = try json("pipe.json")
        XCTAssertEqual(estimates(report), estimates(file))
        XCTAssertEqual(estimates(pipe), estimates(file))
        XCTAssertEqual(estimates(file)?.count, 46)
        XCTAssertEqual((report["data"] as? [String: Any])?["rows"] as? Int, 5000)
        XCTAssertEqual((report["data"] as? [String: Any])?["sha256"] as? String,
                       try SHA256Digest.of(file: dir + "/leads_history_report.csv"))
        let note = "the file ends with a blank line and 5 lines of one field (\"Lead History Report\", \"Copyright (c) 2000-2026"
            + " salesforce.com, inc. All rights reserved.\", …), a report's footer as Salesforce writes one: not read as rows"
        let trainErr = try text("train.err"), pipeErr = try text("pipe.err"), scoreErr = try text("score.err")
        XCTAssertTrue(trainErr.contains("leads_history_report.csv: " + note), trainErr)
        XCTAssertTrue(pipeErr.contains("standard input: " + note), pipeErr)
        // score: the same bytes out, the same two rejects (the footer's lines are not leads).
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: dir + "/report.csv")),
                       try Data(contentsOf: URL(fileURLWithPath: dir + "/file.csv")))
        XCTAssertEqual(try readAll(dir + "/rr.csv").rows, try readAll(dir + "/fr.csv").rows)
        XCTAssertEqual(try readAll(dir + "/rr.csv").rows.count, 2)
        XCTAssertTrue(scoreErr.contains("scored 998, rejected 2"), scoreErr)
        XCTAssertTrue(scoreErr.contains("new_leads_report.csv: " + note), scoreErr)
        // evaluate: the same rows and metrics, and the note in the report.
        let fileEval = try json("file-eval.json"), reportEval = try json("report-eval.json")
        for key in ["rows", "positives", "auc", "log_loss", "brier", "rejected"] {
            XCTAssertEqual(reportEval[key] as? Double, fileEval[key] as? Double, key)
        }
        XCTAssertEqual(reportEval["rows"] as? Int, 5000)
        XCTAssertNil(fileEval["notes"])
        XCTAssertEqual(reportEval["notes"] as? [String], ["leads_history_report.csv: " + note])
    }

    /// An activity report saved so: the same activity features, and the summary's events line says what it left.
    func testAnActivityReportWithAFooterGivesTheSameFeatures() throws {
        let dir = TestFiles.folder()
        let log = try String(contentsOfFile: TestFiles.root.path + "/datasets/engagement/activities.csv", encoding: .utf8)
        try (log + "\n\"Activities Report\"\n\"Confidential Information - Do Not Distribute\"\n")
            .write(toFile: dir + "/activities_report.csv", atomically: true, encoding: .utf8)
        let run = try sh("""
            E=$R/datasets/engagement
            leadscore train --data $E/leads_history.csv --features $E/spec.yaml --events $E/activities.csv --out file.json --quiet &&
            leadscore train --data $E/leads_history.csv --features $E/spec.yaml --events activities_report.csv --out report.json 2> train.err
            """, in: dir)
        XCTAssertEqual(run.status, 0, run.err)
        func estimates(_ name: String) throws -> [Double]? {
            let m = try JSONSerialization.jsonObject(with: try Data(contentsOf: URL(fileURLWithPath: dir + "/" + name))) as? [String: Any]
            return (m?["coefficients"] as? [[String: Any]])?.compactMap { $0["estimate"] as? Double }
        }
        XCTAssertEqual(try estimates("report.json"), try estimates("file.json"))
        let err = try String(contentsOfFile: dir + "/train.err", encoding: .utf8)
        XCTAssertTrue(err.contains("events: 24251 used;"), err)
        XCTAssertTrue(err.contains("; the log's last 2 lines, a report's footer after a blank line, not read as events"), err)
    }
}
