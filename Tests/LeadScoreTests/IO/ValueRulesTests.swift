import XCTest
@testable import LeadScore

/// The values that always mean "no value", whatever the spec says.
final class ValueRulesTests: XCTestCase {
    func testBuiltInMissingTokens() {
        let rules = ValueRules()
        for token in ["", "NA", "na", "N/A", "null", "NULL", "NaN", "nan", "\\N", "\\n"] {
            XCTAssertTrue(rules.isMissing(token), token)
        }
        for token in ["N", "n", "\\", "\\NA", "\\\\N", "N\\", "none", "0", "-", "NAN1", " NA"] {
            XCTAssertFalse(rules.isMissing(token), token)
        }
    }

    /// `\N` (PostgreSQL's text COPY, MySQL's OUTFILE, Hive) in a numeric and a text column: gaps, as empty fields
    /// are (the files, over 1 MB, are read in parallel parts).
    func testBackslashNIsAGapInNumbersAndText() throws {
        let rows = 120_000
        var text = "n\tc\n", plain = "n\tc\n"
        for i in 0..<rows {
            let gap = i % 7 == 3
            text += (gap ? "\\N" : "\(i % 50).5") + "\t" + (gap ? "\\N" : "level\(i % 4)") + "\n"
            plain += (gap ? "" : "\(i % 50).5") + "\t" + (gap ? "" : "level\(i % 4)") + "\n"
        }
        let columns: [String: ColumnRequest] = ["n": .numeric, "c": .text]
        let a = try TableReader.read(path: TestFiles.write(text, name: "n.tsv"), columns: columns, missing: ValueRules())
        let b = try TableReader.read(path: TestFiles.write(plain, name: "p.tsv"), columns: columns, missing: ValueRules())
        let an = try XCTUnwrap(a["n"]?.numbers?.doubles), bn = try XCTUnwrap(b["n"]?.numbers?.doubles)
        XCTAssertGreaterThan(text.utf8.count, 1 << 20)
        XCTAssertEqual(an.count, rows)
        XCTAssertEqual(an.map { $0.isNaN }, bn.map { $0.isNaN })
        XCTAssertEqual(an.filter { !$0.isNaN }, bn.filter { !$0.isNaN })
        XCTAssertEqual(an.filter(\.isNaN).count, (rows + 3) / 7)
        XCTAssertEqual((0..<rows).map { a["c"]!.text(at: $0) }, (0..<rows).map { b["c"]!.text(at: $0) })
        XCTAssertNil(a["c"]!.text(at: 3))
    }

    /// A spreadsheet's error values (`#DIV/0!` where a formula divided by zero) are missing, in any case; the
    /// read notes how many each column had. Before, one made a numeric column a categorical, silently. Inferred
    /// columns, read in parallel parts (over 1 MB) and in one sequence, as the same column with those cells empty.
    func testSpreadsheetErrorValuesAreMissingWithANote() throws {
        let rules = ValueRules()
        for token in ValueRules.sheetErrors + ["#div/0!", "#n/a", "#Value!", "#getting_data"] {
            XCTAssertTrue(rules.isMissing(token), token)
        }
        for token in ["#", "#N/", "#DIV/0", "#N/A!", "#NA", "# of visits", "N/A!", "#DIV/0!!", "#VALUE", "##N/A", "#REF!x"] {
            XCTAssertFalse(rules.isMissing(token), token)
        }
        let rows = 90_000
        var text = "n,c,m\n", plain = "n,c,m\n"
        for i in 0..<rows {
            let n = i % 11 == 4 ? "#DIV/0!" : "\(i % 50).25", c = i % 13 == 5 ? "#n/a" : "level\(i % 4)"
            text += n + "," + c + ",\(i % 3)\n"
            plain += (n.hasPrefix("#") ? "" : n) + "," + (c.hasPrefix("#") ? "" : c) + ",\(i % 3)\n"
        }
        XCTAssertGreaterThan(text.utf8.count, 1 << 20)
        let columns: [String: ColumnRequest] = ["n": .infer, "c": .infer, "m": .infer]
        let errorsPath = TestFiles.write(text), plainPath = TestFiles.write(plain)
        let b = try TableReader.read(path: plainPath, columns: columns, missing: rules)
        for parts in [true, false] {
            let a = try TableReader.read(path: errorsPath, columns: columns, missing: rules, parts: parts)
            let an = try XCTUnwrap(a["n"]?.numbers?.doubles), bn = try XCTUnwrap(b["n"]?.numbers?.doubles)
            XCTAssertEqual(an.map { $0.isNaN }, bn.map { $0.isNaN })
            XCTAssertEqual(an.filter { !$0.isNaN }, bn.filter { !$0.isNaN })
            XCTAssertEqual(an.filter(\.isNaN).count, (rows + 6) / 11)
            XCTAssertEqual((0..<rows).map { a["c"]!.text(at: $0) }, (0..<rows).map { b["c"]!.text(at: $0) })
            XCTAssertEqual(a.notes, [
                "\(errorsPath): column 'n': \((rows + 6) / 11) values are spreadsheet error values (#DIV/0!, …), read as missing;"
                    + " fix the formulas in the sheet",
                "\(errorsPath): column 'c': \((rows + 7) / 13) values are spreadsheet error values (#n/a, …), read as missing;"
                    + " fix the formulas in the sheet"], "parts \(parts)")
        }
        XCTAssertEqual(b.notes, [])
    }
}
