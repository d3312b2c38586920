import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest
@testable import LeadScore

/// `groups:` and `grades:` end to end: the columns, their agreement with the reasons' contributions, the
/// grade bands, infer's proposal, and what is refused.
final class GroupCommandTests: XCTestCase {
    static let spec = """
        label: converted
        id: lead_id
        missing: [Select]
        groups:
          fit: [industry, employees, annual_revenue, region, job_level, lead_source, email_domain]
          engagement: [site_visits, pricing_page_views, email_clicks, content_downloads, webinars_attended, demo_requested, trial_started, days_since_last_activity]

        """

    /// A folder with the sample history's model trained with `spec` (fit and engagement groups) as m.json.
    func trained() throws -> String {
        let dir = TestFiles.folder()
        try Self.spec.write(toFile: dir + "/spec.yaml", atomically: true, encoding: .utf8)
        XCTAssertEqual(try CommandLineTests.run(["train", "--data", "datasets/leads_history.csv", "--features", dir + "/spec.yaml",
                                                  "--out", dir + "/m.json", "--quiet"]).status, 0)
        return dir
    }

    /// The sample policy with `lines` added, written to `dir/name`.
    func policy(_ lines: String, in dir: String, name: String = "policy.yaml") throws {
        let text = try String(contentsOfFile: TestFiles.root.path + "/models/policy.yaml", encoding: .utf8) + "\n" + lines + "\n"
        try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8)
    }

    func testScoreWritesSubScoresAndGrades() throws {
        let dir = try trained()
        try policy("grades: {group: engagement, bands: {A: 40, B: 20, C: 10}}", in: dir)
        let run = try CommandLineTests.run(["score", "--model", dir + "/m.json", "--leads", "datasets/new_leads.csv", "--policy",
                                            dir + "/policy.yaml", "--reasons", "30", "--out", dir + "/s.csv", "--quiet"])
        XCTAssertEqual(run.status, 0, run.err)
        let s = try readAll(dir + "/s.csv")
        XCTAssertEqual(Array(s.header.suffix(4)), ["tier_reason", "score_fit", "score_engagement", "grade"])
        let model = try ModelFile.load(path: dir + "/m.json")
        let b = model.beta[0] + zip(model.beta.dropFirst(), model.encoder.termMeans).reduce(0) { $0 + $1.0 * $1.1 }
        var letters: Set<String> = []
        for r in s.rows {
            // Every reason's contribution (two decimals), summed per group: the sub-score within rounding.
            var sums = ["fit": 0.0, "engagement": 0.0]
            for reason in r[10].components(separatedBy: "; ") {
                let name = String(reason.prefix { $0 != "=" })
                let value = Double(reason.split(separator: "(").last!.dropLast())!
                for (g, columns) in [("fit", 0), ("engagement", 1)] where (model.spec.groups![columns].columns).contains(name) {
                    sums[g]! += value
                }
            }
            let fit = Int(r[12])!, engagement = Int(r[13])!
            for (g, score) in [("fit", fit), ("engagement", engagement)] {
                let p = 1 / (1 + exp(-(b + sums[g]!)))
                // Each contribution is printed to ±0.005, and a lead has at most 8 in a group: p moves ≤ 0.01.
                XCTAssertLessThanOrEqual(abs(Double(score) - 100 * p), 1.6, "\(r[0]) \(g)")
            }
            let expected = engagement >= 40 ? "A" : engagement >= 20 ? "B" : engagement >= 10 ? "C" : "D"
            XCTAssertEqual(r[14], expected)
            letters.insert(r[14])
        }
        XCTAssertEqual(letters, ["A", "B", "C", "D"])

        try policy("grades: {group: intent, bands: {A: 40}}", in: dir, name: "wrong.yaml")
        let bad = try CommandLineTests.run(["score", "--model", dir + "/m.json", "--leads", "datasets/new_leads.csv", "--policy",
                                            dir + "/wrong.yaml", "--out", dir + "/x.csv"])
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.err.contains("wrong.yaml:"), bad.err)
        XCTAssertTrue(bad.err.contains("group 'intent' is not a group of the model; its groups are 'fit', 'engagement'"), bad.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/x.csv"))
        // The exported query computes them too (its values are compared with score's in WarehouseTests).
        let sql = try CommandLineTests.run(["export-sql", "--model", dir + "/m.json", "--policy", dir + "/policy.yaml", "--dialect",
                                            "duckdb", "--table", "leads"])
        XCTAssertEqual(sql.status, 0, sql.err)
        XCTAssertTrue(sql.out.contains("AS \"score_fit\"") && sql.out.contains("AS \"grade\""), sql.out)

        let spec = Self.spec.replacingOccurrences(of: "lead_source, email_domain]", with: "lead_source, email_domain, site_visits]")
        try spec.write(toFile: dir + "/twice.yaml", atomically: true, encoding: .utf8)
        let twice = try CommandLineTests.run(["train", "--data", "datasets/leads_history.csv", "--features", dir + "/twice.yaml",
                                              "--out", dir + "/t.json"])
        XCTAssertEqual(twice.status, 1)
        XCTAssertTrue(twice.err.contains("column 'site_visits' is in two groups, 'fit' and 'engagement'"), twice.err)
    }

    func testInferProposesFitAndEngagement() throws {
        let dir = TestFiles.folder()
        let run = try CommandLineTests.run(["infer", "--data", "datasets/leads_history.csv", "--label", "converted", "--missing", "Select",
                                            "--out", dir + "/spec.yaml"])
        XCTAssertEqual(run.status, 0, run.err)
        // The proposal is commented out (opt-in): uncommented, it loads as these groups.
        let text = try String(contentsOfFile: dir + "/spec.yaml", encoding: .utf8)
        XCTAssertNil(try FeatureSpec.load(path: dir + "/spec.yaml").groups)
        try text.replacingOccurrences(of: "# groups:", with: "groups:").replacingOccurrences(of: "#   fit:", with: "  fit:")
            .replacingOccurrences(of: "#   engagement:", with: "  engagement:").write(toFile: dir + "/open.yaml", atomically: true, encoding: .utf8)
        let spec = try FeatureSpec.load(path: dir + "/open.yaml")
        XCTAssertEqual(spec.groups?.map(\.name), ["fit", "engagement"])
        XCTAssertEqual(spec.groups?[0].columns, ["industry", "employees", "annual_revenue", "region", "job_level", "lead_source", "email_domain"])
        XCTAssertEqual(spec.groups?[1].columns, ["site_visits", "pricing_page_views", "email_clicks", "content_downloads",
                                                 "webinars_attended", "demo_requested", "trial_started", "unsubscribed",
                                                 "days_since_last_activity"])
        XCTAssertTrue(text.contains("# Sub-scores, proposed from the column names for review"))
    }

    /// Tiers that require sub-scores (`min_group_scores`) and grades (`grades: [A, B]`): the assignment equals the
    /// rule replayed here on score's own columns (probability, score, gates, sub-scores, grade), and the tier
    /// reasons name the group condition that failed.
    func testTiersOnSubScoresAndGrades() throws {
        let dir = try trained()
        let base = try String(contentsOfFile: TestFiles.root.path + "/models/policy.yaml", encoding: .utf8)
        let tiers = base.range(of: "tiers:")!.lowerBound
        let policy = String(base[..<tiers]) + """
            grades: {group: fit, bands: {A: 12, B: 8, C: 5}}
            tiers:
              - {name: SQL, min_score: 20, min_gates: 2, min_group_scores: {engagement: 30}, grades: [A, B], max_leads: 4}
              - {name: MQL, min_score: 10}
              - {name: Nurture}

            """
        try policy.write(toFile: dir + "/policy.yaml", atomically: true, encoding: .utf8)
        let run = try CommandLineTests.run(["score", "--model", dir + "/m.json", "--leads", "datasets/new_leads.csv", "--policy",
                                            dir + "/policy.yaml", "--out", dir + "/s.csv"])
        XCTAssertEqual(run.status, 0, run.err)
        let s = try readAll(dir + "/s.csv")
        let c = Dictionary(uniqueKeysWithValues: s.header.enumerated().map { ($1, $0) })
        // Replay: most probable first (ties in input order: ids are in input order), Disqualified kept.
        let leads = s.rows.sorted { Double($0[1])! > Double($1[1])! || (Double($0[1])! == Double($1[1])! && $0[0] < $1[0]) }
        var sql = 0, expected: [String: String] = [:], reasons: Set<String> = []
        for r in leads {
            let score = Int(r[c["score"]!])!, engagement = Int(r[c["score_engagement"]!])!, fit = Int(r[c["score_fit"]!])!
            let grade = fit >= 12 ? "A" : fit >= 8 ? "B" : fit >= 5 ? "C" : "D"
            XCTAssertEqual(r[c["grade"]!], grade)
            if r[c["tier"]!] == "Disqualified" { expected[r[0]] = "Disqualified"; continue }
            let meets = score >= 20 && Int(r[c["gates_passed"]!])! >= 2 && engagement >= 30 && ["A", "B"].contains(grade)
            if meets && sql < 4 { sql += 1; expected[r[0]] = "SQL" } else { expected[r[0]] = score >= 10 ? "MQL" : "Nurture" }
            if expected[r[0]] == "MQL" && score >= 20 && Int(r[c["gates_passed"]!])! >= 2 {
                reasons.insert(engagement < 30 ? "MQL: engagement \(engagement) < 30 for SQL"
                               : !["A", "B"].contains(grade) ? "MQL: grade \(grade) not A or B for SQL" : "over")
            }
        }
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: s.rows.map { ($0[0], $0[c["tier"]!]) }), expected)
        XCTAssertEqual(sql, 4)
        let written = Set(s.rows.map { $0[c["tier_reason"]!] })
        for r in reasons where r != "over" { XCTAssertTrue(written.contains(r), r) }
        XCTAssertTrue(reasons.contains { $0.contains("grade") } && reasons.contains { $0.contains("engagement") }, "\(reasons)")
        XCTAssertTrue(s.rows.contains { $0[c["tier_reason"]!].hasPrefix("SQL: score ") && $0[c["tier_reason"]!].contains(", engagement ")
            && $0[c["tier_reason"]!].contains("≥ 30, grade ") })

        // Evaluate applies the same tiers; export-sql refuses the policy.
        let e = try CommandLineTests.run(["evaluate", "--model", dir + "/m.json", "--data", "datasets/leads_history.csv", "--policy",
                                          dir + "/policy.yaml", "--bootstrap", "0", "--capacity", "3/week", "--time-column", "created_date"])
        XCTAssertEqual(e.status, 0, e.err)
        XCTAssertTrue(e.out.contains("capacity: SQL with room for 3 a week"), e.out)
        let noGrades = policy.replacingOccurrences(of: "grades: {group: fit, bands: {A: 12, B: 8, C: 5}}\n", with: "")
        try noGrades.write(toFile: dir + "/nogrades.yaml", atomically: true, encoding: .utf8)
        let refused = try CommandLineTests.run(["score", "--model", dir + "/m.json", "--leads", "datasets/new_leads.csv", "--policy",
                                                dir + "/nogrades.yaml", "--out", dir + "/x.csv"])
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.err.contains("tier 'SQL' takes grades, and the policy has no `grades:`"), refused.err)
    }

    /// `evaluate --policy` with grades: the grade × engagement-quartile matrix equals the tally made here from
    /// score's own columns on the same file (quartile cuts by nearest rank), and `--plots` draws it.
    func testGradeMatrix() throws {
        let dir = try trained()
        try policy("grades: {group: fit, bands: {A: 12, B: 8, C: 5}}", in: dir)
        XCTAssertEqual(try CommandLineTests.run(["score", "--model", dir + "/m.json", "--leads", "datasets/leads_history.csv",
                                                  "--policy", dir + "/policy.yaml", "--out", dir + "/s.csv", "--quiet"]).status, 0)
        let s = try readAll(dir + "/s.csv"), history = try readAll(TestFiles.root.path + "/datasets/leads_history.csv")
        var converted: [String: Bool] = [:]
        for r in history.rows { converted[r[0]] = r.last == "1" }
        let c = Dictionary(uniqueKeysWithValues: s.header.enumerated().map { ($1, $0) })
        let engagement = s.rows.map { Int($0[c["score_engagement"]!])! }.sorted()
        let cuts = [0.25, 0.5, 0.75].map { engagement[Int(ceil($0 * Double(engagement.count))) - 1] }
        var leads = [[Int]](repeating: [0, 0, 0, 0], count: 4), conversions = leads
        for r in s.rows {
            let e = Int(r[c["score_engagement"]!])!
            let q = e <= cuts[0] ? 0 : e <= cuts[1] ? 1 : e <= cuts[2] ? 2 : 3
            let g = ["A", "B", "C", "D"].firstIndex(of: r[c["grade"]!])!
            leads[g][q] += 1
            if converted[r[0]]! { conversions[g][q] += 1 }
        }
        let run = try CommandLineTests.run(["evaluate", "--model", dir + "/m.json", "--data", "datasets/leads_history.csv", "--policy",
                                            dir + "/policy.yaml", "--bootstrap", "0", "--json", "--plots", dir + "/plots"])
        XCTAssertEqual(run.status, 0, run.err)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any])
        let m = try XCTUnwrap(json["grade_matrix"] as? [String: Any])
        XCTAssertEqual(m["group"] as? String, "fit")
        XCTAssertEqual(m["by"] as? String, "engagement")
        XCTAssertEqual(m["grades"] as? [String], ["A", "B", "C", "D"])
        XCTAssertEqual(m["leads"] as? [[Int]], leads)
        XCTAssertEqual(m["conversions"] as? [[Int]], conversions)
        XCTAssertEqual(leads.joined().reduce(0, +), s.rows.count)
        let svg = try String(contentsOfFile: dir + "/plots/grades.svg", encoding: .utf8)
        XCTAssertEqual(svg.components(separatedBy: "class=\"cell\"").count - 1, 16)
        XCTAssertTrue(svg.contains("data-leads=\"\(leads[0][3])\" data-conversions=\"\(conversions[0][3])\""))
        _ = try XMLDocument(data: Data(svg.utf8))
    }
}
