import CKernels
import XCTest
@testable import LeadScore

/// NumberColumn's narrow storage: a scaled column whose integers fit in 16 bits keeps them so (`compact`), and
/// everything read from it is what the same column stored 32-bit gives, bit for bit: its values, extremes and
/// distribution, and the kernels' moments and design lanes (narrow.c, moments.c, lanes.c on every path). The
/// 32-bit storage and its kernels are the reference (their own tests hold them to the Swift loops).
final class NarrowColumnTests: XCTestCase {
    /// A column of scaled integers: counts and small amounts, the sentinels, zero, and (`wide`) one value that does
    /// not fit in 16 bits at a random place.
    private func column(_ rng: inout SeededGenerator, rows: Int, wide: Int32? = nil) -> [Int32] {
        var m: [Int32] = (0..<rows).map { _ in
            switch rng.below(20) {
            case 0: return NumberColumn.missing
            case 1: return NumberColumn.negativeZero
            case 2: return 0
            case 3: return [-32_766, 32_767, -1, 1][rng.below(4)]
            default: return Int32(rng.below(65_533)) - 32_766
            }
        }
        if let wide, rows > 0 { m[rng.below(rows)] = wide }
        return m
    }

    func testNarrowingKeepsExactlyTheColumnsThatFit() {
        var rng = SeededGenerator(seed: 61)
        var ran = 0
        for rows in [0, 1, 15, 16, 17, 1_023, 1_024, 1_025, 5_000] {
            for wide: Int32? in [nil, 32_768, -32_767, -32_768, Int32.max - 1, -Int32.max + 1] {
                let m = column(&rng, rows: rows, wide: wide)
                let fits = m.allSatisfy { $0 == NumberColumn.missing || $0 == NumberColumn.negativeZero || (-32_766...32_767).contains($0) }
                XCTAssertEqual(fits, wide == nil || rows == 0)
                for path: Int32 in [0, 1] {
                    var out = [Int16](repeating: 7, count: rows)
                    let result = ckernels_narrow_scaled_path(m, Int64(rows), &out, path)
                    if result == -1 { XCTAssertEqual(path, 1, "the plain loop always runs"); continue }
                    ran += 1
                    XCTAssertEqual(result == 1, fits, "path \(path), \(rows) rows, \(String(describing: wide))")
                    guard fits else { continue }
                    XCTAssertEqual(out.map(NumberColumn.widened), m, "path \(path), \(rows) rows")
                    var back = [Int32](repeating: 7, count: rows)
                    XCTAssertEqual(ckernels_widen_scaled_path(out, Int64(rows), &back, path), 1)
                    XCTAssertEqual(back, m, "widened back, path \(path), \(rows) rows")
                }
                let compact = NumberColumn.compact(scaled: m, decimals: 2)
                XCTAssertEqual(compact.kind, fits ? .narrow : .scaled)
            }
        }
        XCTAssertGreaterThanOrEqual(ran, 54, "the plain loop ran for every column")
    }

    /// Every way of reading a narrow column gives what the same integers stored 32-bit give.
    func testANarrowColumnReadsAsTheScaledOne() {
        var rng = SeededGenerator(seed: 62)
        for (rows, decimals) in [(1, 0), (9, 1), (40_000, 2), (70_001, 0)] {
            let m = column(&rng, rows: rows)
            let narrow = NumberColumn.compact(scaled: m, decimals: decimals), scaled = NumberColumn(scaled: m, decimals: decimals)
            XCTAssertEqual(narrow.kind, .narrow)
            XCTAssertEqual(narrow.count, rows)
            XCTAssertEqual(narrow.scaledDivisor, scaled.scaledDivisor)
            XCTAssertEqual(narrow.doubles.map(\.bitPattern), scaled.doubles.map(\.bitPattern), "\(rows) rows")
            XCTAssertEqual((0..<rows).map { narrow[$0].bitPattern }, (0..<rows).map { scaled[$0].bitPattern })
            let picks = (0..<min(rows, 5_000)).map { _ in rng.below(rows) }
            XCTAssertEqual(narrow.gathered(picks).map(\.bitPattern), scaled.gathered(picks).map(\.bitPattern))
            XCTAssertEqual(narrow.picking(picks).kind, .narrow)
            XCTAssertEqual(narrow.picking(picks).doubles.map(\.bitPattern), scaled.picking(picks).doubles.map(\.bitPattern))
            let a = narrow.extremes(), b = scaled.extremes()
            XCTAssertEqual(a?.lo.bitPattern, b?.lo.bitPattern)
            XCTAssertEqual(a?.hi.bitPattern, b?.hi.bitPattern)
            XCTAssertEqual(a?.zeroOne, b?.zeroOne)
            let range = (rows / 3)..<rows
            for scratch in [nil, ScratchColumns()] {
                XCTAssertEqual(narrow.withScaled(rows: range, scratch: scratch) { m, _ in Array(m) }, Array(m[range]))
            }
            XCTAssertNil(NumberColumn([1.5]).withScaled(rows: 0..<1) { _, _ in true })
            // The drift distribution over every row, and over a run of them.
            for rowList in [Array(0..<rows), Array(range)] {
                let x = Distributions.of(Column(name: "x", values: .numbers(narrow), missingCount: 0), rows: rowList, scratch: ScratchColumns())
                let y = Distributions.of(Column(name: "x", values: .numbers(scaled), missingCount: 0), rows: rowList, scratch: ScratchColumns())
                XCTAssertEqual(x, y, "\(rows) rows")
            }
        }
        // All missing, or all −0 and missing: no extremes, or zeros.
        let gaps = NumberColumn.compact(scaled: [NumberColumn.missing, NumberColumn.missing], decimals: 0)
        XCTAssertEqual(gaps.kind, .narrow)
        XCTAssertNil(gaps.extremes())
        let zeros = NumberColumn.compact(scaled: [NumberColumn.negativeZero, NumberColumn.missing, 0], decimals: 3)
        XCTAssertEqual(zeros.extremes()?.lo.bitPattern, (-0.0).bitPattern)
        XCTAssertEqual(zeros.extremes()?.hi.bitPattern, (0.0).bitPattern)
    }

    /// moments.c on 16-bit columns: the bits of the 32-bit kernel's plain loops on the same integers, on every path.
    func testMomentsOfNarrowColumnsAreTheWideOnes() {
        var rng = SeededGenerator(seed: 63)
        var compared = 0
        for rows in [1, 7, 8, 9, 64, 65, 1_001] {
            for count in 1...8 {
                let columns = (0..<count).map { _ in column(&rng, rows: rows) }
                let divisors = (0..<count).map { _ in Double(NumberColumn.integerPowers[rng.below(5)]) }
                let narrow = columns.map { $0.map(Self.narrowed) }
                var mean = [Double](repeating: 7, count: count), scale = mean, zsum = mean
                var present = [Int64](repeating: 7, count: count)
                _ = withPointers(columns[...], []) {
                    ckernels_moments_path($0.map { Optional($0) }, divisors, Int64(count), Int64(rows), &mean, &scale, &present, &zsum, 0)
                }
                for path: Int32 in [0, 1] {
                    var m = [Double](repeating: 9, count: count), s = m, z = m, p = [Int64](repeating: 9, count: count)
                    let ran = withPointers(narrow[...], []) {
                        ckernels_moments_narrow_path($0.map { Optional($0) }, divisors, Int64(count), Int64(rows), &m, &s, &p, &z, path)
                    }
                    if ran == 0 { XCTAssertEqual(path, 1, "the plain loops always run"); continue }
                    XCTAssertEqual(m.map(\.bitPattern), mean.map(\.bitPattern), "mean, path \(path), \(rows) rows, \(count) columns")
                    XCTAssertEqual(s.map(\.bitPattern), scale.map(\.bitPattern), "scale, path \(path)")
                    XCTAssertEqual(z.map(\.bitPattern), zsum.map(\.bitPattern), "zsum, path \(path)")
                    XCTAssertEqual(p, present, "present, path \(path)")
                    compared += 1
                }
            }
        }
        XCTAssertGreaterThanOrEqual(compared, 56, "the plain loops ran for every group")
    }

    /// lanes.c with 16-bit and 32-bit columns side by side: every lane the 32-bit kernel's bits on the same integers,
    /// cells outside the lanes left alone, on every path.
    func testMixedLanesAreTheWideOnes() {
        var rng = SeededGenerator(seed: 64)
        var compared = 0
        for n in [1, 7, 8, 9, 64, 265] {
            for lanes in 1...8 {
                let stride = lanes + 3
                let columns = (0..<lanes).map { _ in column(&rng, rows: n) }
                let narrow = (0..<lanes).map { _ in UInt8(rng.below(2)) }
                let divisors = (0..<lanes).map { _ in Double(NumberColumn.integerPowers[rng.below(5)]) }
                let means = (0..<lanes).map { _ in Double(rng.below(2_000)) / 7 - 100 }
                let invs = (0..<lanes).map { _ in 1 / (Double(rng.below(1_000) + 1) / 3) }
                let indicators = (0..<lanes).map { _ in Int8(rng.below(3) == 0 ? 1 : 0) }
                var expected = [Double](repeating: 42, count: n * stride)
                _ = withPointers(columns[...], []) {
                    ckernels_fill_lanes_path($0.map { Optional($0) }, divisors, means, invs, indicators, Int64(lanes), Int64(n),
                                             &expected, Int64(stride), 0)
                }
                let stored: [[UInt8]] = (0..<lanes).map { j in
                    narrow[j] == 1 ? columns[j].map(Self.narrowed).withUnsafeBytes { Array($0) } : columns[j].withUnsafeBytes { Array($0) }
                }
                for path: Int32 in [0, 1] {
                    var out = [Double](repeating: 42, count: n * stride)
                    let ran = withPointers(stored[...], []) { bases in
                        bases.map { UnsafeRawPointer($0) as UnsafeRawPointer? }.withUnsafeBufferPointer { raw in
                            ckernels_fill_lanes_mixed_path(raw.baseAddress!, narrow, divisors, means, invs, indicators, Int64(lanes),
                                                           Int64(n), &out, Int64(stride), path)
                        }
                    }
                    if ran == 0 { XCTAssertEqual(path, 1, "the plain loops always run"); continue }
                    XCTAssertEqual(out.map(\.bitPattern), expected.map(\.bitPattern), "path \(path), \(n) rows, widths \(narrow)")
                    compared += 1
                }
            }
        }
        XCTAssertGreaterThanOrEqual(compared, 48, "the plain loops ran for every group")
    }

    private static func narrowed(_ m: Int32) -> Int16 {
        m == NumberColumn.missing ? NumberColumn.narrowMissing : m == NumberColumn.negativeZero ? NumberColumn.narrowNegativeZero
            : Int16(m)
    }

    private func withPointers<T, R>(_ arrays: ArraySlice<[T]>, _ bases: [UnsafePointer<T>], _ body: ([UnsafePointer<T>]) -> R) -> R {
        guard let array = arrays.first else { return body(bases) }
        return array.withUnsafeBufferPointer { withPointers(arrays.dropFirst(), bases + [$0.baseAddress!], body) }
    }
}
