import CKernels
import XCTest
@testable import LeadScore

/// CKernels/lanes.c fills up to eight neighbouring design columns at once: on each path every value is
/// `ckernels_fill_scaled`'s (one column at a time) bit for bit, and cells outside its lanes are left alone; a
/// design's blocks are the same through the lanes (consecutive rows) as through the per-column fill.
final class LanesKernelTests: XCTestCase {
    func testEveryPathGivesTheOneColumnFillsBits() {
        var rng = SeededGenerator(seed: 8)
        var compared = 0
        for n in [1, 7, 8, 9, 64, 265] {
            for lanes in 1...8 {
                let stride = lanes + 3
                let columns: [[Int32]] = (0..<lanes).map { _ in
                    (0..<n).map { _ in
                        let u = rng.below(20)
                        return u == 0 ? NumberColumn.missing : u == 1 ? NumberColumn.negativeZero : u == 2 ? 0
                            : Int32(truncatingIfNeeded: Int(rng.below(4_000_000_000)) - 2_000_000_000)
                    }
                }
                let divisors = (0..<lanes).map { _ in Double(NumberColumn.integerPowers[rng.below(10)]) }
                let means = (0..<lanes).map { _ in Double(rng.below(2_000)) / 7 - 100 }
                let invs = (0..<lanes).map { _ in 1 / (Double(rng.below(1_000) + 1) / 3) }
                let indicators = (0..<lanes).map { _ in Int8(rng.below(3) == 0 ? 1 : 0) }
                // The reference: each lane by the one-column fill, its value or its flag.
                var expected = [Double](repeating: 42, count: n * stride)
                for j in 0..<lanes {
                    var values = [Double](repeating: 0, count: n * stride), flags = values
                    columns[j].withUnsafeBufferPointer { m in
                        ckernels_fill_scaled(m.baseAddress!, Int64(n), divisors[j], means[j], invs[j], &values, Int64(stride), &flags)
                    }
                    for r in 0..<n { expected[r * stride + j] = indicators[j] == 1 ? flags[r * stride] : values[r * stride] }
                }
                for path: Int32 in [0, 1] {
                    var out = [Double](repeating: 42, count: n * stride)
                    let ran = withBases(columns[...], []) { bases in
                        ckernels_fill_lanes_path(bases.map { Optional($0) }, divisors, means, invs, indicators, Int64(lanes),
                                                 Int64(n), &out, Int64(stride), path)
                    }
                    if ran == 0 { XCTAssertEqual(path, 1, "the plain loops always run"); continue }
                    XCTAssertEqual(out.map(\.bitPattern), expected.map(\.bitPattern), "path \(path), \(n) rows, \(lanes) lanes")
                    compared += 1
                }
            }
        }
        XCTAssertEqual(compared, 2 * 6 * 8, "both paths ran")
    }

    /// CKernels/lanes_doubles.c: on each path every lane is the Swift loop's `(x − mean)·inv` (0 for NaN) or its
    /// missing indicator, bit for bit (signed zeros, subnormals, gaps, tails of 1-7 rows), and cells outside its lanes
    /// are left alone.
    func testDoublesEveryPathGivesTheLoopsBits() {
        var rng = SeededGenerator(seed: 18)
        var compared = 0
        for n in [1, 7, 8, 9, 64, 265] {
            for lanes in 1...8 {
                let stride = lanes + 3
                let columns: [[Double]] = (0..<lanes).map { _ in
                    (0..<n).map { _ in
                        let u = rng.below(20)
                        return u == 0 ? .nan : u == 1 ? -0.0 : u == 2 ? 0 : u == 3 ? .leastNonzeroMagnitude
                            : Double(bitPattern: rng.next() & ~(0x7FF << 52) | (UInt64(rng.below(80) + 983) << 52))
                    }
                }
                let means = (0..<lanes).map { _ in Double(rng.below(2_000)) / 7 - 100 }
                let invs = (0..<lanes).map { _ in 1 / (Double(rng.below(1_000) + 1) / 3) }
                let indicators = (0..<lanes).map { _ in Int8(rng.below(3) == 0 ? 1 : 0) }
                var expected = [Double](repeating: 42, count: n * stride)
                for j in 0..<lanes {
                    for r in 0..<n {
                        let v = columns[j][r]
                        expected[r * stride + j] = indicators[j] == 1 ? (v.isNaN ? 1 : 0) : v.isNaN ? 0 : (v - means[j]) * invs[j]
                    }
                }
                for path: Int32 in [0, 1] {
                    var out = [Double](repeating: 42, count: n * stride)
                    let ran = withDoubleBases(columns[...], []) { bases in
                        ckernels_fill_lanes_doubles_path(bases.map { Optional($0) }, means, invs, indicators, Int64(lanes),
                                                         Int64(n), &out, Int64(stride), path)
                    }
                    if ran == 0 { XCTAssertEqual(path, 1, "the plain loops always run"); continue }
                    XCTAssertEqual(out.map(\.bitPattern), expected.map(\.bitPattern), "path \(path), \(n) rows, \(lanes) lanes")
                    compared += 1
                }
            }
        }
        XCTAssertEqual(compared, 2 * 6 * 8, "both paths ran")
    }

    /// A design whose numeric columns are stored some as doubles (17 digits: float64 in full), some as scaled
    /// integers, side by side: its blocks through the lanes (groups of one kind, broken where the kind changes)
    /// equal the blocks of the same values picked from every other row of a longer table (one column at a time).
    func testDoubleAndScaledColumnsThroughLanesEqualOneColumnAtATime() throws {
        var rng = SeededGenerator(seed: 16)
        let names = (0..<13).map { "m\($0)" } + ["c"]
        let junk = (0..<13).map { String($0 % 7) }.joined(separator: ",") + ",red"
        let doubles: Set<Int> = [0, 1, 2, 4, 5, 6, 7, 8, 9, 10, 12]
        let (a, b) = try PickedTables.make(header: names, rows: 1_003, text: ["c"], junk: junk) {
            (0..<13).map { c -> String in
                let u = rng.below(100)
                if u < (c % 3 == 0 ? 10 : 0) { return "" }
                if u < 12 { return "-0.0" }
                if doubles.contains(c) { return "\(Double(Int(rng.below(20_000)) - 5_000) + Double(rng.below(1 << 40)) / 3e12)" }
                return "\(Int(rng.below(20_000)) - 5_000).\(rng.below(100))"
            } + [["red", "blue"][rng.below(2)]]
        }
        let features = names.map { FeatureDeclaration(name: $0, type: $0 == "c" ? .categorical : .numeric) }
        let encoder = try FeatureEncoder.fit(table: a, features: features, minLevelCount: 1, dropReference: false)
        let lanes = try DesignMatrix(encoder: encoder, table: a, rows: Array(0..<a.rowCount))
        // Missing indicators are codes (`RowCodes`), not lanes: a lane per column, of its kind.
        XCTAssertEqual(lanes.lanes.kinds.map { $0 == .doubles }, (0..<13).map { doubles.contains($0) })
        XCTAssertTrue(lanes.lanes.groups.allSatisfy { g in (g.first..<g.first + g.count).allSatisfy {
            (lanes.lanes.kinds[$0] == .doubles) == (lanes.lanes.kinds[g.first] == .doubles) } }, "a group holds doubles or none")
        let columns = try DesignMatrix(encoder: encoder, table: b, rows: Array(stride(from: 0, to: b.rowCount, by: 2)))
        var x = [Double](repeating: 0, count: lanes.blockRows * lanes.denseWidth), y = x
        for start in stride(from: 0, to: a.rowCount, by: 300) {
            let range = start..<min(a.rowCount, start + 300)
            lanes.fillDense(range, into: &x)
            columns.fillDense(range, into: &y)
            XCTAssertEqual(x.prefix(range.count * lanes.denseWidth).map(\.bitPattern),
                           y.prefix(range.count * lanes.denseWidth).map(\.bitPattern), "rows \(range)")
        }
    }

    /// Blocks of a design over every row (lanes: a group of eight, neighbours split between groups, indicators;
    /// columns of 16-bit and 32-bit integers side by side) equal the blocks of the same values picked from every
    /// other row of a longer table (one column at a time).
    func testDesignBlocksThroughLanesEqualOneColumnAtATime() throws {
        var rng = SeededGenerator(seed: 6)
        let names = (0..<11).map { "m\($0)" } + ["g", "b", "c"]
        let junk = (0..<11).map { String($0 % 7) }.joined(separator: ",") + ",1,no,red"
        let (a, b) = try PickedTables.make(header: names, rows: 1_003, text: ["b", "c"], junk: junk) {
            (0..<11).map { c -> String in
                let u = rng.below(100)
                if u < (c % 3 == 0 ? 10 : 0) { return "" }
                if u < 12 { return "-0.0" }
                // Odd columns fit in 16 bits at one decimal (NumberColumn's narrow storage).
                if c % 2 == 1 { return "\(Int(rng.below(6_000)) - 3_000).\(rng.below(10))" }
                return "\(Int(rng.below(20_000)) - 5_000).\(rng.below(100))"
            } + [String(rng.below(500)), ["yes", "no", ""][rng.below(3)], ["red", "blue"][rng.below(2)]]
        }
        let features = names.map { n in
            FeatureDeclaration(name: n, type: n == "c" ? .categorical : n == "b" ? .boolean : .numeric,
                               transform: n == "g" ? .log1p : nil)
        }
        let encoder = try FeatureEncoder.fit(table: a, features: features, minLevelCount: 1, dropReference: false)
        XCTAssertEqual(encoder.features.prefix(11).filter(\.missingIndicator).count, 4)
        let lanes = try DesignMatrix(encoder: encoder, table: a, rows: Array(0..<a.rowCount))
        for (t, c) in [(a, 1), (a, 2), (b, 1), (b, 2)] { XCTAssertEqual(t["m\(c)"]!.numbers!.kind, c == 1 ? .narrow : .scaled) }
        XCTAssertTrue(lanes.lanes.groups.contains { g in Set(lanes.lanes.kinds[g.first..<(g.first + g.count)]).count == 2 },
                      "a group of both widths")
        let columns = try DesignMatrix(encoder: encoder, table: b, rows: Array(stride(from: 0, to: b.rowCount, by: 2)))
        XCTAssertEqual(lanes.denseWidth, columns.denseWidth)
        var x = [Double](repeating: 0, count: lanes.blockRows * lanes.denseWidth), y = x
        for start in stride(from: 0, to: a.rowCount, by: 300) {
            let range = start..<min(a.rowCount, start + 300)
            lanes.fillDense(range, into: &x)
            columns.fillDense(range, into: &y)
            XCTAssertEqual(x.prefix(range.count * lanes.denseWidth).map(\.bitPattern),
                           y.prefix(range.count * lanes.denseWidth).map(\.bitPattern), "rows \(range)")
        }
    }

    /// A design wider than the lanes take (300 scaled columns, 64 of them lanes, the rest one at a time) fills its
    /// blocks as the per-column fill does, on a thread with a worker's stack as the objective's chunks are.
    func testMoreColumnsThanLanesTake() throws {
        var rng = SeededGenerator(seed: 13)
        let names = (0..<300).map { "x\($0)" }
        let (a, b) = try PickedTables.make(header: names, rows: 41, text: [], junk: names.map { _ in "1" }.joined(separator: ",")) {
            names.map { _ in rng.below(10) == 0 ? "" : "\(rng.below(1_000)).\(rng.below(10))" }
        }
        let encoder = try FeatureEncoder.fit(table: a, features: names.map { FeatureDeclaration(name: $0, type: .numeric) },
                                             minLevelCount: 1, dropReference: false)
        let lanes = try DesignMatrix(encoder: encoder, table: a, rows: Array(0..<a.rowCount))
        let columns = try DesignMatrix(encoder: encoder, table: b, rows: Array(stride(from: 0, to: b.rowCount, by: 2)))
        XCTAssertEqual(lanes.lanes.columns.count, DesignMatrix.Lanes.maxColumns)
        var x = [Double](repeating: 0, count: 41 * lanes.denseWidth), y = x
        // On a thread with a 512 KB stack, as libdispatch's workers have on macOS.
        final class Block: @unchecked Sendable { var values: [Double] = [] }
        let block = Block()
        block.values = x
        let done = DispatchSemaphore(value: 0)
        let thread = Thread { lanes.withLaneBases { lanes.fillDense(0..<41, into: &block.values, bases: $0) }; done.signal() }
        thread.stackSize = 1 << 19
        thread.start()
        done.wait()
        x = block.values
        columns.fillDense(0..<41, into: &y)
        XCTAssertEqual(x.map(\.bitPattern), y.map(\.bitPattern))
    }

    private func withDoubleBases<R>(_ arrays: ArraySlice<[Double]>, _ bases: [UnsafePointer<Double>],
                                    _ body: ([UnsafePointer<Double>]) -> R) -> R {
        guard let array = arrays.first else { return body(bases) }
        return array.withUnsafeBufferPointer { withDoubleBases(arrays.dropFirst(), bases + [$0.baseAddress!], body) }
    }

    private func withBases<R>(_ arrays: ArraySlice<[Int32]>, _ bases: [UnsafePointer<Int32>],
                              _ body: ([UnsafePointer<Int32>]) -> R) -> R {
        guard let array = arrays.first else { return body(bases) }
        return array.withUnsafeBufferPointer { withBases(arrays.dropFirst(), bases + [$0.baseAddress!], body) }
    }
}
