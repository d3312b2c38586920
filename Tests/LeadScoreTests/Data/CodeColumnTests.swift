import XCTest
@testable import LeadScore

/// Text codes kept in one byte up to 255 levels (`CodeColumn`), in 32 bits past that: the same codes and
/// missing values either way.
final class CodeColumnTests: XCTestCase {
    func isBytes(_ c: CodeColumn) -> Bool { if case .bytes = c.storage { return true } else { return false } }

    /// 255 levels fit in a byte (the 256th value of a byte marks a missing one); 256 do not.
    func testWidthFollowsTheLevelCount() throws {
        for levels in [1, 255, 256, 300] {
            var text = "v,k\n"  // two columns: a one-column file's empty field would be a blank line
            for i in 0..<(2 * levels) { text += (i % 7 == 3 ? "" : "level\(i % levels)") + ",\(i)\n" }
            let table = try TableReader.read(path: TestFiles.write(text), columns: ["v": .text], missing: ValueRules())
            guard case .text(let codes, let names) = table["v"]!.values else { return XCTFail("not text") }
            XCTAssertEqual(isBytes(codes), levels <= 255, "\(levels) levels")
            XCTAssertEqual(names.count, levels)
            for i in 0..<(2 * levels) {
                let c = codes[i]
                if i % 7 == 3 { XCTAssertEqual(c, Column.missingCode) } else { XCTAssertEqual(names[Int(c)], "level\(i % levels)") }
            }
        }
    }

    /// `map` follows the rows and the stride, missing values as given.
    func testMapThroughATable() {
        let raw: [UInt32] = [2, Column.missingCode, 0, 1]
        for column in [CodeColumn(raw, levelCount: 3), CodeColumn(raw, levelCount: 1000)] {
            XCTAssertEqual(Array(column), raw)
            let rows = [3, 1, 2, 0]
            let table: [Int32] = [10, 11, 12]
            var out = [Int32](repeating: 0, count: 8)
            rows.withUnsafeBufferPointer { rows in
                table.withUnsafeBufferPointer { table in
                    out.withUnsafeMutableBufferPointer { column.map(rows, through: table, missing: -1, into: $0.baseAddress!, stride: 2) }
                }
            }
            XCTAssertEqual(out, [11, 0, -1, 0, 10, 0, 12, 0])
        }
    }

    /// `counts` equals counting row by row, in bytes and in 32 bits: every level (the top byte code 254 and a
    /// level no row holds included), missing values, rows in any order and repeated, and row counts around the
    /// four tallies.
    func testCountsEqualCountingRowByRow() {
        var rng = SeededGenerator(seed: 12)
        for levels in [1, 2, 3, 255, 256, 700] {
            for n in [0, 1, 3, 4, 5, 9, 1_001] {
                let raw: [UInt32] = (0..<n).map { _ in
                    rng.uniform() < 0.1 ? Column.missingCode : UInt32(rng.uniform() < 0.2 ? levels - 1 : rng.below(max(1, levels / 2)))
                }
                let column = CodeColumn(raw, levelCount: levels)
                XCTAssertEqual(isBytes(column), levels <= 255)
                for rows in [Array(0..<n), (0..<n).map { _ in rng.below(n) }] {
                    var expected = [Int](repeating: 0, count: levels), missing = 0
                    for r in rows { if raw[r] == Column.missingCode { missing += 1 } else { expected[Int(raw[r])] += 1 } }
                    let got = rows.withUnsafeBufferPointer { column.counts($0, levels: levels) }
                    XCTAssertEqual(got.counts, expected, "\(levels) levels, \(n) rows")
                    XCTAssertEqual(got.missing, missing, "\(levels) levels, \(n) rows")
                }
            }
        }
    }
}
