import Foundation
import XCTest
@testable import LeadScore

/// `score --previous`, `--changed-only` and the CRM import formats (issue 12, part 4), end to end on the
/// sample: a second week in which a tenth of the leads requested a demo and visited ten more pages.
final class WriteBackTests: XCTestCase {
    struct Week { let dir: String; var model: String { dir + "/m.json" }; var week2: String { dir + "/week2.csv" } }

    nonisolated(unsafe) static var prepared: Week?
    func week() throws -> Week {
        if let w = Self.prepared { return w }
        let w = Week(dir: TestFiles.folder())
        XCTAssertEqual(try CommandLineTests.run(["train", "--data", "datasets/leads_history.csv", "--features", "datasets/spec.yaml",
                                                  "--out", w.model, "--quiet"]).status, 0)
        var (header, rows, _) = try readAll(TestFiles.root.path + "/datasets/new_leads.csv")
        let demo = header.firstIndex(of: "demo_requested")!, visits = header.firstIndex(of: "site_visits")!
        for k in rows.indices where k % 10 == 3 {
            rows[k][demo] = "true"
            rows[k][visits] = String(Int(rows[k][visits])! + 10)
        }
        // A lead that was not there last week, and one that is gone.
        rows.append(rows[0].enumerated().map { $0.offset == 0 ? "N9999999" : $0.element })
        rows.remove(at: 1)
        var w2 = CSVWriter()
        w2.row(header)
        for r in rows { w2.row(r) }
        FileManager.default.createFile(atPath: w.week2, contents: Data(w2.bytes))
        Self.prepared = w
        return w
    }

    func score(_ args: [String]) throws -> CommandLineTests.Run {
        try CommandLineTests.run(["score", "--policy", "models/policy.yaml"] + args)
    }

    /// The change column follows its rule against the two weeks' own outputs, read back: new when last week
    /// had no such id, tier_changed when the tier differs, up/down when the score moved by --min-change or
    /// more, else same; --changed-only writes exactly the leads that are not `same`, in rank order.
    func testChangesFollowTheRuleAndChangedOnlyKeepsThem() throws {
        let w = try week()
        XCTAssertEqual(try score(["--model", w.model, "--leads", "datasets/new_leads.csv", "--out", w.dir + "/w1.csv", "--quiet"]).status, 0)
        XCTAssertEqual(try score(["--model", w.model, "--leads", w.week2, "--out", w.dir + "/w2.csv", "--quiet"]).status, 0)
        for minChange in [5, 1, 20] {
            let run = try score(["--model", w.model, "--leads", w.week2, "--previous", w.dir + "/w1.csv", "--min-change", "\(minChange)",
                                 "--out", w.dir + "/c.csv"])
            XCTAssertEqual(run.status, 0, run.err)
            let last = try readAll(w.dir + "/w1.csv"), now = try readAll(w.dir + "/w2.csv"), c = try readAll(w.dir + "/c.csv")
            XCTAssertEqual(c.header, now.header + ["previous_score", "previous_tier", "change"])
            XCTAssertEqual(c.rows.map { Array($0.prefix(now.header.count)) }, now.rows)
            var before: [String: (Int, String)] = [:]
            for r in last.rows { before[r[0]] = (Int(r[2])!, r[3]) }
            var expected: [String] = []
            for r in now.rows {
                guard let (s, t) = before[r[0]] else { expected.append("new"); continue }
                let d = Int(r[2])! - s
                expected.append(t != r[3] ? "tier_changed" : d >= minChange ? "up" : -d >= minChange ? "down" : "same")
            }
            XCTAssertEqual(c.rows.map { $0.last! }, expected)
            XCTAssertEqual(c.rows.first { $0[0] == "N9999999" }?.suffix(3), ["", "", "new"])
            XCTAssertTrue(Set(expected).isSuperset(of: ["new", "up", "tier_changed", "same"]), "\(Set(expected))")
            let counts = ["new", "up", "down", "same", "tier_changed"].map { k in expected.filter { $0 == k }.count }
            XCTAssertTrue(run.err.contains("since the previous run: \(counts[0]) new, \(counts[1]) up, \(counts[2]) down,"
                + " \(counts[4]) changed tier, \(counts[3]) the same; \(expected.count) written"), run.err)

            let only = try score(["--model", w.model, "--leads", w.week2, "--previous", w.dir + "/w1.csv", "--min-change", "\(minChange)",
                                  "--changed-only", "--out", w.dir + "/o.csv", "--quiet"])
            XCTAssertEqual(only.status, 0, only.err)
            XCTAssertEqual(try readAll(w.dir + "/o.csv").rows, c.rows.filter { $0.last != "same" })
        }
    }

    /// HubSpot and Salesforce import files: their id header, the property columns (renamed by the policy's
    /// `export:`), the same leads and scores as the CSV, and --previous read in the same format.
    func testCRMFormats() throws {
        let w = try week()
        XCTAssertEqual(try score(["--model", w.model, "--leads", "datasets/new_leads.csv", "--out", w.dir + "/plain.csv", "--quiet"]).status, 0)
        let plain = try readAll(w.dir + "/plain.csv")
        XCTAssertEqual(try score(["--model", w.model, "--leads", "datasets/new_leads.csv", "--format", "hubspot", "--out", w.dir + "/h.csv",
                                  "--quiet"]).status, 0)
        let h = try readAll(w.dir + "/h.csv")
        XCTAssertEqual(h.header, ["Record ID", "leadscore_score", "leadscore_tier", "leadscore_reasons", "leadscore_scored_at"])
        XCTAssertEqual(h.rows.map { [$0[0], $0[1], $0[2], $0[3]] }, plain.rows.map { [$0[0], $0[2], $0[3], $0[10]] })
        XCTAssertTrue(h.rows.allSatisfy { ISODate.seconds($0[4]) != nil && $0[4].hasSuffix("Z") })

        // The CRM id from another column; an email-like name is matched by HubSpot as Email.
        var (header, rows, _) = try readAll(TestFiles.root.path + "/datasets/new_leads.csv")
        header.append("contact_email")
        for k in rows.indices { rows[k].append("lead\(k)@example.com") }
        var out = CSVWriter()
        out.row(header)
        for r in rows { out.row(r) }
        FileManager.default.createFile(atPath: w.dir + "/emails.csv", contents: Data(out.bytes))
        let e = try score(["--model", w.model, "--leads", w.dir + "/emails.csv", "--format", "hubspot", "--crm-id", "contact_email",
                           "--out", w.dir + "/he.csv", "--quiet"])
        XCTAssertEqual(e.status, 0, e.err)
        let he = try readAll(w.dir + "/he.csv")
        XCTAssertEqual(he.header.first, "Email")
        XCTAssertTrue(he.rows.allSatisfy { $0[0].hasSuffix("@example.com") })

        let policy = try String(contentsOfFile: TestFiles.root.path + "/models/policy.yaml", encoding: .utf8)
            + "\nexport: {score: Lead_Score__c, tier: Lead_Grade__c}\n"
        try policy.write(toFile: w.dir + "/policy.yaml", atomically: true, encoding: .utf8)
        let sf = try CommandLineTests.run(["score", "--model", w.model, "--leads", "datasets/new_leads.csv", "--policy", w.dir + "/policy.yaml",
                                           "--format", "salesforce", "--out", w.dir + "/sf.csv", "--quiet"])
        XCTAssertEqual(sf.status, 0, sf.err)
        XCTAssertEqual(try readAll(w.dir + "/sf.csv").header, ["Id", "Lead_Score__c", "Lead_Grade__c", "LeadScoreReasons__c", "LeadScoredAt__c"])
        let again = try CommandLineTests.run(["score", "--model", w.model, "--leads", w.week2, "--policy", w.dir + "/policy.yaml",
                                              "--format", "salesforce", "--previous", w.dir + "/sf.csv", "--changed-only",
                                              "--out", w.dir + "/sf2.csv"])
        XCTAssertEqual(again.status, 0, again.err)
        let changed = try readAll(w.dir + "/sf2.csv").rows
        XCTAssertGreaterThan(changed.count, 20)
        XCTAssertLessThan(changed.count, 300)

        // Mistakes: --changed-only alone, a previous file of another format, a CRM format without an id.
        let alone = try score(["--model", w.model, "--leads", w.week2, "--changed-only", "--out", w.dir + "/x.csv"])
        XCTAssertEqual(alone.status, 64)
        XCTAssertTrue(alone.err.contains("--changed-only needs --previous FILE"), alone.err)
        let other = try score(["--model", w.model, "--leads", w.week2, "--format", "salesforce", "--previous", w.dir + "/h.csv",
                               "--out", w.dir + "/x.csv"])
        XCTAssertEqual(other.status, 1)
        XCTAssertTrue(other.err.contains("h.csv:1: there is no column 'LeadScore__c'"), other.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: w.dir + "/x.csv"))
        let noID = TestFiles.folder()
        XCTAssertEqual(try CommandLineTests.run(["train", "--data", "datasets/leads_history.csv", "--label", "converted",
                                                  "--exclude", "lead_id,created_date", "--missing", "Select", "--out", noID + "/m.json",
                                                  "--quiet"]).status, 0)
        let hub = try score(["--model", noID + "/m.json", "--leads", "datasets/new_leads.csv", "--format", "hubspot", "--out", noID + "/h.csv"])
        XCTAssertEqual(hub.status, 64)
        XCTAssertTrue(hub.err.contains("name its column with --crm-id COL"), hub.err)
    }

    /// A file saved from a spreadsheet with empty rows below its data (`,,,,`), and a lead without its id: score
    /// wrote each empty row out as a lead (no id, every value imputed, ranked and tiered), a CRM import row with an
    /// empty record id, which the import cannot match, and in the plain format a row that said of no lead which it
    /// was (yet took a rank and a tier's place). All are set aside with their reason now.
    func testEmptyRowsAndLeadsWithoutACRMIDAreSetAside() throws {
        let w = try week()
        var (header, rows, _) = try readAll(TestFiles.root.path + "/datasets/new_leads.csv")
        let plainRows = rows
        rows[4][0] = ""
        var out = CSVWriter()
        out.row(header)
        for r in rows { out.row(r) }
        for _ in 0..<3 { out.row([String](repeating: "", count: header.count)) }
        FileManager.default.createFile(atPath: w.dir + "/saved.csv", contents: Data(out.bytes))
        let plain = try score(["--model", w.model, "--leads", w.dir + "/saved.csv", "--out", w.dir + "/p.csv", "--rejects", w.dir + "/pr.csv"])
        XCTAssertEqual(plain.status, 0, plain.err)
        XCTAssertTrue(plain.err.contains("scored 997, rejected 6"), plain.err)
        let scored = try readAll(w.dir + "/p.csv").rows
        XCTAssertEqual(scored.count, 997)
        XCTAssertFalse(scored.contains { $0[0].isEmpty })
        let rejects = try readAll(w.dir + "/pr.csv").rows
        XCTAssertEqual(rejects.first.map { [$0[0], $0[2]] },
                       ["6", "no id in column 'lead_id': nothing in the output would say which lead this is"])
        XCTAssertEqual(rejects.suffix(3).map { [$0[0], $0[2]] }, [1002, 1003, 1004].map {
            [String($0), "the row is empty: no field has a value (a spreadsheet writes such rows below its data)"]
        })
        let hub = try score(["--model", w.model, "--leads", w.dir + "/saved.csv", "--format", "hubspot", "--out", w.dir + "/h.csv",
                             "--rejects", w.dir + "/hr.csv"])
        XCTAssertEqual(hub.status, 0, hub.err)
        XCTAssertTrue(hub.err.contains("scored 997, rejected 6"), hub.err)
        let imported = try readAll(w.dir + "/h.csv").rows
        XCTAssertFalse(imported.contains { $0[0].isEmpty })
        XCTAssertEqual(Set(imported.map { $0[0] }), Set(scored.map { $0[0] }))
        let hubRejects = try readAll(w.dir + "/hr.csv").rows
        XCTAssertEqual(hubRejects.first.map { [$0[0], $0[2]] },
                       ["6", "no record id in column 'lead_id': the CRM import could not match the lead to its record"])
        XCTAssertEqual(Array(hubRejects.first!.dropFirst(3)), rows[4])
        XCTAssertNotEqual(rows[4], plainRows[4])
    }
}

