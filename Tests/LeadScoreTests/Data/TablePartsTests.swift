import XCTest
@testable import LeadScore

/// `TableReader.inParts` (one part of the file per core, joined in order) must give exactly the table the
/// sequential read gives, or decline so that the sequential read runs.
final class TablePartsTests: XCTestCase {
    func assertSameTable(_ a: Table, _ b: Table, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.rowCount, b.rowCount, file: file, line: line)
        XCTAssertEqual(try a.sha256(), try b.sha256(), file: file, line: line)
        XCTAssertEqual(a.idHashes, b.idHashes, file: file, line: line)
        XCTAssertEqual(a.columns.keys.sorted(), b.columns.keys.sorted(), file: file, line: line)
        for (name, x) in a.columns {
            let y = b.columns[name]!
            XCTAssertEqual(x.missingCount, y.missingCount, name, file: file, line: line)
            switch (x.values, y.values) {
            case (.numbers(let u), .numbers(let v)):
                XCTAssertEqual(u.map(\.bitPattern), v.map(\.bitPattern), name, file: file, line: line)
                XCTAssertEqual(u.kind, v.kind, name, file: file, line: line)
            case (.dates(let u), .dates(let v)):
                XCTAssertEqual(u.map(\.bitPattern), v.map(\.bitPattern), name, file: file, line: line)
            case (.text(let c, let l), .text(let d, let m)):
                XCTAssertEqual(l, m, name, file: file, line: line)
                XCTAssertEqual(Array(c), Array(d), name, file: file, line: line)
            case (.tooManyLevels, .tooManyLevels): break
            default: XCTFail("\(name): \(x.values) against \(y.values)", file: file, line: line)
            }
        }
    }

    /// About 3 MB, so the file is cut: quoted fields with commas and line breaks throughout, a column missing
    /// in the whole first half (undecided there), levels that first appear in the second half, an id column.
    func testPartsEqualTheSequentialRead() throws {
        var rng = SeededGenerator(seed: 12)
        var text = "id,n,late,c,note,d,y\n"
        let rows = 40_000
        for i in 0..<rows {
            let n = rng.uniform() < 0.1 ? "" : String(rng.normal())
            let late = i < rows * 3 / 4 ? "" : String(rng.below(50))
            let c = i < rows / 2 ? ["a", "b"][rng.below(2)] : ["b", "c", "d\(rng.below(40))"][rng.below(3)]
            let note = "\"said \"\"hi\"\", then,\nleft \(rng.below(1000))\""
            let d = "2024-0\(1 + rng.below(9))-1\(rng.below(10))"
            text += "L\(i),\(n),\(late),\(c),\(note),\(d),\(rng.below(2))\n"
        }
        let path = TestFiles.write(text)
        XCTAssertGreaterThan(text.utf8.count, 2 << 20)
        let requests: [String: ColumnRequest] = ["n": .infer, "late": .infer, "c": .text, "note": .text, "d": .infer, "y": .text]
        let sequential = try TableReader.read(path: path, columns: requests, missing: ValueRules(), hash: true, idColumn: "id",
                                              parts: false)
        let parts = try XCTUnwrap(TableReader.inParts(path: path, requests: requests, missing: ValueRules(), delimiter: nil,
                                                      hash: true, idColumn: "id"))
        assertSameTable(parts, sequential)
        guard case .numbers = parts["late"]!.values, case .dates = parts["d"]!.values else { return XCTFail("types") }
    }

    /// Columns of plain numbers read record by record (`NumberStretch`) until a field one of them leaves: more
    /// decimals than it has so far (it raises them and goes on), a quoted or padded number, a spreadsheet error
    /// value, a missing token, an empty field; and with a missing token that reads as a number (then each column
    /// reads on its own). Equal to the sequential read.
    func testColumnsOfPlainNumbersRecordByRecordEqualTheSequentialRead() throws {
        var rng = SeededGenerator(seed: 13)
        var text = "id,a,b,c,d,e,y\n"
        for i in 0..<60_000 {
            func value(_ decimals: Int) -> String {
                switch rng.below(400) {
                case 0: return "\"\(rng.below(100))\""
                case 1: return " \(rng.below(100))"
                case 2: return "#DIV/0!"
                case 3: return "NA"
                case 4: return "-1"
                case 5: return String(format: "%.6f", rng.normal())
                case 6..<40: return ""
                default: return String(format: "%.\(decimals)f", rng.normal() * 50)
                }
            }
            text += "L\(i),\(value(0)),\(value(1)),\(value(2)),\(value(3)),\(rng.below(1000)),\(rng.below(2))\n"
        }
        let path = TestFiles.write(text)
        let requests: [String: ColumnRequest] = ["a": .infer, "b": .infer, "c": .numeric, "d": .infer, "e": .infer, "y": .text]
        for missing in [ValueRules(), ValueRules(extra: ["-1"])] {
            let sequential = try TableReader.read(path: path, columns: requests, missing: missing, hash: true, idColumn: "id",
                                                  parts: false)
            assertSameTable(try XCTUnwrap(TableReader.inParts(path: path, requests: requests, missing: missing, delimiter: nil,
                                                              hash: true, idColumn: "id")), sequential)
            // The values with six decimals raised every column to six.
            XCTAssertEqual(sequential["a"]!.numbers?.scaledDivisor, 1e6)
        }
    }

    /// Columns stored as doubles (float64 written in full, as pandas writes them) read record by record
    /// (`NumberStretch`, `ckernels_parse_doubles_rows`) until a field one of them leaves: an exponent, a quoted or
    /// padded number, more than 19 significant digits, a spreadsheet error value, a missing token, an empty field; and
    /// with a missing token that reads as a number. Equal to the sequential read, which parses field by field.
    func testColumnsOfDoublesRecordByRecordEqualTheSequentialRead() throws {
        var rng = SeededGenerator(seed: 14)
        var text = "id,a,b,c,d,y\n"
        for i in 0..<50_000 {
            func value() -> String {
                switch rng.below(400) {
                case 0: return "\"\(rng.normal())\""
                case 1: return " \(rng.normal())"
                case 2: return "#DIV/0!"
                case 3: return "NA"
                case 4: return "-1"
                case 5: return "\(rng.normal() * 1e-7)"
                case 6: return "0.12345678901234567890123"
                case 7..<40: return ""
                default: return String(format: "%.17g", rng.normal() * 50)
                }
            }
            text += "L\(i),\(value()),\(value()),\(value()),\(value()),\(rng.below(2))\n"
        }
        let path = TestFiles.write(text)
        let requests: [String: ColumnRequest] = ["a": .infer, "b": .infer, "c": .numeric, "d": .infer, "y": .text]
        for missing in [ValueRules(), ValueRules(extra: ["-1"])] {
            let sequential = try TableReader.read(path: path, columns: requests, missing: missing, hash: true, idColumn: "id",
                                                  parts: false)
            assertSameTable(try XCTUnwrap(TableReader.inParts(path: path, requests: requests, missing: missing, delimiter: nil,
                                                              hash: true, idColumn: "id")), sequential)
            XCTAssertNil(sequential["a"]!.numbers?.scaledDivisor)  // stored as doubles
        }
    }

    /// A column that reads as numbers in the first half and as text in the second: the parts disagree, so
    /// the parts read declines and `read` gives the sequential result (text, read again).
    func testPartsDeclineWhenTheyDecideAColumnDifferently() throws {
        var text = "x,pad\n"
        for i in 0..<120_000 { text += (i < 60_000 ? "\(i % 1000)" : "t\(i % 7)") + ",\(String(repeating: "p", count: 12))\n" }
        let path = TestFiles.write(text)
        XCTAssertNil(try TableReader.inParts(path: path, requests: ["x": .infer], missing: ValueRules(), delimiter: nil,
                                             hash: false, idColumn: nil))
        let table = try TableReader.read(path: path, columns: ["x": .infer], missing: ValueRules())
        assertSameTable(table, try TableReader.read(path: path, columns: ["x": .infer], missing: ValueRules(), parts: false))
        guard case .text(_, let levels) = table["x"]!.values else { return XCTFail("x should be text") }
        XCTAssertEqual(levels.count, 1_007)
    }

    /// Text codes are kept in bytes while a part reads a column of at most 255 levels: columns that pass 255
    /// levels in the first half only, the second half only, only once the halves are joined, or never, must
    /// join to the sequential read's codes, in bytes exactly when the whole column has at most 255 levels.
    func testTextCodesCrossingAByteJoinEqualTheSequentialRead() throws {
        var rng = SeededGenerator(seed: 31)
        var text = "early,late,joined,few,pad\n"
        let rows = 120_000
        for i in 0..<rows {
            let half = i < rows / 2
            let early = half ? "e\(rng.below(400))" : "e\(rng.below(30))"
            let late = half ? "l\(rng.below(30))" : "l\(rng.below(400))"
            let joined = rng.below(11) == 0 ? "" : half ? "a\(rng.below(200))" : "b\(rng.below(200))"
            let few = rng.below(9) == 0 ? "" : "f\(rng.below(255))"
            text += "\(early),\(late),\(joined),\(few),\(String(repeating: "p", count: 8))\n"
        }
        let path = TestFiles.write(text)
        let requests: [String: ColumnRequest] = ["early": .text, "late": .text, "joined": .text, "few": .infer]
        let parts = try XCTUnwrap(TableReader.inParts(path: path, requests: requests, missing: ValueRules(), delimiter: nil,
                                                      hash: false, idColumn: nil))
        assertSameTable(parts, try TableReader.read(path: path, columns: requests, missing: ValueRules(), parts: false))
        for (name, levels) in [("early", 400), ("late", 400), ("joined", 400), ("few", 255)] {
            guard case .text(let codes, let names) = parts[name]!.values else { return XCTFail("\(name) should be text") }
            XCTAssertEqual(names.count, levels, name)
            if case .bytes = codes.storage { XCTAssertLessThanOrEqual(levels, 255, name) } else { XCTAssertGreaterThan(levels, 255, name) }
        }
    }

    /// Every record holds a line break late in a long quoted note, so the first line break after a cut's
    /// target is almost always inside quotes: the cuts must still fall between records (the quotes before a
    /// cut are counted), so that the file is read in parts, equal to the sequential read.
    func testCutsSkipLineBreaksInsideQuotes() throws {
        var text = "id,note,n\n"
        for i in 0..<20_000 { text += "L\(i),\"\(String(repeating: "x", count: 150)), \"\"quoted\"\"\nend\",\(i % 13)\n" }
        let path = TestFiles.write(text)
        let requests: [String: ColumnRequest] = ["note": .text, "n": .infer]
        let parts = try XCTUnwrap(TableReader.inParts(path: path, requests: requests, missing: ValueRules(), delimiter: nil,
                                                      hash: false, idColumn: "id"))
        assertSameTable(parts, try TableReader.read(path: path, columns: requests, missing: ValueRules(), idColumn: "id", parts: false))
    }

    /// The quotes before each cut are counted in pieces on all cores: the pieces must cover every stretch
    /// between two targets exactly once, in order, at least two per core whatever the number of stretches (but
    /// for stretches of fewer bytes than that).
    func testQuoteCountPiecesTileTheStretches() {
        for targets: [Int64] in [[10, 1_000_010], [0, 7, 8, 9], [0, 400, 401], (0...33).map { Int64($0) * 1_000 + 3 }] {
            let pieces = CSVReader.countPieces(targets)
            for k in 0..<(targets.count - 1) {
                let mine = pieces.filter { $0.stretch == k }
                var at = targets[k]
                for p in mine { XCTAssertEqual(p.from, at, "\(targets)"); XCTAssertGreaterThan(p.to, p.from); at = p.to }
                XCTAssertEqual(at, mine.isEmpty ? targets[k] : targets[k + 1], "\(targets)")
            }
            XCTAssertEqual(pieces.map(\.stretch), pieces.map(\.stretch).sorted())
            // At least 2 × cores pieces: each stretch in ⌈2·cores / stretches⌉, or one a byte when it is shorter.
            let each = (2 * Cores.count + targets.count - 2) / (targets.count - 1)
            let expected = (1..<targets.count).reduce(0) { $0 + min(Int(targets[$1] - targets[$1 - 1]), each) }
            XCTAssertEqual(pieces.count, expected, "\(targets)")
        }
    }
}
