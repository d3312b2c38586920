import Foundation
import XCTest
@testable import LeadScore

/// Capacity planning (issue 12, part 3): `evaluate --capacity` and `score --suggest-min-score`, against the
/// rule computed here from `score`'s own output columns (probability, score, tier, gates) and the history's
/// dates and outcomes, with dictionaries and sorts of its own.
final class CapacityTests: XCTestCase {
    /// The sample policy's first max_leads tier is SQL (min_gates 3, require authority), with no tier before it.
    struct Lead { var id: Int; var p: Double; var score: Int; var candidate: Bool; var converted: Bool; var week: Int }

    func leads(model: String, dir: String) throws -> [Lead] {
        let run = try CommandLineTests.run(["score", "--model", model, "--leads", "datasets/leads_history.csv", "--policy",
                                            "models/policy.yaml", "--out", dir + "/h.csv", "--quiet"])
        XCTAssertEqual(run.status, 0, run.err)
        let scored = try readAll(dir + "/h.csv"), history = try readAll(TestFiles.root.path + "/datasets/leads_history.csv")
        var byID: [String: [String]] = [:]
        for r in history.rows { byID[r[0]] = r }
        let c = Dictionary(uniqueKeysWithValues: scored.header.enumerated().map { ($1, $0) })
        return scored.rows.map { r in
            let h = byID[r[0]]!
            let day = ISODate.seconds(h[1])! / 86_400
            return Lead(id: Int(r[0].dropFirst())!, p: Double(r[c["probability"]!])!, score: Int(r[c["score"]!])!,
                        candidate: r[c["tier"]!] != "Disqualified" && Int(r[c["gates_passed"]!])! >= 3 && r[c["gate_authority"]!] == "pass",
                        converted: h.last == "1", week: Int(((day + 3) / 7).rounded(.down)))
        }
    }

    func testWeeklyReplayFollowsTheRule() throws {
        let dir = TestFiles.folder()
        XCTAssertEqual(try CommandLineTests.run(["train", "--data", "datasets/leads_history.csv", "--features", "datasets/spec.yaml",
                                                  "--out", dir + "/m.json", "--quiet"]).status, 0)
        let all = try leads(model: dir + "/m.json", dir: dir)
        for capacity in [3, 5, 12] {
            let run = try CommandLineTests.run(["evaluate", "--model", dir + "/m.json", "--data", "datasets/leads_history.csv", "--policy",
                                                "models/policy.yaml", "--capacity", "\(capacity)/week", "--bootstrap", "0", "--json"])
            XCTAssertEqual(run.status, 0, run.err)
            let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any])
            let plan = try XCTUnwrap(json["capacity"] as? [String: Any])

            let weeks = Set(all.map(\.week))
            let candidates = all.filter(\.candidate)
            let minScore = (0...100).last { s in Double(candidates.filter { $0.score >= s }.count) / Double(weeks.count) >= Double(capacity) } ?? 0
            var leadsIn = 0, conversionsIn = 0, below = 0
            for w in weeks {
                let ranked = candidates.filter { $0.week == w }.sorted { $0.p > $1.p || ($0.p == $1.p && $0.id < $1.id) }
                let inTier = ranked.filter { $0.score >= minScore }.prefix(capacity)
                let ids = Set(inTier.map(\.id))
                leadsIn += inTier.count
                conversionsIn += inTier.filter(\.converted).count
                below += ranked.filter { $0.converted && !ids.contains($0.id) }.count
            }
            XCTAssertEqual(plan["tier"] as? String, "SQL")
            XCTAssertEqual(plan["periods"] as? Int, weeks.count)
            XCTAssertEqual(plan["min_score"] as? Int, minScore, "capacity \(capacity)")
            XCTAssertEqual(plan["conversions_below_line"] as? Int, below)
            let n = Double(weeks.count)
            XCTAssertClose(try XCTUnwrap(plan["leads_per_period"] as? Double), Double(leadsIn) / n, rel: 1e-12)
            let perWeek = Double(conversionsIn) / n
            XCTAssertClose(try XCTUnwrap(plan["conversions_per_period"] as? Double), perWeek, rel: 1e-12)
            XCTAssertClose(try XCTUnwrap(plan["precision"] as? Double), Double(conversionsIn) / Double(leadsIn), rel: 1e-12)
            XCTAssertClose(try XCTUnwrap(plan["recall"] as? Double), Double(conversionsIn) / Double(all.filter(\.converted).count), rel: 1e-12)
            let interval = try XCTUnwrap(plan["conversions_interval"] as? [String: Double])
            XCTAssertLessThan(interval["low"]!, perWeek)
            XCTAssertGreaterThan(interval["high"]!, perWeek)
        }
        // One batch: the whole file.
        let batch = try CommandLineTests.run(["evaluate", "--model", dir + "/m.json", "--data", "datasets/leads_history.csv", "--policy",
                                              "models/policy.yaml", "--capacity", "300", "--bootstrap", "0"])
        XCTAssertEqual(batch.status, 0, batch.err)
        let scores = all.filter(\.candidate).map(\.score).sorted(by: >)
        XCTAssertTrue(batch.out.contains("min_score that fills it on average: \(scores[299]) ("), batch.out)
        for (args, message) in [(["--capacity", "100/month"], "--capacity 100/month: give leads a week"),
                                (["--capacity", "0"], "--capacity 0: give leads a week")] {
            let bad = try CommandLineTests.run(["evaluate", "--model", dir + "/m.json", "--data", "datasets/leads_history.csv",
                                                "--policy", "models/policy.yaml"] + args)
            XCTAssertEqual(bad.status, 64)
            XCTAssertTrue(bad.err.contains(message), bad.err)
        }
    }

    /// The suggested min_score is the max_leads-th highest score among the tier's candidates in this batch.
    func testSuggestedMinScore() throws {
        let dir = TestFiles.folder()
        XCTAssertEqual(try CommandLineTests.run(["train", "--data", "datasets/leads_history.csv", "--features", "datasets/spec.yaml",
                                                  "--out", dir + "/m.json", "--quiet"]).status, 0)
        let run = try CommandLineTests.run(["score", "--model", dir + "/m.json", "--leads", "datasets/new_leads.csv", "--policy",
                                            "models/policy.yaml", "--suggest-min-score", "--out", dir + "/s.csv"])
        XCTAssertEqual(run.status, 0, run.err)
        let s = try readAll(dir + "/s.csv")
        let c = Dictionary(uniqueKeysWithValues: s.header.enumerated().map { ($1, $0) })
        let scores = s.rows.filter { $0[c["tier"]!] != "Disqualified" && Int($0[c["gates_passed"]!])! >= 3 && $0[c["gate_authority"]!] == "pass" }
            .map { Int($0[c["score"]!])! }.sorted(by: >)
        let line = scores[99]
        XCTAssertTrue(run.err.contains("suggested min_score for SQL: \(line) (\(scores.filter { $0 >= line }.count) of the \(scores.count) leads"),
                      run.err)
        let none = try CommandLineTests.run(["score", "--model", dir + "/m.json", "--leads", "datasets/new_leads.csv",
                                             "--suggest-min-score", "--out", dir + "/x.csv"])
        XCTAssertEqual(none.status, 64)
        XCTAssertTrue(none.err.contains("--suggest-min-score needs a policy with a tier that has max_leads"), none.err)
    }
}
