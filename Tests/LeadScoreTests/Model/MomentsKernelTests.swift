import CKernels
import XCTest
@testable import LeadScore

/// CKernels/moments.c fits up to eight numeric columns' standardisation at once: on each path its mean, scale,
/// count present and sum of standardised values are the bits of FeatureEncoder.fitOne's three loops (written out
/// again here), and FeatureEncoder.fit gives the same encoder through the kernel as through fitOne.
final class MomentsKernelTests: XCTestCase {
    /// fitOne's numeric loops over the decoded values (`MomentsDoublesKernelTests.loops`), one column.
    private func loops(_ m: [Int32], divisor: Double) -> (mean: Double, scale: Double, present: Int, zsum: Double) {
        MomentsDoublesKernelTests.loops(m.map { NumberColumn.value($0, divisor) })
    }

    private func column(_ rng: inout SeededGenerator, rows: Int, shape: Int) -> [Int32] {
        (0..<rows).map { _ in
            let u = rng.below(100)
            if u < 9 { return NumberColumn.missing }
            if u < 11 { return NumberColumn.negativeZero }
            if u < 14 { return 0 }
            switch shape {
            case 0: return Int32(rng.below(2_000_001)) - 1_000_000
            case 1: return Int32(truncatingIfNeeded: Int(rng.next() % UInt64(UInt32.max - 2)) - Int(Int32.max) + 1)
            case 2: return shape == 2 && u == 99 ? Int32.max - 1 : Int32(rng.below(50))
            default: return Int32(rng.below(1_000)) + 123_456_000
            }
        }
    }

    func testEveryPathGivesTheLoopsBits() throws {
        var rng = SeededGenerator(seed: 12)
        var compared = 0
        for rows in [1, 7, 8, 9, 16, 63, 64, 65, 1_001, 4_099] {
            for count in 1...8 {
                let columns = (0..<count).map { c in column(&rng, rows: rows, shape: (c + rows) % 4) }
                // Every row missing in one column: mean 0, scale 1.
                let used = columns.enumerated().map { c, m in c == 2 ? [Int32](repeating: NumberColumn.missing, count: rows) : m }
                let divisors = (0..<count).map { _ in Double(NumberColumn.integerPowers[rng.below(10)]) }
                let expected = zip(used, divisors).map { loops($0, divisor: $1) }
                for path: Int32 in [0, 1] {
                    var mean = [Double](repeating: 7, count: count), scale = mean, zsum = mean
                    var present = [Int64](repeating: 7, count: count)
                    let ran = withBases(used[...], []) { bases in
                        ckernels_moments_path(bases.map { Optional($0) }, divisors, Int64(count), Int64(rows), &mean, &scale,
                                              &present, &zsum, path)
                    }
                    if ran == 0 { XCTAssertEqual(path, 1, "the plain loops always run"); continue }
                    compared += MomentsDoublesKernelTests.compare((mean, scale, present, zsum), expected,
                                                                  "path \(path), \(rows) rows")
                }
            }
        }
        XCTAssertGreaterThan(compared, 360, "both paths ran")
        // Outside 1 ... 8 columns nothing is written.
        var mean = [Double](repeating: 7, count: 9), scale = mean, zsum = mean, present = [Int64](repeating: 7, count: 9)
        let nine = [[Int32]](repeating: [1, 2], count: 9)
        XCTAssertEqual(withBases(nine[...], []) { ckernels_moments($0.map { Optional($0) }, [Double](repeating: 1, count: 9), 9, 2, &mean, &scale, &present, &zsum) }, 0)
        XCTAssertEqual(mean, [Double](repeating: 7, count: 9))
    }

    /// The encoder fitted on every row (eleven scaled columns: a group of eight and one of three, beside a log1p
    /// column, a categorical and a column of doubles) equals the one fitted by fitOne on the same values picked
    /// from every other row of a table twice as long.
    func testFitThroughTheKernelEqualsFitOne() throws {
        var rng = SeededGenerator(seed: 5)
        let names = (0..<11).map { "m\($0)" } + ["g", "c", "wide"]
        let junk = (0..<11).map { String($0 % 7) }.joined(separator: ",") + ",1,red,2e3"
        let (a, b) = try PickedTables.make(header: names, rows: 3_001, text: ["c"], junk: junk) {
            (0..<11).map { c -> String in
                let u = rng.below(100)
                if u < 8 { return "" }
                if u < 10 { return c % 2 == 0 ? "-0" : "-0.00" }
                let whole = Int(rng.below(20_000)) - 5_000
                return c % 3 == 0 ? String(whole) : "\(whole).\(rng.below(1_000))"
            } + [String(rng.below(500)), ["red", "blue", "green"][rng.below(3)], "\(rng.below(9))e\(rng.below(30))"]
        }
        let scaled = names.filter { a[$0]!.numbers.map { $0.kind != .doubles } ?? false }
        XCTAssertEqual(scaled.count, 12, "the eleven columns and g are held as scaled integers")
        // Whole numbers up to 15,000 (where −0 has no decimals) and g (below 500) in 16 bits: a group of each width.
        XCTAssertEqual(names.filter { a[$0]!.numbers?.kind == .narrow }, ["m0", "m6", "g"])
        if case .doubles = a["wide"]!.numbers!.storage {} else { XCTFail("wide is held as doubles") }
        let viaKernel = try MomentsDoublesKernelTests.sameEncoders(names, a, b)
        XCTAssertTrue(viaKernel.features.prefix(11).allSatisfy(\.missingIndicator))
    }

    private func withBases<R>(_ arrays: ArraySlice<[Int32]>, _ bases: [UnsafePointer<Int32>],
                              _ body: ([UnsafePointer<Int32>]) -> R) -> R {
        guard let array = arrays.first else { return body(bases) }
        return array.withUnsafeBufferPointer { withBases(arrays.dropFirst(), bases + [$0.baseAddress!], body) }
    }
}

/// NumberColumn.extremes on the codes of a scaled column equals the loop SchemaInference ran over the decoded
/// values (`min`, `max` in row order), zeros' signs included.
final class ColumnExtremesTests: XCTestCase {
    /// The loop SchemaInference ran over the values: `min` and `max` in row order, NaN left out.
    private func loop(_ values: [Double]) -> (Double, Double, Bool)? {
        var lo = Double.infinity, hi = -Double.infinity, zeroOne = true, present = false
        for x in values where !x.isNaN {
            lo = min(lo, x); hi = max(hi, x); present = true
            if x != 0 && x != 1 { zeroOne = false }
        }
        return present ? (lo, hi, zeroOne) : nil
    }

    func testScaledExtremesEqualTheLoopOverValues() {
        var rng = SeededGenerator(seed: 3)
        var cases = 0
        for shape in 0..<6 {
            for rows in [1, 2, 3, 5, 17, 100, 1_000] {
                for _ in 0..<20 {
                    let decimals = rng.below(4)
                    let divisor = Double(NumberColumn.integerPowers[decimals])
                    let one = Int32(divisor)
                    let codes: [Int32] = (0..<rows).map { _ in
                        let u = rng.below(10)
                        switch shape {
                        case 0: return [0, NumberColumn.negativeZero, NumberColumn.missing][rng.below(3)]  // only zeros
                        case 1: return u < 3 ? NumberColumn.missing : [0, NumberColumn.negativeZero, one][rng.below(3)]  // 0/1
                        case 2: return u < 2 ? NumberColumn.missing : Int32(rng.below(100)) - (u < 5 ? 0 : 99)  // ≤ 0 often
                        case 3: return u < 2 ? NumberColumn.negativeZero : Int32(rng.below(1_000))  // ≥ 0
                        case 4: return NumberColumn.missing
                        default: return Int32(truncatingIfNeeded: rng.next()) | 1  // anything but the two codes
                        }
                    }
                    let column = NumberColumn(scaled: codes, decimals: decimals)
                    // The kernel's two paths agree (tails of 0-7 codes after the vector steps).
                    var results: [[Int64]] = []
                    for path: Int32 in [0, 1] {
                        var lo: Int32 = 0, hi: Int32 = 0, others: Int64 = 0
                        if ckernels_extremes_scaled_path(codes, Int64(codes.count), one, &lo, &hi, &others, path) == 1 {
                            results.append([Int64(lo), Int64(hi), others])
                        }
                    }
                    XCTAssertEqual(results.count, 2, "both paths ran")
                    XCTAssertEqual(results.first, results.last, "shape \(shape), \(codes.prefix(12))")
                    let expected = loop(codes.map { NumberColumn.value($0, divisor) })
                    let got = column.extremes()
                    XCTAssertEqual(got == nil, expected == nil, "shape \(shape)")
                    if let got, let expected {
                        XCTAssertEqual(got.lo.bitPattern, expected.0.bitPattern, "lo, shape \(shape), \(codes.prefix(12))")
                        XCTAssertEqual(got.hi.bitPattern, expected.1.bitPattern, "hi, shape \(shape), \(codes.prefix(12))")
                        XCTAssertEqual(got.zeroOne, expected.2, "zeroOne, shape \(shape)")
                    }
                    cases += 1
                }
            }
        }
        XCTAssertEqual(cases, 6 * 7 * 20)
        let doubles = NumberColumn([.nan, -0.0, 1e300, 0.0, -2.5])
        XCTAssertEqual(doubles.extremes()?.lo, -2.5)
        XCTAssertEqual(doubles.extremes()?.hi, 1e300)
    }

    /// Stored as doubles (`ckernels_extremes_doubles`, two a step, and the zeros' signs after it): the loop's result
    /// bit for bit, on columns of gaps, signed zeros, ones and anything else, of odd and even lengths.
    func testDoublesExtremesEqualTheLoop() {
        var rng = SeededGenerator(seed: 5)
        for shape in 0..<6 {
            for rows in [0, 1, 2, 3, 5, 17, 100, 1_001] {
                for _ in 0..<20 {
                    let values: [Double] = (0..<rows).map { _ in
                        let u = rng.below(10)
                        switch shape {
                        case 0: return [0.0, -0.0, .nan][rng.below(3)]
                        case 1: return u < 3 ? .nan : [0.0, -0.0, 1.0][rng.below(3)]
                        case 2: return u < 2 ? .nan : Double(rng.below(100)) - (u < 5 ? 0 : 99) + (u == 9 ? -0.0 : 0.25)
                        case 3: return u < 2 ? -0.0 : Double(rng.below(1_000)) / 7
                        case 4: return .nan
                        default: return Double(bitPattern: rng.next() & ~(0x7FF << 52) | (UInt64(rng.below(2046)) << 52))
                        }
                    }
                    let expected = loop(values), got = NumberColumn(values).extremes()
                    XCTAssertEqual(got == nil, expected == nil, "shape \(shape)")
                    if let got, let expected {
                        XCTAssertEqual(got.lo.bitPattern, expected.0.bitPattern, "lo, shape \(shape), \(values.prefix(12))")
                        XCTAssertEqual(got.hi.bitPattern, expected.1.bitPattern, "hi, shape \(shape), \(values.prefix(12))")
                        XCTAssertEqual(got.zeroOne, expected.2, "zeroOne, shape \(shape)")
                    }
                }
            }
        }
    }
}
