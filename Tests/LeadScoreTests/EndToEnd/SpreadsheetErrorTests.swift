import XCTest
@testable import LeadScore

/// History and new leads saved from a sheet whose formula cells have no value (`#DIV/0!`, `#N/A`): train and
/// score read them as the same files with those cells empty, and train says how many each column had. Before,
/// `site_visits` with seven `#N/A` became a categorical of 30 levels and `annual_revenue` with ten `#DIV/0!` one of
/// 4,472, silently.
final class SpreadsheetErrorTests: XCTestCase {
    func sh(_ command: String, in dir: String) throws -> CommandLineTests.Run { try PipeTests.sh(command, in: dir) }

    /// `text` with `value` in `column` of every `every`-th row (the same cells empty in the second file).
    static func edited(_ text: String, _ edits: [(column: String, every: Int, value: String)]) -> (errors: String, blanks: String) {
        var errors = text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        var blanks = errors
        for (column, every, value) in edits {
            let f = errors[0].firstIndex(of: column)!
            for r in stride(from: every, to: errors.count, by: every) where errors[r].count > f {
                errors[r][f] = value
                blanks[r][f] = ""
            }
        }
        let join = { (rows: [[String]]) in rows.map { $0.joined(separator: ",") }.joined(separator: "\n") }
        return (join(errors), join(blanks))
    }

    /// The coefficients' estimates in the model file at `path`, in its order.
    static func estimates(_ path: String) throws -> [Double]? {
        let m = try XCTUnwrap(JSONSerialization.jsonObject(with: try Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        return (m["coefficients"] as? [[String: Any]])?.compactMap { $0["estimate"] as? Double }
    }

    func testErrorValuesReadAsEmptyCells() throws {
        let dir = TestFiles.folder()
        let edits = [(column: "site_visits", every: 700, value: "#N/A"), (column: "annual_revenue", every: 500, value: "#DIV/0!")]
        for name in ["leads_history", "new_leads"] {
            let text = try String(contentsOfFile: TestFiles.root.path + "/datasets/\(name).csv", encoding: .utf8)
            let (errors, blanks) = Self.edited(text, edits)
            try errors.write(toFile: dir + "/\(name)_errors.csv", atomically: true, encoding: .utf8)
            try blanks.write(toFile: dir + "/\(name)_blanks.csv", atomically: true, encoding: .utf8)
        }
        let run = try sh("""
            for f in errors blanks; do
              leadscore train --data leads_history_$f.csv --label converted --id lead_id --exclude created_date --missing Select \
                --out $f.json 2> train-$f.err &&
              leadscore score --model $f.json --leads new_leads_$f.csv --policy $R/models/policy.yaml --out scored-$f.csv --quiet || exit 1
            done
            """, in: dir)
        XCTAssertEqual(run.status, 0, run.err)
        let errors = try Self.estimates(dir + "/errors.json"), blanks = try Self.estimates(dir + "/blanks.json")
        XCTAssertEqual(errors, blanks)
        XCTAssertEqual(errors?.count, 47)  // the sample's 46, and site_visits' missing indicator
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: dir + "/scored-errors.csv")),
                       try Data(contentsOf: URL(fileURLWithPath: dir + "/scored-blanks.csv")))
        let err = try String(contentsOfFile: dir + "/train-errors.err", encoding: .utf8)
        XCTAssertTrue(err.contains("note: leads_history_errors.csv: column 'annual_revenue': 10 values are spreadsheet error values"
            + " (#DIV/0!, …), read as missing; fix the formulas in the sheet"), err)
        XCTAssertTrue(err.contains("note: leads_history_errors.csv: column 'site_visits': 7 values are spreadsheet error values (#N/A, …)"),
                      err)
        XCTAssertFalse(try String(contentsOfFile: dir + "/train-blanks.err", encoding: .utf8).contains("spreadsheet"))
    }
}
