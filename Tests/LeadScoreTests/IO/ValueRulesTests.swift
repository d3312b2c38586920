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
}
