import XCTest
@testable import LeadScore

/// Values with no-break spaces (U+00A0) around them, as a web form, an HTML export or text copied from a page
/// leaves them: train and score read them as the same values without. Before, `industry` with a trailing one in
/// a third of its rows trained a second level for each industry, and score read those leads' industries as unseen
/// ("332 unseen categories (industry 332)"), scoring them at the column's average.
final class NoBreakSpaceTests: XCTestCase {
    func sh(_ command: String, in dir: String) throws -> CommandLineTests.Run { try PipeTests.sh(command, in: dir) }

    /// `text` with every `every`-th row's value in `column` wrapped as `wrap` says (`%` is the value).
    static func wrapped(_ text: String, _ edits: [(column: String, every: Int, wrap: String)]) -> String {
        var rows = text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        for (column, every, wrap) in edits {
            let f = rows[0].firstIndex(of: column)!
            for r in stride(from: every, to: rows.count, by: every) where rows[r].count > f && !rows[r][f].isEmpty {
                rows[r][f] = wrap.replacingOccurrences(of: "%", with: rows[r][f])
            }
        }
        return rows.map { $0.joined(separator: ",") }.joined(separator: "\n")
    }

    func testNoBreakSpacesAroundValuesAreTrimmed() throws {
        let dir = TestFiles.folder()
        let nbsp = "\u{00A0}"
        let edits = [(column: "industry", every: 3, wrap: "%" + nbsp), (column: "region", every: 5, wrap: nbsp + " %"),
                     (column: "site_visits", every: 7, wrap: nbsp + "%" + nbsp + nbsp), (column: "lead_id", every: 11, wrap: "%" + nbsp)]
        for name in ["leads_history", "new_leads"] {
            let text = try String(contentsOfFile: TestFiles.root.path + "/datasets/\(name).csv", encoding: .utf8)
            try Self.wrapped(text, edits).write(toFile: dir + "/\(name)_nbsp.csv", atomically: true, encoding: .utf8)
            try text.write(toFile: dir + "/\(name)_plain.csv", atomically: true, encoding: .utf8)
        }
        let run = try sh("""
            for f in nbsp plain; do
              leadscore train --data leads_history_$f.csv --label converted --id lead_id --exclude created_date --missing Select \
                --out $f.json --quiet &&
              leadscore score --model $f.json --leads new_leads_$f.csv --policy $R/models/policy.yaml --out scored-$f.csv \
                2> score-$f.err || exit 1
            done
            """, in: dir)
        XCTAssertEqual(run.status, 0, run.err)
        let withSpaces = try SpreadsheetErrorTests.estimates(dir + "/nbsp.json")
        let plain = try SpreadsheetErrorTests.estimates(dir + "/plain.json")
        XCTAssertEqual(withSpaces, plain)
        XCTAssertEqual(plain?.count, 46)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: dir + "/scored-nbsp.csv")),
                       try Data(contentsOf: URL(fileURLWithPath: dir + "/scored-plain.csv")))
        let err = try String(contentsOfFile: dir + "/score-nbsp.err", encoding: .utf8)
        XCTAssertTrue(err.contains(" 0 unseen categories;"), err)
        XCTAssertEqual(err, try String(contentsOfFile: dir + "/score-plain.err", encoding: .utf8).replacingOccurrences(of: "plain", with: "nbsp"))
    }

    /// The trim at the byte level: only the two-byte character C2 A0 at either end, with spaces and tabs in any
    /// mix; another character ending in A0 (`à` is C3 A0), a lone C2 or A0 byte, or one inside the value stay.
    func testTheTrimTakesOnlyWholeNoBreakSpacesAtTheEnds() {
        func trim(_ bytes: [UInt8]) -> [UInt8] { bytes.withUnsafeBufferPointer { Array(CSVRecord.trimmed($0)) } }
        let n: [UInt8] = [0xC2, 0xA0], x = Array("x".utf8)
        XCTAssertEqual(trim(n + x + n), x)
        XCTAssertEqual(trim(n + [32, 9] + n + x + [32] + n + [9]), x)
        XCTAssertEqual(trim(n), [])
        XCTAssertEqual(trim(n + n + [32]), [])
        XCTAssertEqual(trim(x + n + x), x + n + x)
        XCTAssertEqual(trim(Array("voilà".utf8)), Array("voilà".utf8))
        XCTAssertEqual(trim(x + [0xC2]), x + [0xC2])
        XCTAssertEqual(trim([0xA0] + x), [0xA0] + x)
        XCTAssertEqual(trim([0xC2, 0xC2, 0xA0]), [0xC2])
        XCTAssertEqual(trim([0xA0, 0xC2, 0xA0]), [0xA0])
        XCTAssertEqual(trim([32] + x + [9]), x)
    }
}
