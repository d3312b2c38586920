import XCTest
@testable import LeadScore

/// `export-sql` proven equal to `leadscore score` in real engines: DuckDB and Apache Spark (local mode) from
/// PyPI, and a PostgreSQL server this test starts on a loopback port and stops. The leads are the sample's
/// new leads plus rows that try every encoding step (padding, missing tokens in any case, unseen levels,
/// quotes and backslashes, every number spelling leadscore reads or refuses, boolean tokens, log1p's
/// domain, exact duplicates whose ranks only the id can break) under a policy that uses every feature
/// (`Tests/warehouse/policy-grouped.yaml`). Each table is loaded twice, all text and with the engine's own types.
///
/// An engine that is not installed skips its test with the command that installs it, unless
/// `LEADSCORE_REQUIRE_ENGINES=1` (set by `.ci/run`), which turns the skip into a failure.
final class WarehouseTests: XCTestCase {
    struct Fixture {
        let dir: String
        let model: String
        let leads: String
        let policy: String
        let scored: [String: [String: String]]
        /// `score` without the policy: rank by probability alone.
        let plain: [String: [String: String]]
        let rejects: [String: String]
        let header: [String]
    }

    static let fixture = Result<Fixture, any Error> { try makeFixture() }

    static func makeFixture() throws -> Fixture {
        let dir = TestFiles.folder()
        let root = TestFiles.root.path
        var spec = try FeatureSpec.load(path: root + "/datasets/spec.yaml")
        // Sub-scores, graded and gated on by the policy, so that the query's are checked too.
        spec.groups = [FeatureGroup(name: "fit", columns: ["industry", "employees", "annual_revenue", "region", "job_level", "email_domain"]),
                       FeatureGroup(name: "engagement", columns: ["site_visits", "pricing_page_views", "email_clicks", "content_downloads",
                                                                  "webinars_attended", "demo_requested", "trial_started", "days_since_last_activity"])]
        // Segment models by region (three of the four regions have enough rows at these thresholds).
        spec.segmentBy = "region"
        var options = TrainingOptions(spec: spec)
        options.minSegmentRows = 500
        options.minSegmentPositives = 50
        options.holdout = 0.2
        let model = try Trainer.train(path: root + "/datasets/leads_history.csv", options: options).model
        try model.write(to: dir + "/model.json")
        let leads = dir + "/leads.csv"
        try hostileLeads(from: root + "/datasets/new_leads.csv").write(toFile: leads, atomically: true, encoding: .utf8)
        let policy = root + "/Tests/warehouse/policy-grouped.yaml"
        var o = ScoreOptions(leads: leads, out: dir + "/scored.csv")
        o.policy = policy
        o.rejects = dir + "/rejects.csv"
        _ = try ScoreRun.run(model: model, options: o)
        o.policy = nil
        o.out = dir + "/plain.csv"
        _ = try ScoreRun.run(model: model, options: o)
        func byID(_ path: String) throws -> ([String], [String: [String: String]]) {
            let (header, rows, _) = try readAll(path)
            var result: [String: [String: String]] = [:]
            for r in rows { result[r[0]] = Dictionary(uniqueKeysWithValues: zip(header, r)) }
            return (header, result)
        }
        let (header, scored) = try byID(dir + "/scored.csv")
        var rejects: [String: String] = [:]
        for r in try readAll(dir + "/rejects.csv").rows { rejects[r[1]] = r[2] }
        return Fixture(dir: dir, model: dir + "/model.json", leads: leads, policy: policy, scored: scored,
                       plain: try byID(dir + "/plain.csv").1, rejects: rejects, header: header)
    }

    /// The sample's new leads, then one row per edit of a sample row, then exact copies of sample rows.
    /// Numbers that no engine types as numbers stay in `employees`, `annual_revenue` (already text in the
    /// sample) so that the other numeric columns load typed.
    static func hostileLeads(from path: String) throws -> String {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var lines = text.split(separator: "\n").map(String.init)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let template = lines[1...80].map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let edits: [[(String, String)]] = [
            [("industry", " software ")], [("industry", "\tfinance")], [("industry", "aerospace")], [("industry", "NA")],
            [("industry", "n/a")], [("industry", "null")], [("industry", "Select")], [("industry", "O'Reilly \\ co")],
            [("region", "mars")], [("region", "o'brien \\ co")], [("region", " apac")], [("job_level", "VP")],
            [("email_domain", "competitor's")], [("employees", "1e3")], [("employees", "+5")], [("employees", ".5")],
            [("employees", "5.")], [("employees", "-0.5")], [("employees", "-1")], [("employees", "0x10")],
            [("employees", "1_000")], [("employees", "inf")], [("employees", "-Infinity")], [("employees", "nan(1)")],
            [("employees", "NaN")], [("employees", "1e-400")], [("employees", "1e99999")], [("employees", "1e-99999")],
            [("employees", "007")], [("annual_revenue", "1.5E+7")], [("annual_revenue", "12,000")],
            [("annual_revenue", "about")], [("annual_revenue", " 2e7 ")], [("need_identified", "maybe")],
            [("need_identified", "YES")], [("need_identified", "Y")], [("need_identified", "1")], [("need_identified", "N")],
            [("decision_maker", "True")], [("budget_confirmed", "0")], [("site_visits", "1e1")], [("site_visits", "13.5")],
            [("email_clicks", "5.0")], [("content_downloads", "3")], [("days_since_last_activity", "")],
            [("industry", "\\N")], [("employees", "\\N")], [("need_identified", "\\n")], [("decision_maker", "t")],
            [("budget_confirmed", "F")], [("need_identified", "T")],
            // A spreadsheet's error values are missing, in any case.
            [("employees", "#DIV/0!")], [("industry", "#N/A")], [("annual_revenue", "#value!")], [("need_identified", "#REF!")],
            [("industry", "#GETTING_DATA")], [("employees", "#DIV/0")],
            // No-break spaces (a web form's, an HTML export's) are trimmed as spaces are.
            [("industry", "software\u{00A0}")], [("region", "\u{00A0}\u{00A0}apac \u{00A0}")], [("industry", "\u{00A0}")],
            [("employees", "\u{00A0}120")], [("industry", "fin\u{00A0}ance")],
            [("purchase_timeline_days", "90.0")], [("trial_started", "false"), ("industry", ""), ("employees", "3")],
            [("trial_started", "false"), ("industry", "Select"), ("employees", "4.5")],
            // Near the largest double: leadscore's arithmetic saturates; PostgreSQL must not raise an overflow.
            [("site_visits", "1.7e308"), ("pricing_page_views", "1.7e308"), ("email_clicks", "-1.7e308")],
        ]
        var next = 9_000_001
        for (k, edit) in edits.enumerated() {
            var row = template[k % template.count]
            row[0] = "N\(next)"; next += 1
            for (column, value) in edit { row[header.firstIndex(of: column)!] = value }
            lines.append(row.map(csvField).joined(separator: ","))
        }
        for k in 0..<30 {  // ties: copies of sample rows, each more than once
            var row = template[k % 10]
            row[0] = "N\(next)"; next += 1
            lines.append(row.map(csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func csvField(_ s: String) -> String {
        s.contains(where: { ",\"\n\t ".contains($0) }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    // MARK: the engines

    func testDuckDB() throws {
        try Self.requireEngine(python: "duckdb", install: "pip install duckdb")
        try check(.duckdb)
        try check(.duckdb, policy: false)
    }

    func testApacheSpark() throws {
        try Self.requireEngine(python: "pyspark", install: "pip install pyspark (Spark needs Java 17: apt-get install -y openjdk-17-jre-headless)")
        try check(.spark)
    }

    func testPostgreSQL() throws {
        let installed = FileManager.default.fileExists(atPath: "/usr/bin/psql")
            && ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []).contains { !$0.hasPrefix(".") }
        try Self.require(installed, "PostgreSQL is not installed: apt-get install -y postgresql")
        // engine.py starts a server of its own (Tests/warehouse/postgres.sh) on a free loopback port and stops it.
        try check(.postgres)
    }

    /// BigQuery and Snowflake have no engine here: their text must parse with sqlglot's parser for the dialect.
    func testBigQueryAndSnowflakeParse() throws {
        try Self.requireEngine(python: "sqlglot", install: "pip install sqlglot")
        let f = try Self.fixture.get()
        for dialect in [SQLDialect.bigquery, .snowflake] {
            let path = try export(dialect, f, table: dialect == .bigquery ? "project.crm.leads" : "crm.leads")
            let script = """
                import sqlglot, sys
                from sqlglot import exp
                text = open(sys.argv[1]).read()
                statements = [s for s in sqlglot.parse(text, read=sys.argv[2], error_level=sqlglot.ErrorLevel.RAISE) if s is not None]
                assert len(statements) == 1, len(statements)
                select = statements[0]
                assert isinstance(select, exp.Select), type(select)
                print(",".join(select.named_selects))
                """
            let run = try CommandLineTests.process("/usr/bin/env", ["python3", "-c", script, path, dialect.rawValue], in: f.dir)
            XCTAssertEqual(run.status, 0, "\(dialect): \(run.err)")
            XCTAssertEqual(run.out.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ",").prefix(f.header.count).map(String.init),
                           f.header, "\(dialect): the result columns")
        }
    }

    // MARK: checking

    /// Skips the calling test with how to install `module`, or fails it when CI requires the engines.
    static func requireEngine(python module: String, install: String) throws {
        let probe = try CommandLineTests.process("/usr/bin/env", ["python3", "-c", "import \(module)"], in: NSTemporaryDirectory())
        try require(probe.status == 0, "\(module) is not installed: \(install)")
    }

    static func require(_ ok: Bool, _ message: String) throws {
        guard !ok else { return }
        if ProcessInfo.processInfo.environment["LEADSCORE_REQUIRE_ENGINES"] == "1" { throw TestSetupError(message) }
        throw XCTSkip(message)
    }

    func export(_ dialect: SQLDialect, _ f: Fixture, table: String = "leads", policy: Bool = true) throws -> String {
        let path = f.dir + "/query-\(dialect.rawValue)\(policy ? "" : "-plain").sql"
        let run = try CommandLineTests.run(["export-sql", "--model", f.model, "--dialect", dialect.rawValue, "--table", table,
                                            "--reasons", "3", "--out", path] + (policy ? ["--policy", f.policy] : []))
        XCTAssertEqual(run.status, 0, run.err)
        return path
    }

    /// Runs the exported query on both loads and compares every row with `score`'s output.
    func check(_ dialect: SQLDialect, policy: Bool = true) throws {
        let f = try Self.fixture.get()
        let query = try export(dialect, f, policy: policy)
        let run = try CommandLineTests.process("/usr/bin/env", ["python3", TestFiles.root.path + "/Tests/warehouse/engine.py",
                                                                dialect.rawValue, "text,typed", f.leads, query], in: f.dir)
        XCTAssertEqual(run.status, 0, run.err)
        let result = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: [[String: Any]]], run.out)
        for mode in ["text", "typed"] {
            let rows = try XCTUnwrap(result[mode])
            XCTAssertEqual(rows.count, f.scored.count + f.rejects.count, "\(dialect) \(mode): one row per lead")
            XCTAssertEqual(rows.first.map { Set($0.keys).isSuperset(of: policy ? f.scored.first!.value.keys : f.plain.first!.value.keys) }, true)
            XCTAssertGreaterThan(f.rejects.count, 10)
            var seen = Set<String>()
            for row in rows {
                let id = try XCTUnwrap(row["lead_id"] as? String)
                seen.insert(id)
                compare(row, id: id, f, expected: policy ? f.scored : f.plain, typed: mode == "typed", "\(dialect) \(mode) \(id)")
            }
            XCTAssertEqual(seen.count, rows.count)
        }
    }

    func compare(_ row: [String: Any], id: String, _ f: Fixture, expected: [String: [String: String]], typed: Bool, _ label: String) {
        if let reason = f.rejects[id] {
            let got = row["reject_reason"] as? String ?? "(none)"
            // A typed column holds the engine's spelling of the value (`inf` for 1e99999): the column and the
            // kind of problem must agree, the quoted value only in text loads.
            if typed { XCTAssertEqual(Self.strippedOfValue(got), Self.strippedOfValue(reason), label) } else { XCTAssertEqual(got, reason, label) }
            for column in ["probability", "score", "tier", "rank", "gates_passed", "reasons", "tier_reason"] where row.keys.contains(column) {
                XCTAssertTrue(row[column] is NSNull, "\(label): \(column) of a rejected row")
            }
            return
        }
        guard let s = expected[id] else { return XCTFail("\(label): not scored by leadscore") }
        XCTAssertTrue(row["reject_reason"] is NSNull, "\(label): \(row["reject_reason"] ?? "")")
        let p = (row["probability"] as? NSNumber)?.doubleValue ?? .nan
        XCTAssertLessThanOrEqual(abs(p - Double(s["probability"]!)!), 1e-12, label)
        for column in ["score", "rank", "gates_passed", "score_fit", "score_engagement"] where s[column] != nil {
            XCTAssertEqual((row[column] as? NSNumber)?.intValue, Int(s[column]!), "\(label): \(column)")
        }
        XCTAssertEqual(row["tier"] as? String, s["tier"], label)
        XCTAssertEqual(row["grade"] as? String, s["grade"], label)
        XCTAssertEqual(row["model"] as? String, s["model"], label)
        XCTAssertNotNil(s["model"], label)
        XCTAssertNotNil(s["score_fit"], label)
        XCTAssertEqual(row["tier_reason"] as? String, s["tier_reason"], label)
        XCTAssertEqual(row.keys.contains("tier"), s["tier"] != nil, label)
        for (column, value) in s where column.hasPrefix("gate_") { XCTAssertEqual(row[column] as? String, value, "\(label): \(column)") }
        let reasons = row["reasons"] as? String ?? "(none)"
        if typed { XCTAssertEqual(Self.strippedOfValues(reasons), Self.strippedOfValues(s["reasons"]!), label) }
        else { XCTAssertEqual(reasons, s["reasons"], label) }
    }

    /// `column 'x': "v" is not a number` → `column 'x': … is not a number`.
    static func strippedOfValue(_ reason: String) -> String {
        reason.replacingOccurrences(of: #"(: "[^"]*"|, not .*$)"#, with: " …", options: .regularExpression)
    }

    /// `a=v (+1.00); b=w (-0.50)` → `a (+1.00); b (-0.50)`.
    static func strippedOfValues(_ reasons: String) -> String {
        reasons.replacingOccurrences(of: #"=[^;]*? \("#, with: " (", options: .regularExpression)
    }
}
