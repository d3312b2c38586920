import XCTest
@testable import LeadScore

/// Exports that write decimal commas (`6946000,00`, with `;` between fields): `infer` proposes `decimal: ","`
/// instead of making such columns categoricals of thousands of levels, and with it training, scoring and
/// the exported SQL read the same numbers as from the plain file.
final class DecimalCommaTests: XCTestCase {
    static let numeric = ["employees", "annual_revenue", "site_visits", "pricing_page_views", "email_clicks",
                          "content_downloads", "webinars_attended", "days_since_last_activity", "purchase_timeline_days"]

    /// The file with `;` between fields, a comma for every decimal point, and `,00` after whole revenues.
    static func withDecimalCommas(_ path: String) throws -> String {
        let (header, rows, _) = try readAll(path)
        let numeric = Set(numeric.compactMap { header.firstIndex(of: $0) })
        let revenue = header.firstIndex(of: "annual_revenue")!
        var lines = [header.joined(separator: ";")]
        for r in rows {
            lines.append(r.enumerated().map { k, v in
                guard numeric.contains(k), Double(v) != nil else { return v }
                if v.contains(".") { return v.replacingOccurrences(of: ".", with: ",") }
                return k == revenue && !v.contains("e") ? v + ",00" : v
            }.joined(separator: ";"))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `train` without a spec does not turn decimal-comma numbers into a categorical (on a small file every level
    /// would fold into one, silently): it stops and names the flag; with the flag the column is numeric.
    func testTrainWithoutTheMarkNamesTheFlag() throws {
        let dir = TestFiles.folder()
        var lines = ["lead_id;visits;amount;converted"]
        var rng = SeededGenerator(seed: 9)
        for i in 0..<400 {
            let amount = String(format: "%.3f", rng.uniform() * 50).replacingOccurrences(of: ".", with: ",")
            lines.append("\(i);\(rng.below(9));\(amount);\(rng.uniform() < 0.3 ? 1 : 0)")
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: dir + "/small.csv", atomically: true, encoding: .utf8)
        let refused = try CommandLineTests.run(["train", "--data", dir + "/small.csv", "--label", "converted", "--id", "lead_id",
                                                "--out", dir + "/m.json", "--quiet"])
        XCTAssertEqual(refused.status, 1, refused.err)
        XCTAssertTrue(refused.err.contains("column 'amount' reads as numbers only with a decimal comma"), refused.err)
        XCTAssertTrue(refused.err.contains("--decimal-comma"), refused.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/m.json"))
        let trained = try CommandLineTests.run(["train", "--data", dir + "/small.csv", "--label", "converted", "--id", "lead_id",
                                                "--decimal-comma", "--out", dir + "/m.json", "--quiet"])
        XCTAssertEqual(trained.status, 0, trained.err)
        let model = try ModelFile.load(path: dir + "/m.json")
        XCTAssertEqual(model.spec.features?.first { $0.name == "amount" }?.type, .numeric)
    }

    func testDecimalCommasReadAsNumbersEverywhere() throws {
        XCTAssertEqual(ValueRules(decimalComma: true).number("6946000,00"), 6946000)
        XCTAssertEqual(ValueRules(decimalComma: true).number("-1,5e3"), -1500)
        XCTAssertNil(ValueRules(decimalComma: true).number("1.5"))
        XCTAssertNil(ValueRules().number("1,5"))

        let dir = TestFiles.folder()
        let root = TestFiles.root.path
        try Self.withDecimalCommas(root + "/datasets/leads_history.csv").write(toFile: dir + "/history.csv", atomically: true, encoding: .utf8)
        try Self.withDecimalCommas(root + "/datasets/new_leads.csv").write(toFile: dir + "/new.csv", atomically: true, encoding: .utf8)
        XCTAssertTrue(try String(contentsOfFile: dir + "/history.csv", encoding: .utf8).contains(",00;"))

        let infer = try CommandLineTests.run(["infer", "--data", dir + "/history.csv", "--label", "converted", "--id", "lead_id",
                                              "--out", dir + "/inferred.yaml"])
        XCTAssertEqual(infer.status, 0, infer.err)
        XCTAssertTrue(infer.err.contains("note: decimal: \",\" proposed: 'annual_revenue'"), infer.err)
        let inferred = try FeatureSpec.load(path: dir + "/inferred.yaml")
        XCTAssertEqual(inferred.decimal, ",")
        XCTAssertEqual(inferred.features?.first { $0.name == "annual_revenue" }?.type, .numeric)

        // The shipped spec plus the decimal mark: the same model as from the plain file, the same scores.
        let spec = try String(contentsOfFile: root + "/datasets/spec.yaml", encoding: .utf8) + "decimal: \",\"\n"
        try spec.write(toFile: dir + "/spec.yaml", atomically: true, encoding: .utf8)
        for (data, spec, out) in [(root + "/datasets/leads_history.csv", root + "/datasets/spec.yaml", "plain.json"),
                                  (dir + "/history.csv", dir + "/spec.yaml", "comma.json")] {
            let train = try CommandLineTests.run(["train", "--data", data, "--features", spec, "--out", dir + "/" + out, "--quiet"])
            XCTAssertEqual(train.status, 0, train.err)
        }
        let plain = try ModelFile.load(path: dir + "/plain.json"), comma = try ModelFile.load(path: dir + "/comma.json")
        XCTAssertEqual(comma.spec.decimal, ",")
        XCTAssertEqual(plain.coefficients.map(\.estimate), comma.coefficients.map(\.estimate))
        for (model, leads, out) in [("plain.json", root + "/datasets/new_leads.csv", "plain.csv"), ("comma.json", dir + "/new.csv", "comma.csv")] {
            let score = try CommandLineTests.run(["score", "--model", dir + "/" + model, "--leads", leads, "--policy",
                                                  root + "/models/policy.yaml", "--out", dir + "/" + out, "--quiet"])
            XCTAssertEqual(score.status, 0, score.err)
        }
        let a = try readAll(dir + "/plain.csv"), b = try readAll(dir + "/comma.csv")
        XCTAssertEqual(a.rows.map { $0.prefix(10) }, b.rows.map { $0.prefix(10) })
        XCTAssertEqual(a.rows.count, 998)

        // export-sql reads decimal commas too (DuckDB).
        // Without DuckDB the SQL half is skipped, with how to install it, unless CI requires the engines.
        try WarehouseTests.requireEngine(python: "duckdb", install: "pip install duckdb")
        let export = try CommandLineTests.run(["export-sql", "--model", dir + "/comma.json", "--dialect", "duckdb", "--table", "leads",
                                               "--out", dir + "/q.sql"])
        XCTAssertEqual(export.status, 0, export.err)
        let run = try CommandLineTests.process("/usr/bin/env", ["python3", root + "/Tests/warehouse/engine.py", "duckdb", "text",
                                                                dir + "/new.csv", dir + "/q.sql"], in: dir)
        XCTAssertEqual(run.status, 0, run.err)
        let rows = try XCTUnwrap((JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: [[String: Any]]])?["text"])
        let expected = Dictionary(uniqueKeysWithValues: b.rows.map { ($0[0], Double($0[1])!) })
        XCTAssertEqual(rows.filter { !($0["probability"] is NSNull) }.count, 998)
        for row in rows {
            guard let p = (row["probability"] as? NSNumber)?.doubleValue else { continue }
            XCTAssertLessThanOrEqual(abs(p - expected[row["lead_id"] as! String]!), 1e-12)
        }
    }
}
