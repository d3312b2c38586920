import CKernels
import XCTest
#if canImport(Glibc)
import Glibc
#endif
@testable import LeadScore

/// CKernels/doubles.c reads a numeric column's fields as doubles: every field it takes has glibc's `strtod` value bit
/// for bit (correctly rounded, an independent computation) and NumberParser's, it takes every plain decimal of up to
/// 32 bytes and 19 significant digits that the rounding decides, and it stops at the first field it leaves, on both
/// paths; the record-by-record kernel equals the one-column one.
final class DoublesKernelTests: XCTestCase {
    /// Bytes before the first record, so that every field ends at least 32 bytes into the buffer (the vector path
    /// loads the 32 bytes before a field's end; a field ending sooner is left to the reader).
    private static let lead = 40

    /// The fields as the records of one batch (`width` fields a record, as `cells`), 64 bytes after the last as in
    /// the reader's buffer: (bytes, bounds, metadata). `quoted`: record·width + field of fields marked as the reader
    /// marks a field it unescaped into its scratch.
    private func layout(_ cells: [[[UInt8]]], quoted: Set<Int> = [], lead: Int = lead) -> ([UInt8], [Int64], [Int64]) {
        var bytes = [UInt8](repeating: 120, count: lead), bounds: [Int64] = []
        let width = cells.first?.count ?? 0
        for (r, row) in cells.enumerated() {
            for (k, f) in row.enumerated() {
                let flag = quoted.contains(r * width + k) ? Int64(CSVReader.scratchFlag) : 0
                bounds.append(Int64(bytes.count) | flag); bytes += f; bounds.append(Int64(bytes.count) | flag); bytes.append(44)
            }
        }
        bytes += [UInt8](repeating: 57, count: 64)
        return (bytes, bounds, cells.indices.flatMap { [Int64(width * $0), 0, 0, 0] })
    }

    /// The one-column kernel on field 1 of records of three fields: (records read, values, gaps).
    private func run(_ fields: [[UInt8]], path: Int32, quoted: Set<Int> = [], lead: Int = lead) -> (Int, [Double], Int) {
        let (bytes, bounds, meta) = layout(fields.map { [Array("x".utf8), $0, Array("y".utf8)] },
                                           quoted: Set(quoted.map { 3 * $0 + 1 }), lead: lead)
        var out = [Double](repeating: 7, count: fields.count), gaps: Int64 = 0
        let done = ckernels_parse_doubles_path(bytes, bounds, meta, 4, Int64(fields.count), 1, 46, &out, &gaps, path)
        return (Int(done), Array(out[..<Int(done)]), Int(gaps))
    }

    private var paths: [Int32] { ckernels_has_avx2() == 1 ? [0, 1] : [0] }

    /// Whether the kernel's rules admit the field: an optional '-', digits and at most one '.', a digit, at most 19
    /// digits from the first nonzero one, optionally `e` or `E`, an optional sign and one to three digits; at most 32
    /// bytes.
    private func plain(_ f: [UInt8]) -> Bool {
        guard f.count <= 32 else { return false }
        var body = f.first == 45 ? Array(f.dropFirst()) : f
        if let e = body.firstIndex(where: { $0 | 0x20 == 101 }) {
            var exponent = Array(body[(e + 1)...])
            if let sign = exponent.first, sign == 43 || sign == 45 { exponent.removeFirst() }
            guard (1...3).contains(exponent.count), exponent.allSatisfy({ $0 &- 48 < 10 }) else { return false }
            body = Array(body[..<e])
        }
        let digits = body.filter { $0 &- 48 < 10 }
        guard f.count <= 32, !digits.isEmpty, digits.count + body.filter({ $0 == 46 }).count == body.count,
              body.filter({ $0 == 46 }).count <= 1 else { return false }
        return digits.drop(while: { $0 == 48 }).count <= 19
    }

    private func fields(_ g: inout SeededGenerator) -> [[UInt8]] {
        let fixed = ["0", "-0", "-0.000", "0.0", ".5", "5.", "-.5", "-", ".", "-.", "+5", " 5", "5 ", "1e5", "1.2.3", "12-3",
                     "1e", "1e+", "e5", ".e5", "5.e3", "1E-05", "1e0005", "1e-400", "1e400", "1e96", "1e97", "-0e-5", "2e-5x",
                     "-34.017308919896394", "0.0016232055118572644", "4.9019395877339454e-05", "9007199254740993",
                     "18446744073709551615", "9999999999999999999", "10000000000000000000", "0.00000000000000000000000000001",
                     "1234567890.123456789", "12345678901234567890", "00000000000000000000000000000123", "1,5", "--1", "٣",
                     "179769313486231570000000000000000", "0.000000000000000000000000000000001", "nan", "inf"]
        var all = fixed.map { Array($0.utf8) }
        let alphabet = Array("0123456789".utf8)
        for k in 0..<40_000 {
            switch k % 4 {
            case 0: all.append(Array("\(Double(bitPattern: UInt64.random(in: 0x3C00_0000_0000_0000...0x4400_0000_0000_0000, using: &g)))".utf8))
            case 1: all.append(Array(String(format: "%.17g", g.normal() * [1e-3, 1, 1e3, 1e8][g.below(4)]).utf8))
            default:
                var f: [UInt8] = g.below(3) == 0 ? [45] : []
                for _ in 0..<g.below(22) { f.append(alphabet[g.below(10)]) }
                if g.below(5) != 0 { f.insert(46, at: g.below(f.count + 1)) }
                if g.below(3) == 0 { f.insert(contentsOf: repeatElement(48, count: g.below(12)), at: f.first == 45 ? 1 : 0) }
                if g.below(4) == 0 { f += Array("\(["e", "E"][g.below(2)])\(["", "+", "-"][g.below(3)])\(g.below(g.below(2) == 0 ? 10 : 400))".utf8) }
                if !f.isEmpty && g.below(40) == 0 { f[g.below(f.count)] = [32, 46, 44, 101, 43][g.below(5)] }
                all.append(f)
            }
        }
        return all
    }

    func testEveryFieldTakenHasStrtodsValueOnBothPaths() {
        var g = SeededGenerator(seed: 71)
        let all = fields(&g)
        for path in paths {
            var taken = 0, exponents = 0
            for f in all {
                let text = String(decoding: f, as: UTF8.self)
                let (done, out, gaps) = run([f], path: path)
                if done == 1 {
                    taken += 1
                    if f.contains(where: { $0 | 0x20 == 101 }) { exponents += 1 }
                    let want = f.isEmpty ? Double.nan : text.withCString { strtod($0, nil) }
                    XCTAssertEqual(out[0].bitPattern, want.bitPattern, "\"\(text)\", path \(path)")
                    XCTAssertEqual(out[0].bitPattern, f.isEmpty ? Double.nan.bitPattern : NumberParser.parse(string: text)?.bitPattern)
                    XCTAssertEqual(gaps, f.isEmpty ? 1 : 0)
                } else {
                    // Left only outside its rules, or where the rounding is undecided (strtod's, then).
                    let undecided = f.withUnsafeBufferPointer {
                        if case .other = NumberParser.decompose($0, point: 46) { return true } else { return false }
                    }
                    XCTAssertTrue(!plain(f) || undecided, "\"\(text)\" left, path \(path)")
                }
            }
            XCTAssertGreaterThan(taken, 25_000, "path \(path)")
            XCTAssertGreaterThan(exponents, 3_000, "path \(path)")  // written with an exponent, by both paths
        }
    }

    func testTheKernelStopsAtTheFirstFieldItLeaves() {
        let fields = ["1.5", "", "-2.25", "", "1e1234", "3"].map { Array($0.utf8) }
        for path in paths {
            let (done, out, gaps) = run(fields, path: path)
            XCTAssertEqual(done, 4)
            XCTAssertEqual(out.map(\.bitPattern), [1.5, .nan, -2.25, .nan].map(\.bitPattern))
            XCTAssertEqual(gaps, 2)
            // A quoted field (in the reader's scratch, not at these offsets): left for the reader.
            XCTAssertEqual(run(fields, path: path, quoted: [2]).0, 2)
            // A field ending fewer than 32 bytes into the buffer: left (the vector load would start before it).
            XCTAssertEqual(run(fields, path: path, lead: 0).0, 0)
            XCTAssertEqual(run([Array("0.00000000000000001234567891".utf8)], path: path, lead: 4).0, 1)
        }
    }

    /// `ckernels_parse_doubles_rows` against the one-column kernel on each column of the same records, on both paths:
    /// the same records read, values and gaps per column, columns stopping at different records while the others
    /// go on, in any order of fields.
    func testSeveralColumnsRecordByRecordEqualTheOneColumnKernel() {
        var g = SeededGenerator(seed: 72)
        let plain = ["-34.017308919896394", "", "0.0016232055118572644", "251.74317275371237", "-0", "12", "3.1"]
        let odd = ["x", "4.9019395877339454e-05", " 4", "123456789012345678901", "N/A", "+1", "1e-1234"]
        for trial in 0..<300 {
            let columns = 1 + g.below(7), count = 1 + g.below(150), width = columns + 2
            var cells: [[[UInt8]]] = [], quoted: Set<Int> = []
            for r in 0..<count {
                cells.append((0..<width).map { _ in
                    Array((g.below(60) == 0 ? odd[g.below(odd.count)] : plain[g.below(plain.count)]).utf8)
                })
                for k in 0..<width where g.below(200) == 0 { quoted.insert(r * width + k) }
            }
            let (bytes, bounds, meta) = layout(cells, quoted: quoted)
            let fields = Array((0..<width).map { Int64($0) }.shuffled(using: &g).prefix(columns))
            for path in paths {
                var out = [Double](repeating: 7, count: columns * count), taken = [Int64](repeating: -1, count: columns)
                var gaps = [Int64](repeating: 0, count: columns), active = [Int64](repeating: 0, count: columns)
                ckernels_parse_doubles_rows_path(bytes, bounds, meta, 4, Int64(count), Int64(columns), fields, 46, &out, &taken,
                                                 &gaps, &active, path)
                for j in 0..<columns {
                    var one = [Double](repeating: 7, count: count), oneGaps: Int64 = 0
                    let done = ckernels_parse_doubles_path(bytes, bounds, meta, 4, Int64(count), fields[j], 46, &one, &oneGaps, path)
                    let label = "trial \(trial), column \(j) (field \(fields[j])), path \(path)"
                    XCTAssertEqual(taken[j], done, label)
                    XCTAssertEqual(out[(j * count)..<(j * count + Int(done))].map(\.bitPattern), one[..<Int(done)].map(\.bitPattern), label)
                    XCTAssertEqual(gaps[j], oneGaps, label)
                }
            }
        }
    }
}
