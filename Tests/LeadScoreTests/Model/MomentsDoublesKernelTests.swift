import CKernels
import XCTest
@testable import LeadScore

/// CKernels/moments_doubles.c: up to eight columns of doubles' standardisation at once, on each path the bits of
/// FeatureEncoder.fitOne's three loops (written out again here); FeatureEncoder.fit gives the same encoder through it
/// as through fitOne.
final class MomentsDoublesKernelTests: XCTestCase {
    /// fitOne's numeric loops (NaN missing), one column; `MomentsKernelTests` runs them on decoded scaled values.
    static func loops(_ values: [Double]) -> (mean: Double, scale: Double, present: Int, zsum: Double) {
        var sum = 0.0, present = 0
        for x in values where !x.isNaN { sum += x; present += 1 }
        let mean = present > 0 ? sum / Double(present) : 0
        var ss = 0.0
        for x in values where !x.isNaN { let d = x - mean; ss += d * d }
        let sd = values.isEmpty ? 0 : (ss / Double(values.count)).squareRoot()
        let scale = sd > 0 ? sd : 1
        var z = 0.0
        for x in values where !x.isNaN { z += (x - mean) / scale }
        return (mean, scale, present, z)
    }

    private func column(_ rng: inout SeededGenerator, rows: Int, shape: Int) -> [Double] {
        (0..<rows).map { _ in
            let u = rng.below(100)
            if u < 9 { return .nan }
            if u < 11 { return -0.0 }
            if u < 14 { return 0 }
            switch shape {
            case 0: return Double(Int(rng.below(2_000_001)) - 1_000_000) / 3
            case 1: return Double(bitPattern: rng.next() & ~(0x7FF << 52) | (UInt64(rng.below(200) + 923) << 52))
            case 2: return u == 99 ? 1e300 : Double(rng.below(50)) / 7
            default: return Double(rng.below(1_000)) * 1e-9 + 123_456
            }
        }
    }

    func testEveryPathGivesTheLoopsBits() {
        var rng = SeededGenerator(seed: 22)
        var compared = 0
        for rows in [1, 7, 8, 9, 16, 63, 64, 65, 1_001, 4_099] {
            for count in 1...8 {
                let columns = (0..<count).map { c in
                    c == 2 ? [Double](repeating: .nan, count: rows) : column(&rng, rows: rows, shape: (c + rows) % 4)
                }
                let expected = columns.map { Self.loops($0) }
                for path: Int32 in [0, 1] {
                    var mean = [Double](repeating: 7, count: count), scale = mean, zsum = mean
                    var present = [Int64](repeating: 7, count: count)
                    let ran = withBases(columns[...], []) { bases in
                        ckernels_moments_doubles_path(bases.map { Optional($0) }, Int64(count), Int64(rows), &mean, &scale,
                                                      &present, &zsum, path)
                    }
                    if ran == 0 { XCTAssertEqual(path, 1, "the plain loops always run"); continue }
                    compared += MomentsDoublesKernelTests.compare((mean, scale, present, zsum), expected,
                                                                  "path \(path), \(rows) rows")
                }
            }
        }
        XCTAssertEqual(compared, 2 * 10 * 36, "both paths ran")
        var mean = [Double](repeating: 7, count: 9), scale = mean, zsum = mean, present = [Int64](repeating: 7, count: 9)
        let nine = [[Double]](repeating: [1, 2], count: 9)
        XCTAssertEqual(withBases(nine[...], []) { ckernels_moments_doubles($0.map { Optional($0) }, 9, 2, &mean, &scale, &present, &zsum) }, 0)
        XCTAssertEqual(mean, [Double](repeating: 7, count: 9), "outside 1 ... 8 columns nothing is written")
    }

    /// The encoder fitted on every row (eleven columns of doubles, written with 17 digits: a group of eight and one of
    /// three, beside scaled columns, a log1p column of doubles and a categorical) equals the one fitted by fitOne on the
    /// same values picked from every other row of a table twice as long.
    func testFitThroughTheKernelEqualsFitOne() throws {
        var rng = SeededGenerator(seed: 9)
        let names = (0..<11).map { "d\($0)" } + ["s0", "s1", "g", "c"]
        let junk = (0..<11).map { String($0 % 7) }.joined(separator: ",") + ",1,2,3,red"
        let (a, b) = try PickedTables.make(header: names, rows: 3_001, text: ["c"], junk: junk) {
            (0..<11).map { c -> String in
                let u = rng.below(100)
                if u < 8 && c % 2 == 0 { return "" }
                if u < 10 { return "-0.0" }
                return "\(Double(Int(rng.below(20_000)) - 5_000) + Double(rng.below(1 << 40)) / 3e12)"
            } + ["\(rng.below(500)).\(rng.below(10))", "\(rng.below(90))", "\(Double(rng.below(1 << 40)) / 3e9)",
                 ["red", "blue", "green"][rng.below(3)]]
        }
        XCTAssertEqual(names.filter { a[$0]!.numbers?.kind == .doubles }, (0..<11).map { "d\($0)" } + ["g"])
        let viaKernel = try MomentsDoublesKernelTests.sameEncoders(names, a, b)
        XCTAssertEqual(viaKernel.features.prefix(11).map(\.missingIndicator), (0..<11).map { $0 % 2 == 0 })
    }

    /// A kernel's statistics of each column against the loops', bit for bit; returns the number of columns compared.
    static func compare(_ got: (mean: [Double], scale: [Double], present: [Int64], zsum: [Double]),
                        _ expected: [(mean: Double, scale: Double, present: Int, zsum: Double)], _ what: String) -> Int {
        for (c, e) in expected.enumerated() {
            let what = what + ", column \(c) of \(expected.count)"
            XCTAssertEqual(got.mean[c].bitPattern, e.mean.bitPattern, "mean, " + what)
            XCTAssertEqual(got.scale[c].bitPattern, e.scale.bitPattern, "scale, " + what)
            XCTAssertEqual(Int(got.present[c]), e.present, "present, " + what)
            XCTAssertEqual(got.zsum[c].bitPattern, e.zsum.bitPattern, "zsum, " + what)
        }
        return expected.count
    }

    /// The encoder of `names` (`c` categorical, `g` log1p, the rest numeric) fitted on every row of `a`, checked equal
    /// bit for bit to the one fitted on the same values as every other row of `b` (fitOne's loops); returns the first.
    static func sameEncoders(_ names: [String], _ a: Table, _ b: Table) throws -> FeatureEncoder {
        let features = names.map { n in
            FeatureDeclaration(name: n, type: n == "c" ? .categorical : .numeric, transform: n == "g" ? .log1p : nil)
        }
        let viaKernel = try FeatureEncoder.fit(table: a, features: features, minLevelCount: 1, dropReference: false)
        let viaLoops = try FeatureEncoder.fit(table: b, features: features, rows: Array(stride(from: 0, to: b.rowCount, by: 2)),
                                              minLevelCount: 1, dropReference: false)
        XCTAssertEqual(viaKernel.terms, viaLoops.terms)
        for (x, y) in zip(viaKernel.features, viaLoops.features) {
            XCTAssertEqual(x.mean.bitPattern, y.mean.bitPattern, x.name)
            XCTAssertEqual(x.scale.bitPattern, y.scale.bitPattern, x.name)
            XCTAssertEqual(x.missingIndicator, y.missingIndicator, x.name)
        }
        XCTAssertEqual(viaKernel.termMeans.map(\.bitPattern), viaLoops.termMeans.map(\.bitPattern))
        return viaKernel
    }

    private func withBases<R>(_ arrays: ArraySlice<[Double]>, _ bases: [UnsafePointer<Double>],
                              _ body: ([UnsafePointer<Double>]) -> R) -> R {
        guard let array = arrays.first else { return body(bases) }
        return array.withUnsafeBufferPointer { withBases(arrays.dropFirst(), bases + [$0.baseAddress!], body) }
    }
}
