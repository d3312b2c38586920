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

    /// Blocks of a design over every row (lanes: a group of eight, neighbours split between groups, indicators)
    /// equal the blocks of the same values picked from every other row of a longer table (one column at a time).
    func testDesignBlocksThroughLanesEqualOneColumnAtATime() throws {
        var rng = SeededGenerator(seed: 6)
        let names = (0..<11).map { "m\($0)" } + ["g", "b", "c"]
        let junk = (0..<11).map { String($0 % 7) }.joined(separator: ",") + ",1,no,red"
        let (a, b) = try PickedTables.make(header: names, rows: 1_003, text: ["b", "c"], junk: junk) {
            (0..<11).map { c -> String in
                let u = rng.below(100)
                if u < (c % 3 == 0 ? 10 : 0) { return "" }
                if u < 12 { return "-0.0" }
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

    private func withBases<R>(_ arrays: ArraySlice<[Int32]>, _ bases: [UnsafePointer<Int32>],
                              _ body: ([UnsafePointer<Int32>]) -> R) -> R {
        guard let array = arrays.first else { return body(bases) }
        return array.withUnsafeBufferPointer { withBases(arrays.dropFirst(), bases + [$0.baseAddress!], body) }
    }
}
