import Foundation
import XCTest
@testable import LeadScore

/// End to end: `train`, `score`, `evaluate`, `retrain`, `drift` and `export-sql` with an activity log, on
/// `synth --events` data (activity after the outcome planted for converted leads).
final class EventCommandTests: XCTestCase {
    struct Data {
        let dir: String
        var history: String { dir + "/history.csv" }
        var log: String { dir + "/activities.csv" }
        var spec: String { dir + "/spec.yaml" }
    }

    static let spec = """
        label: converted
        id: lead_id
        time_column: created_date
        missing: [Select]
        snapshot_days: 30
        events:
          id: lead_id
          type: activity_type
          time: occurred_at
          half_life_days: {default: 30, meeting: 90}

        """

    func make(rows: Int = 4000, seed: Int = 7) throws -> Data {
        let d = Data(dir: TestFiles.folder())
        let run = try CommandLineTests.run(["synth", "--rows", "\(rows)", "--seed", "\(seed)", "--out", d.history, "--events", d.log, "--quiet"])
        XCTAssertEqual(run.status, 0, run.err)
        try Self.spec.write(toFile: d.spec, atomically: true, encoding: .utf8)
        return d
    }

    func model(_ path: String) throws -> ModelFile { try ModelFile.load(path: path) }

    /// Activity after each lead's as-of time (the planted post-outcome meetings, and every other late event)
    /// changes nothing: the model trained on the whole log equals the one trained on the log without it, to
    /// the last bit. Without the as-of rule (a snapshot ten years on) the same activity leaks, and the holdout
    /// AUC rises: the events are there to be found.
    func testActivityAfterTheAsOfTimeChangesNothing() throws {
        let d = try make()
        let full = try CommandLineTests.run(["train", "--data", d.history, "--features", d.spec, "--events", d.log,
                                              "--holdout", "0.2", "--out", d.dir + "/full.json"])
        XCTAssertEqual(full.status, 0, full.err)
        XCTAssertTrue(full.err.contains("at or after their lead's as-of time left out"), full.err)
        // The rejects file holds every late event with its reason; a log without them trains the same model.
        let rejects = try readAll(d.dir + "/full.json.events-rejects.csv")
        XCTAssertEqual(rejects.header, ["line", "reason", "lead_id", "activity_type", "occurred_at"])
        XCTAssertGreaterThan(rejects.rows.count, 1000)
        XCTAssertTrue(rejects.rows.allSatisfy { $0[1].hasPrefix("at or after the lead's as-of time") })
        let late = Set(rejects.rows.map { Int($0[0])! })
        let lines = try String(contentsOfFile: d.log, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let kept = lines.enumerated().filter { !late.contains($0.offset + 1) }.map(\.element).joined(separator: "\n")
        try kept.write(toFile: d.dir + "/early.csv", atomically: true, encoding: .utf8)
        let early = try CommandLineTests.run(["train", "--data", d.history, "--features", d.spec, "--events", d.dir + "/early.csv",
                                               "--holdout", "0.2", "--out", d.dir + "/early.json", "--quiet"])
        XCTAssertEqual(early.status, 0, early.err)
        let a = try model(d.dir + "/full.json"), b = try model(d.dir + "/early.json")
        XCTAssertEqual(a.coefficients.map(\.term), b.coefficients.map(\.term))
        XCTAssertEqual(a.coefficients.map(\.estimate), b.coefficients.map(\.estimate))
        XCTAssertEqual(a.validation, b.validation)
        XCTAssertEqual(a.spec.events?.types, ["email_click", "form_fill", "meeting", "page_view:pricing", "webinar"])

        let leaky = Self.spec.replacingOccurrences(of: "snapshot_days: 30", with: "snapshot_days: 3650")
        try leaky.write(toFile: d.dir + "/leaky.yaml", atomically: true, encoding: .utf8)
        let l = try CommandLineTests.run(["train", "--data", d.history, "--features", d.dir + "/leaky.yaml", "--events", d.log,
                                           "--holdout", "0.2", "--out", d.dir + "/leaky.json", "--quiet"])
        XCTAssertEqual(l.status, 0, l.err)
        let leakyAUC = try XCTUnwrap(try model(d.dir + "/leaky.json").validation?.auc), fairAUC = try XCTUnwrap(a.validation?.auc)
        XCTAssertGreaterThan(leakyAUC, fairAUC + 0.01, "the planted post-outcome meetings should inflate a leaky model")
    }

    /// Scoring joins the log as of one time: reasons name activity, the summary counts the log, events set
    /// aside go to the default rejects file, and a model with activity features refuses to score without a log.
    func testScoreWithActivity() throws {
        let d = try make()
        XCTAssertEqual(try CommandLineTests.run(["train", "--data", d.history, "--features", d.spec, "--events", d.log,
                                                  "--out", d.dir + "/m.json", "--quiet"]).status, 0)
        let leads = d.dir + "/new.csv", log = d.dir + "/new-activities.csv"
        XCTAssertEqual(try CommandLineTests.run(["synth", "--rows", "500", "--seed", "8", "--new", "--out", leads, "--events", log, "--quiet"]).status, 0)
        try (String(contentsOfFile: log, encoding: .utf8) + "X0000001,meeting,2026-11-20T10:00:00Z\nN0000001,meeting,2027-01-01\n")
            .write(toFile: log, atomically: true, encoding: .utf8)
        let run = try CommandLineTests.run(["score", "--model", d.dir + "/m.json", "--leads", leads, "--events", log,
                                             "--as-of", "2026-12-01", "--out", d.dir + "/scored.csv"])
        XCTAssertEqual(run.status, 0, run.err)
        XCTAssertTrue(run.err.contains("with a lead id not in the leads file"), run.err)
        XCTAssertTrue(run.err.contains("(as of 2026-12-01T00:00:00Z) -> \(d.dir)/scored.csv.events-rejects.csv"), run.err)
        XCTAssertFalse(run.err.contains("no activity for"), run.err)  // every row has its id
        let scored = try readAll(d.dir + "/scored.csv")
        let reasons = scored.header.firstIndex(of: "reasons")!
        XCTAssertGreaterThan(scored.rows.filter { $0[reasons].contains("events:") }.count, 50)
        let rejects = try readAll(d.dir + "/scored.csv.events-rejects.csv")
        XCTAssertEqual(rejects.rows.map { $0[1] }, ["lead id 'X0000001' is not in the leads file", "at or after the lead's as-of time"])
        // The same leads scored a day earlier see less recent activity: the as-of time matters.
        let before = try CommandLineTests.run(["score", "--model", d.dir + "/m.json", "--leads", leads, "--events", log,
                                                "--as-of", "2026-11-25", "--out", d.dir + "/early.csv", "--quiet"])
        XCTAssertEqual(before.status, 0, before.err)
        XCTAssertNotEqual(try readAll(d.dir + "/early.csv").rows.map { $0[1] }, scored.rows.map { $0[1] })

        let missing = try CommandLineTests.run(["score", "--model", d.dir + "/m.json", "--leads", leads, "--out", d.dir + "/x.csv"])
        XCTAssertEqual(missing.status, 64)
        XCTAssertTrue(missing.err.contains("give the log of these leads with --events FILE"), missing.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: d.dir + "/x.csv"))
        let bad = try CommandLineTests.run(["score", "--model", d.dir + "/m.json", "--leads", leads, "--events", log,
                                             "--as-of", "next week", "--out", d.dir + "/x.csv"])
        XCTAssertEqual(bad.status, 64)
        XCTAssertTrue(bad.err.contains("--as-of next week: give an ISO date or date-time"), bad.err)
        let sql = try CommandLineTests.run(["export-sql", "--model", d.dir + "/m.json", "--dialect", "duckdb", "--table", "leads"])
        XCTAssertEqual(sql.status, 64)
        XCTAssertTrue(sql.err.contains("does not join yet"), sql.err)

        let drift = try CommandLineTests.run(["drift", "--model", d.dir + "/m.json", "--leads", leads, "--events", log,
                                               "--as-of", "2026-12-01"])
        XCTAssertEqual(drift.status, 0, drift.err)
        XCTAssertTrue(drift.out.contains("events:meeting "), drift.out)
    }

    /// Rows without a lead id have no activity: train and score say how many, and score them all the same.
    func testRowsWithoutALeadIDAreCounted() throws {
        let d = try make(rows: 1500, seed: 12)
        // Blank the id of three history rows (lines 2, 3 and 40).
        var lines = try String(contentsOfFile: d.history, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let idColumn = lines[0].split(separator: ",").firstIndex(of: "lead_id")!
        for k in [1, 2, 39] {
            var fields = lines[k].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            fields[idColumn] = ""
            lines[k] = fields.joined(separator: ",")
        }
        try lines.joined(separator: "\n").write(toFile: d.history, atomically: true, encoding: .utf8)
        let train = try CommandLineTests.run(["train", "--data", d.history, "--features", d.spec, "--events", d.log,
                                              "--out", d.dir + "/m.json"])
        XCTAssertEqual(train.status, 0, train.err)
        XCTAssertTrue((train.out + train.err).contains("; no activity for 3 rows without a lead id"), train.out + train.err)

        let leads = d.dir + "/new.csv", log = d.dir + "/new-activities.csv"
        XCTAssertEqual(try CommandLineTests.run(["synth", "--rows", "300", "--seed", "9", "--new", "--out", leads, "--events", log,
                                                 "--quiet"]).status, 0)
        var new = try String(contentsOfFile: leads, encoding: .utf8).split(separator: "\n").map(String.init)
        let newID = new[0].split(separator: ",").firstIndex(of: "lead_id")!
        var fields = new[5].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        fields[newID] = ""
        new[5] = fields.joined(separator: ",")
        try (new.joined(separator: "\n") + "\n").write(toFile: leads, atomically: true, encoding: .utf8)
        let run = try CommandLineTests.run(["score", "--model", d.dir + "/m.json", "--leads", leads, "--events", log,
                                            "--as-of", "2026-12-01", "--out", d.dir + "/scored.csv"])
        XCTAssertEqual(run.status, 0, run.err)
        XCTAssertTrue(run.err.contains("(as of 2026-12-01T00:00:00Z)"), run.err)
        XCTAssertTrue(run.err.contains("; no activity for 1 row without a lead id"), run.err)
        // Set aside, since nothing in the output would say which lead it is (synth's new leads hold one row that is
        // rejected for another reason).
        XCTAssertTrue(run.err.contains("scored 298, rejected 2"), run.err)
        XCTAssertEqual(try readAll(d.dir + "/scored.csv").rows.filter { $0[0].isEmpty }.count, 0)
        XCTAssertTrue(try readAll(d.dir + "/scored.csv.rejects.csv").rows.contains {
            $0[2] == "no id in column 'lead_id': nothing in the output would say which lead this is"
        })
    }

    /// Evaluation applies each lead's own as-of time (the model's rule) and the maturity rule, and says what it
    /// left out; retrain carries both over.
    func testEvaluateAndRetrainWithActivityAndMaturity() throws {
        let d = try make()
        XCTAssertEqual(try CommandLineTests.run(["train", "--data", d.history, "--features", d.spec, "--events", d.log,
                                                  "--maturity-days", "45", "--out", d.dir + "/m.json", "--quiet"]).status, 0)
        let m = try model(d.dir + "/m.json")
        XCTAssertEqual(m.spec.maturityDays, 45)
        let other = TestFiles.folder()
        XCTAssertEqual(try CommandLineTests.run(["synth", "--rows", "2000", "--seed", "9", "--out", other + "/h.csv", "--events",
                                                  other + "/a.csv", "--quiet"]).status, 0)
        let run = try CommandLineTests.run(["evaluate", "--model", d.dir + "/m.json", "--data", other + "/h.csv", "--events",
                                             other + "/a.csv", "--bootstrap", "0", "--json"])
        XCTAssertEqual(run.status, 0, run.err)
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Foundation.Data(run.out.utf8)) as? [String: Any])
        // History dated to 2026-10-31: leads after 2026-09-16 that had not converted are too young at 45 days.
        let history = try readAll(other + "/h.csv")
        let young = history.rows.filter { ISODate.seconds($0[1])! > ISODate.seconds("2026-09-16")! && $0.last == "0" }.count
        XCTAssertEqual(report["immature"] as? Int, young)
        XCTAssertEqual(report["rows"] as? Int, 2000 - young)
        XCTAssertTrue((report["events"] as? String)?.hasPrefix("events: ") ?? false)

        let registry = d.dir + "/registry"
        let r = try CommandLineTests.run(["retrain", "--data", d.history, "--features", d.spec, "--events", d.log,
                                           "--maturity-days", "45", "--registry", registry])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.err.contains("too young to judge"), r.err)
    }

    /// `synth --events` writes the shipped engagement sample byte for byte, and its leads differ from the plain
    /// sample only in the outcome (the log has a generator of its own).
    func testSynthWritesTheEngagementSample() throws {
        let dir = TestFiles.folder()
        let root = TestFiles.root.path + "/datasets/"
        XCTAssertEqual(try CommandLineTests.run(["synth", "--rows", "5000", "--seed", "1", "--out", dir + "/h.csv", "--events",
                                                  dir + "/a.csv", "--quiet"]).status, 0)
        XCTAssertEqual(try CommandLineTests.run(["synth", "--rows", "1000", "--seed", "2", "--new", "--out", dir + "/n.csv", "--events",
                                                  dir + "/na.csv", "--quiet"]).status, 0)
        for (made, shipped) in [("h.csv", "engagement/leads_history.csv"), ("a.csv", "engagement/activities.csv"),
                                ("n.csv", "engagement/new_leads.csv"), ("na.csv", "engagement/new_activities.csv")] {
            XCTAssertEqual(FileManager.default.contents(atPath: dir + "/" + made), FileManager.default.contents(atPath: root + shipped), shipped)
        }
        let plain = try readAll(root + "leads_history.csv").rows, engaged = try readAll(dir + "/h.csv").rows
        XCTAssertEqual(plain.map { $0.dropLast() }, engaged.map { $0.dropLast() })
        XCTAssertEqual(try readAll(root + "new_leads.csv").rows, try readAll(dir + "/n.csv").rows)
        XCTAssertNotEqual(plain.map(\.last), engaged.map(\.last))
    }
}
