import XCTest
@testable import LeadScore

/// `--case-fold` (spec `normalize: {case: lower}`): categorical values are lower-cased at training and at
/// scoring alike, in score and in the exported SQL, and the model keeps the setting.
final class CaseFoldTests: XCTestCase {
    func testCategoricalValuesAreLowerCasedAtTrainingAndScoring() throws {
        for (raw, folded) in [("ÉMEA West", "émea west"), ("EMEA", "emea"), ("emea", "emea")] {
            XCTAssertEqual(Array(raw.utf8).withUnsafeBufferPointer { CaseFold.withFolded($0) { Array($0) } }, Array(folded.utf8))
        }
        let root = TestFiles.root.path
        let dir = TestFiles.folder()
        let train = try CommandLineTests.run(["train", "--data", "datasets/leads_history.csv", "--features", "datasets/spec.yaml",
                                              "--case-fold", "--out", dir + "/m.json", "--quiet"])
        XCTAssertEqual(train.status, 0, train.err)
        let model = try ModelFile.load(path: dir + "/m.json")
        XCTAssertTrue(model.spec.foldsCase)
        let industry = try XCTUnwrap(model.encoder.features.first { $0.name == "industry" })
        XCTAssertFalse(industry.levels.contains("Software"), "merged into software: \(industry.levels)")
        XCTAssertTrue(industry.levels.contains("software"))

        // The new leads with every categorical value in upper case score exactly as the originals (but for the
        // spec's missing token `Select`, which matches exactly, case included, as missing tokens do).
        let (header, rows, _) = try readAll(root + "/datasets/new_leads.csv")
        let categorical = Set(["industry", "region", "job_level", "lead_source", "email_domain"].compactMap { header.firstIndex(of: $0) })
        let shouting = ([header] + rows.map { r in r.enumerated().map { categorical.contains($0) && $1 != "Select" ? $1.uppercased() : $1 } })
            .map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n"
        try shouting.write(toFile: dir + "/upper.csv", atomically: true, encoding: .utf8)
        for (leads, out) in [(root + "/datasets/new_leads.csv", "scored-plain.csv"), (dir + "/upper.csv", "scored-upper.csv")] {
            let score = try CommandLineTests.run(["score", "--model", dir + "/m.json", "--leads", leads, "--out", dir + "/" + out])
            XCTAssertEqual(score.status, 0, score.err)
            XCTAssertTrue(score.err.contains("; 0 unseen categories;"), score.err)
        }
        let a = try readAll(dir + "/scored-plain.csv"), b = try readAll(dir + "/scored-upper.csv")
        XCTAssertEqual(a.rows.map { $0.prefix(4) }, b.rows.map { $0.prefix(4) })

        // The exported query lower-cases too (DuckDB).
        // Without DuckDB the SQL half is skipped, with how to install it, unless CI requires the engines.
        try WarehouseTests.requireEngine(python: "duckdb", install: "pip install duckdb")
        XCTAssertEqual(try CommandLineTests.run(["export-sql", "--model", dir + "/m.json", "--dialect", "duckdb", "--table", "leads",
                                                 "--out", dir + "/q.sql"]).status, 0)
        let run = try CommandLineTests.process("/usr/bin/env", ["python3", root + "/Tests/warehouse/engine.py", "duckdb", "text",
                                                                dir + "/upper.csv", dir + "/q.sql"], in: dir)
        XCTAssertEqual(run.status, 0, run.err)
        let sqlRows = try XCTUnwrap((JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: [[String: Any]]])?["text"])
        let expected = Dictionary(uniqueKeysWithValues: b.rows.map { ($0[0], Double($0[1])!) })
        XCTAssertEqual(sqlRows.filter { !($0["probability"] is NSNull) }.count, expected.count)
        for row in sqlRows {
            guard let p = (row["probability"] as? NSNumber)?.doubleValue else { continue }
            XCTAssertLessThanOrEqual(abs(p - expected[row["lead_id"] as! String]!), 1e-12)
        }
    }
}
