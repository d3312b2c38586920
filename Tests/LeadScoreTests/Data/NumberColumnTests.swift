import XCTest
import CKernels
@testable import LeadScore

/// Numeric columns kept as scaled 32-bit integers (`NumberColumn`) must read back exactly the doubles that
/// Swift's own correctly rounded `Double(String)` gives for each field, in the parts read and the sequential
/// read alike, and fall back to doubles whenever a value has no exact scaled form.
final class NumberColumnTests: XCTestCase {
    /// A plain decimal with `decimals` digits after the point, below `limit` in magnitude.
    func decimal(_ rng: inout SeededGenerator, decimals: Int, limit: Int) -> String {
        let whole = rng.below(limit)
        let sign = rng.below(4) == 0 ? "-" : ""
        if decimals == 0 { return sign + String(whole) }
        var fraction = ""
        for _ in 0..<decimals { fraction += String(rng.below(10)) }
        return sign + "\(whole).\(fraction)"
    }

    /// About 3 MB (so the file is read in parts), one column per case; `late` values from the last tenth.
    func testScaledColumnsReadBackExactly() throws {
        var rng = SeededGenerator(seed: 7)
        let columns = ["mixed", "halves", "exponent", "tiny", "negzero", "large", "overflow", "nine", "ten", "late", "pad"]
        var fields = [[String]](repeating: [], count: columns.count)
        let rows = 60_000
        for i in 0..<rows {
            let lateRow = i == rows - 17
            let row = [
                rng.below(20) == 0 ? "" : decimal(&rng, decimals: rng.below(7), limit: 1000),   // trailing zeros trimmed or not
                i < rows / 2 ? String(rng.below(100)) : decimal(&rng, decimals: 3, limit: 100),  // parts with different decimals
                lateRow ? "1.5e3" : i == 9 ? "-4.4e-05" : decimal(&rng, decimals: 2, limit: 50),  // 150000, -44 at 6 decimals
                i == rows / 2 ? "1e-12" : decimal(&rng, decimals: 2, limit: 50),                  // 12 decimals
                i == rows / 3 ? "-0" : i == rows / 3 + 1 ? "-0.0" : i == rows - 3 ? "0.125" : decimal(&rng, decimals: 1, limit: 10),
                lateRow ? "3000000000" : String(rng.below(2_000_000_000)),
                lateRow ? "500.1234567" : decimal(&rng, decimals: 2, limit: 900),                // 7 decimals: 5e9 does not fit
                decimal(&rng, decimals: 9, limit: 2),
                i == 5 ? "0.1234567891" : decimal(&rng, decimals: 2, limit: 9),                  // 10 decimals
                i < rows * 9 / 10 ? "" : decimal(&rng, decimals: 4, limit: 30),
                String(repeating: "p", count: 8),
            ]
            for (k, f) in row.enumerated() { fields[k].append(f) }
        }
        var text = columns.joined(separator: ",") + "\n"
        for i in 0..<rows { text += columns.indices.map { fields[$0][i] }.joined(separator: ",") + "\n" }
        let path = TestFiles.write(text)
        XCTAssertGreaterThan(text.utf8.count, 2 << 20)
        let requests = Dictionary(uniqueKeysWithValues: columns.dropLast().map { ($0, ColumnRequest.infer) })
        let parts = try XCTUnwrap(TableReader.inParts(path: path, requests: requests, missing: ValueRules(), delimiter: nil,
                                                      hash: false, idColumn: nil))
        let sequential = try TableReader.read(path: path, columns: requests, missing: ValueRules(), parts: false)
        let scaledColumns: Set = ["mixed", "halves", "exponent", "negzero", "nine", "late"]
        for table in [parts, sequential] {
            for (k, name) in columns.dropLast().enumerated() {
                guard case .numbers(let v) = table[name]!.values else { XCTFail("\(name) is not numeric"); continue }
                let expected = fields[k].map { $0.isEmpty ? Double.nan : Double($0)! }
                XCTAssertEqual(v.map(\.bitPattern), expected.map(\.bitPattern), name)
                XCTAssertEqual(v.doubles.map(\.bitPattern), expected.map(\.bitPattern), name)
                XCTAssertEqual(v.kind != .doubles, scaledColumns.contains(name), name)
                // Of those, the one whose integers fit in 16 bits (−0, and at most 10.0 at 3 decimals) keeps them so.
                XCTAssertEqual(v.kind == .narrow, name == "negzero", name)
            }
        }
        // A negative zero stays one, also after the column's decimals were raised past it.
        guard case .numbers(let z) = parts["negzero"]!.values else { return XCTFail("negzero") }
        XCTAssertEqual(z[rows / 3].sign, .minus)
        XCTAssertEqual(z[rows / 3 + 1].bitPattern, (-0.0).bitPattern)
    }

    /// Every decode path this CPU runs (the vector ones replace the division by a multiplication and two fused
    /// multiply-adds) gives the division's bits, sentinels included, at each count of decimals: values near
    /// zero, near the limits, at powers of ten and of two, and random ones. `make test` also runs
    /// Tests/decode-check/exhaustive.c, which checks every 32-bit value on the FMA paths.
    func testEveryDecodePathGivesTheDivisionsBits() {
        var rng = SeededGenerator(seed: 41)
        var values: [Int32] = [NumberColumn.missing, NumberColumn.negativeZero, Int32.max, Int32.max - 1, -Int32.max + 1]
        values += (-3000...3000).map { Int32($0) }
        for e in 0...9 {
            let p = Int32(NumberColumn.integerPowers[e])
            for d in -2...2 { values += [p + Int32(d), -(p + Int32(d))] }
        }
        for b in 1...30 {
            let p = Int64(1) << b
            for d in -2...2 where p + Int64(d) < Int64(Int32.max) { values += [Int32(p + Int64(d)), -Int32(p + Int64(d))] }
        }
        values += (0..<100_000).map { _ in Int32(truncatingIfNeeded: rng.below(Int(UInt32.max)) - Int(Int32.max)) }
        var ran = 0
        for path in 0...3 {
            for decimals in 0...NumberColumn.maxDecimals {
                let divisor = NumberParser.powers[decimals]
                var out = [Double](repeating: 1, count: values.count)
                guard ckernels_decode_scaled_path(values, Int64(values.count), divisor, &out, Int32(path)) == 1 else { continue }
                ran += 1
                let expected = values.map { NumberColumn.value($0, divisor) }
                let wrong = values.indices.filter { out[$0].bitPattern != expected[$0].bitPattern }
                XCTAssertTrue(wrong.isEmpty, "path \(path), 10^\(decimals): \(wrong.prefix(3).map { values[$0] }) decode differently")
            }
        }
        XCTAssertGreaterThanOrEqual(ran, 10)  // the portable path always runs
        let column = NumberColumn(scaled: values, decimals: 4)
        XCTAssertEqual(column.doubles.map(\.bitPattern), values.map { NumberColumn.value($0, 1e4).bitPattern })
    }

    /// A design block's column filled straight from scaled values (`ckernels_fill_scaled`, used by
    /// `DesignMatrix.fillDense`) holds the bits of the loop it replaces: (x − mean)·inv of the decoded value, 0 and
    /// an indicator of 1 where missing, `stride` apart, leaving the doubles between them alone; on every path,
    /// with and without an indicator, at lengths that leave a remainder after the vector lanes.
    func testFilledColumnsHoldTheLoopsBits() {
        var rng = SeededGenerator(seed: 43)
        let n = 1_003, stride = 7
        let m: [Int32] = (0..<n).map { i in
            switch rng.below(12) {
            case 0: return NumberColumn.missing
            case 1: return NumberColumn.negativeZero
            case 2: return 0
            default: return Int32(rng.below(2_000_001)) - 1_000_000
            }
        }
        for decimals in [0, 2, 9] {
            let divisor = NumberParser.powers[decimals]
            for (mean, inv) in [(0.0, 1.0), (12.375, 1 / 3.7), (-0.1, 1 / 1e-3)] {
                let expected = m.map { v -> Double in
                    let x = NumberColumn.value(v, divisor)
                    return x.isNaN ? 0 : (x - mean) * inv
                }
                for path in [0, 3] {
                    for withFlag in [false, true] {
                        var block = [Double](repeating: 7.5, count: n * stride)
                        let ran = block.withUnsafeMutableBufferPointer { b in
                            ckernels_fill_scaled_path(m, Int64(n), divisor, mean, inv, b.baseAddress! + 2, Int64(stride),
                                                      withFlag ? b.baseAddress! + 5 : nil, Int32(path))
                        }
                        if ran == 0 { continue }
                        for r in 0..<n {
                            XCTAssertEqual(block[r * stride + 2].bitPattern, expected[r].bitPattern, "path \(path) row \(r)")
                            XCTAssertEqual(block[r * stride + 5], withFlag ? (m[r] == NumberColumn.missing ? 1 : 0) : 7.5)
                            for j in [0, 1, 3, 4, 6] { XCTAssertEqual(block[r * stride + j], 7.5) }
                        }
                    }
                }
            }
        }
    }

    /// `gather` follows the rows given, missing values as NaN, in either storage.
    func testGatherFollowsTheRows() {
        let scaled = NumberColumn(scaled: [125, NumberColumn.missing, -7, 0], decimals: 2)
        let rows = [3, 1, 0, 2, 0]
        XCTAssertEqual(scaled.gathered(rows).map(\.bitPattern), [0, Double.nan, 1.25, -0.07, 1.25].map(\.bitPattern))
        XCTAssertEqual(NumberColumn([1, 2, .nan]).gathered([2, 0]).map(\.bitPattern), [Double.nan, 1].map(\.bitPattern))
        XCTAssertTrue(scaled.gathered([]).isEmpty)
        XCTAssertEqual(NumberColumn(scaled: [NumberColumn.negativeZero], decimals: 3)[0].bitPattern, (-0.0).bitPattern)
    }
}

extension NumberColumn {
    /// The values of rows `rows`, in that order, through `gather` (which the library calls with buffers it
    /// lends: `ScratchColumns`, the design's blocks).
    func gathered(_ rows: [Int]) -> [Double] {
        [Double](unsafeUninitializedCapacity: rows.count) { out, count in
            rows.withUnsafeBufferPointer { gather($0, into: out) }
            count = rows.count
        }
    }
}
