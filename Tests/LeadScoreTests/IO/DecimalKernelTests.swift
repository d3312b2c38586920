import CKernels
import XCTest
@testable import LeadScore

/// CKernels/decimals.c reads a numeric column's plain decimals as scaled integers: every field it takes has the value
/// NumberParser.shortDecimal and NumberColumn.scaled give it (the reader's own rules), it takes every such field of
/// up to 16 bytes that is not padded, and it stops at the first field it leaves, on both paths.
final class DecimalKernelTests: XCTestCase {
    /// Swift's reading of one field at `decimals`: the scaled integer, the missing code, or nil (not a plain one).
    private func expected(_ f: [UInt8], decimals: Int, point: UInt8) -> Int32? {
        if f.isEmpty { return NumberColumn.missing }
        return f.withUnsafeBufferPointer { b in
            NumberParser.shortDecimal(b, point: point).flatMap { NumberColumn.scaled($0, decimals: decimals) }
        }
    }

    /// The kernel over `fields` as the records of one batch (the field at index 1 of three per record), with 16
    /// bytes after the last field as in the reader's buffer: (records read, values, gaps).
    /// `quoted`: records whose field is marked as the reader marks a field it unescaped into its scratch.
    private func run(_ fields: [[UInt8]], decimals: Int, point: UInt8, path: Int32, quoted: Set<Int> = []) -> (Int, [Int32], Int) {
        var bytes: [UInt8] = [], bounds: [Int64] = []
        for (r, f) in fields.enumerated() {
            for k in 0..<3 {
                let field = k == 1 ? f : Array("x,".utf8)
                let flag = k == 1 && quoted.contains(r) ? Int64(CSVReader.scratchFlag) : 0
                bounds.append(Int64(bytes.count) | flag); bytes += field; bounds.append(Int64(bytes.count) | flag); bytes.append(44)
            }
        }
        bytes += [UInt8](repeating: 57, count: 16)
        // Records as the batch's metadata lays them out: the first field's index, then three other words.
        let meta: [Int64] = fields.indices.flatMap { [Int64(3 * $0), 0, 0, 0] }
        var out = [Int32](repeating: 7, count: fields.count)
        var gaps: Int64 = 0
        let done = ckernels_parse_scaled_path(bytes, bounds, meta, 4, Int64(fields.count), 1, Int64(decimals), point,
                                              &out, &gaps, path)
        return (Int(done), Array(out[..<Int(done)]), Int(gaps))
    }

    private func fields(_ rng: inout SeededGenerator, point: UInt8) -> [[UInt8]] {
        let fixed = ["", "0", "-0", "-0.000", "0.0", ".5", "5.", "-.5", "-", ".", "-.", "+5", " 5", "5 ", "\t5", "1e5",
                     "1.2.3", "12-3", "00000000000012.5", "2147483646", "2147483647", "-2147483646", "214748364.7",
                     "99999999999999999", "9999999999999999", "1234567890123456", "0.000000001", "0.0000000001",
                     "-1,5", "1,5", "12a", "--1", "-1.", "3.14159", "1.5e", "٣"]
        var all = fixed.map { Array($0.utf8) }
        let alphabet = Array("0123456789".utf8)
        for _ in 0..<20_000 {
            var f: [UInt8] = rng.below(5) == 0 ? [45] : []
            let whole = rng.below(11), fraction = rng.below(4) == 0 ? -1 : rng.below(10)
            for _ in 0..<whole { f.append(alphabet[rng.below(10)]) }
            if fraction >= 0 { f.append(point); for _ in 0..<fraction { f.append(alphabet[rng.below(10)]) } }
            if !f.isEmpty && rng.below(50) == 0 { f[rng.below(f.count)] = [32, 46, 44, 120, 43][rng.below(5)] }
            all.append(f)
        }
        return all
    }

    func testEveryFieldTakenHasTheReadersValueOnBothPaths() {
        var rng = SeededGenerator(seed: 61)
        var vectorRuns = 0
        for point in [UInt8(ascii: "."), UInt8(ascii: ",")] {
            let all = fields(&rng, point: point)
            for decimals in [0, 2, 6, 9] {
                for path: Int32 in [0, 1] {
                    if path == 1 && ckernels_has_avx2() == 0 { continue }
                    if path == 1 { vectorRuns += 1 }
                    var taken = 0
                    for f in all {
                        let want = expected(f, decimals: decimals, point: point)
                        let (done, out, gaps) = run([f], decimals: decimals, point: point, path: path)
                        let text = String(decoding: f, as: UTF8.self)
                        if done == 1 {
                            taken += 1
                            XCTAssertEqual(out.first, want, "\"\(text)\" at \(decimals) decimals, path \(path)")
                            XCTAssertEqual(gaps, f.isEmpty ? 1 : 0)
                        } else {
                            // Left only when the reader would not take it either, or it is padded or long.
                            let padded = [32, 9].contains(f.first ?? 0) || [32, 9].contains(f.last ?? 0)
                            XCTAssertTrue(want == nil || padded || f.count > 16, "\"\(text)\" left at \(decimals) decimals, path \(path)")
                        }
                    }
                    XCTAssertGreaterThan(taken, 1_000)  // the generator makes many plain ones at every count of decimals
                }
            }
        }
        if ckernels_has_avx2() == 1 { XCTAssertEqual(vectorRuns, 8) }
    }

    func testTheKernelStopsAtTheFirstFieldItLeaves() {
        let fields = ["1.5", "", "-2.25", "", "x", "3"].map { Array($0.utf8) }
        for path: Int32 in ckernels_has_avx2() == 1 ? [0, 1] : [0] {
            let (done, out, gaps) = run(fields, decimals: 2, point: 46, path: path)
            XCTAssertEqual(done, 4)
            XCTAssertEqual(out, [150, NumberColumn.missing, -225, NumberColumn.missing])
            XCTAssertEqual(gaps, 2)
            // A quoted field (in the reader's scratch, not at these offsets): left for the reader.
            XCTAssertEqual(run(fields, decimals: 2, point: 46, path: path, quoted: [2]).0, 2)
            // More decimals than the column has so far: left for the reader, which raises them.
            XCTAssertEqual(run(fields, decimals: 0, point: 46, path: path).0, 0)
        }
    }

    /// The kernel that reads several columns record by record (`ckernels_parse_scaled_rows`, for `ScaledStretch`)
    /// against the one-column kernel on each column of the same records, on both paths: the same records read,
    /// the same values and the same gaps per column, columns stopping at different records (a quoted field, more
    /// decimals than the column has, a padded or long field, text) while the others go on, in any order of fields.
    func testSeveralColumnsRecordByRecordEqualTheOneColumnKernel() {
        var rng = SeededGenerator(seed: 62)
        let plain = ["1.5", "", "-2.25", "0", "-0", "12", "3.1", "", "7.25", "-0.5"]
        let odd = ["x", "1.2345", " 4", "12345678901234567", "1e3", "N/A"]
        for trial in 0..<300 {
            let columns = 1 + rng.below(7), count = 1 + rng.below(150), width = columns + 2
            var cells: [[[UInt8]]] = [], quoted: Set<Int> = []
            for r in 0..<count {
                var row: [[UInt8]] = []
                for k in 0..<width {
                    let rare = rng.below(60) == 0
                    row.append(Array((rare ? odd[rng.below(odd.count)] : plain[rng.below(plain.count)]).utf8))
                    if rng.below(200) == 0 { quoted.insert(r * width + k) }
                }
                cells.append(row)
            }
            var bytes: [UInt8] = [], bounds: [Int64] = []
            for (r, row) in cells.enumerated() {
                for (k, f) in row.enumerated() {
                    let flag = quoted.contains(r * width + k) ? Int64(CSVReader.scratchFlag) : 0
                    bounds.append(Int64(bytes.count) | flag); bytes += f; bounds.append(Int64(bytes.count) | flag); bytes.append(44)
                }
            }
            bytes += [UInt8](repeating: 57, count: 16)
            let meta: [Int64] = cells.indices.flatMap { [Int64(width * $0), 0, 0, 0] }
            // Distinct fields of the record, in any order; decimals 0 to 3.
            let fields = Array((0..<width).map { Int64($0) }.shuffled(using: &rng).prefix(columns))
            let decimals = fields.map { _ in Int64(rng.below(4)) }
            for path: Int32 in ckernels_has_avx2() == 1 ? [0, 1] : [0] {
                var out = [Int32](repeating: 7, count: columns * count), taken = [Int64](repeating: -1, count: columns)
                var gaps = [Int64](repeating: 0, count: columns), active = [Int64](repeating: 0, count: columns)
                ckernels_parse_scaled_rows_path(bytes, bounds, meta, 4, Int64(count), Int64(columns), fields, decimals, 46,
                                                &out, &taken, &gaps, &active, path)
                for j in 0..<columns {
                    var one = [Int32](repeating: 7, count: count), oneGaps: Int64 = 0
                    let done = ckernels_parse_scaled_path(bytes, bounds, meta, 4, Int64(count), fields[j], decimals[j], 46,
                                                          &one, &oneGaps, path)
                    let label = "trial \(trial), column \(j) (field \(fields[j]), \(decimals[j]) decimals), path \(path)"
                    XCTAssertEqual(taken[j], done, label)
                    XCTAssertEqual(Array(out[(j * count)..<(j * count + Int(done))]), Array(one[..<Int(done)]), label)
                    XCTAssertEqual(gaps[j], oneGaps, label)
                }
            }
        }
    }
}
