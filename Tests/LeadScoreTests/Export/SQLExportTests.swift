import XCTest
@testable import LeadScore

/// The SQL text itself: each dialect's spelling, and the refusals. The engines' results are checked in
/// `WarehouseTests`.
final class SQLExportTests: XCTestCase {
    func testEachDialectSpellsDoublesStringsAndNames() {
        XCTAssertEqual(SQLDialect.spark.double(0.125), "0.125D")
        XCTAssertEqual(SQLDialect.spark.double(1e-5), "1E-05D")
        XCTAssertEqual(SQLDialect.spark.double(-2.5e20), "-2.5E20D")
        XCTAssertEqual(SQLDialect.postgres.double(0.1), "'0.1'::float8")
        XCTAssertEqual(SQLDialect.duckdb.double(0), "'0.0'::DOUBLE")
        XCTAssertEqual(SQLDialect.bigquery.double(3), "CAST('3.0' AS FLOAT64)")
        XCTAssertEqual(SQLDialect.postgres.double(-.infinity), "CAST('-Infinity' AS double precision)")
        // Every double reads back as itself from its literal (the shortest round-trip form).
        for x in [0.1, 1.0 / 3, 2.2250738585072014e-308, 1.7976931348623157e308, -123456.789e-200] {
            let text = SQLDialect.postgres.double(x).dropFirst().prefix { $0 != "'" }
            XCTAssertEqual(Double(String(text)), x)
        }
        XCTAssertEqual(SQLDialect.postgres.string("o'brien \\ co"), "'o''brien \\ co'")
        XCTAssertEqual(SQLDialect.spark.string("o'brien \\ co"), "'o\\'brien \\\\ co'")
        XCTAssertEqual(SQLDialect.snowflake.string("o'brien \\ co"), "'o''brien \\\\ co'")
        XCTAssertEqual(SQLDialect.duckdb.table("crm.leads"), "\"crm\".\"leads\"")
        XCTAssertEqual(SQLDialect.bigquery.table("project.dataset.leads"), "`project`.`dataset`.`leads`")
        XCTAssertEqual(SQLDialect.spark.identifier("a`b"), "`a``b`")
        XCTAssertEqual(SQLDialect.postgres.identifier("a\"b"), "\"a\"\"b\"")
        XCTAssertNil(SQLDialect.postgres.table("crm..leads"))
    }

    func testAModelWithoutAnIdAndAnEmptyTableNameAreRefused() throws {
        var model = try ScoreRunTests.sample.get()
        var options = SQLExport.Options(dialect: .duckdb, table: "leads")
        XCTAssertNoThrow(try SQLExport.query(model: model, modelPath: "m.json", options: options))
        options.table = "crm."
        XCTAssertThrowsError(try SQLExport.query(model: model, modelPath: "m.json", options: options)) {
            XCTAssertTrue($0 is UsageError, "\($0)")
        }
        options.table = "leads"
        model.spec.id = nil
        XCTAssertThrowsError(try SQLExport.query(model: model, modelPath: "m.json", options: options)) {
            XCTAssertEqual("\($0)", "m.json: the model has no id column, and the exported query returns one row per lead by its id;"
                + " train it with --id COL (or `id:` in the spec)")
        }
    }

    /// One statement, as the contract says: a WITH … SELECT ending in one semicolon, every step named once.
    func testTheQueryIsOneSelectStatement() throws {
        let model = try ScoreRunTests.sample.get()
        for dialect in SQLDialect.allCases {
            var options = SQLExport.Options(dialect: dialect, table: "crm.leads")
            options.policy = TestFiles.root.path + "/models/policy.yaml"
            options.reasons = 2
            let sql = try SQLExport.query(model: model, modelPath: "m.json", options: options)
            let code = sql.split(separator: "\n").filter { !$0.hasPrefix("--") }.joined(separator: "\n")
            XCTAssertTrue(code.hasPrefix("WITH\n"), "\(dialect)")
            XCTAssertTrue(code.hasSuffix(";"), "\(dialect)")
            // The reasons' separator is the one string literal holding a semicolon.
            XCTAssertEqual(code.replacingOccurrences(of: "'; '", with: "").filter { $0 == ";" }.count, 1, "\(dialect): one statement")
            XCTAssertTrue(code.contains(dialect.table("crm.leads")!), "\(dialect)")
            XCTAssertEqual(code.contains("MATERIALIZED"), dialect == .postgres, "\(dialect)")
        }
    }
}
