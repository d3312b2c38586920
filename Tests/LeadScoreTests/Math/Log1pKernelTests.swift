import CKernels
import XCTest
#if canImport(Glibc)
import Glibc
#endif
@testable import LeadScore

/// CKernels/log1p.c, log1p(t) for 0 ≤ t ≤ 1 (the objective's loss): within one unit in the last place of the exact
/// value (mpmath's, Tests/reference/log1p_unit.py), mostly the correctly rounded double, and every path the same bits.
final class Log1pKernelTests: XCTestCase {
    /// (t, the double nearest log1p(t), how far log1p(t) lies from it in ulps) from the fixture.
    private func reference() throws -> [(Double, Double, Double)] {
        let text = try String(contentsOfFile: TestFiles.fixture("log1p_unit.txt"), encoding: .utf8)
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let f = line.split(separator: " ")
            return (Double(String(f[0]))!, Double(String(f[1]))!, Double(String(f[2]))!)
        }
    }

    private func kernel(_ t: [Double], path: Int32) -> [Double]? {
        var v = t
        return ckernels_log1p_unit_path(&v, Int64(v.count), path) == 1 ? v : nil
    }

    func testWithinAnUlpOfTheExactValue() throws {
        let cases = try reference()
        XCTAssertEqual(cases.count, 3000)
        let got = kernel(cases.map(\.0), path: 0)!
        var worst = 0.0, nearest = 0
        for (i, (t, rounded, residual)) in cases.enumerated() {
            // The true error in ulps of the nearest double: (got − rounded)/ulp − (exact − rounded)/ulp.
            let ulp = rounded == 0 ? Double.leastNonzeroMagnitude : rounded.ulp
            let error = abs((got[i] - rounded) / ulp - residual)
            XCTAssertLessThan(error, 1, "log1p(\(t)) = \(got[i]), nearest \(rounded)")
            worst = max(worst, error)
            if got[i] == rounded { nearest += 1 }
        }
        // fdlibm's method: measured 0.77 ulp at worst and 96% correctly rounded over 300,000 values (as glibc's).
        XCTAssertLessThan(worst, 0.8)
        XCTAssertGreaterThan(Double(nearest) / Double(cases.count), 0.93)
        XCTAssertEqual(got[0].bitPattern, 0.0.bitPattern)  // log1p(+0) = +0
    }

    func testEveryPathGivesTheSameBits() {
        var rng = SeededGenerator(seed: 9)
        var t: [Double] = [0, 1, .leastNonzeroMagnitude, 0x1p-60, 2.0.squareRoot() - 1]
        for k in -200...200 { t.append((2.0.squareRoot() - 1) + Double(k) * (2.0.squareRoot() - 1).ulp) }
        for i in 0..<400_000 {
            let u = Double.random(in: 0..<1, using: &rng)
            t.append(i % 3 == 0 ? u : i % 3 == 1 ? exp(-745 * u) : scalbn(u, -Int32(i % 1074)))
        }
        // Odd lengths too, for the vector loops' tails.
        for n in [t.count, 1, 3, 7, 13] {
            let part = Array(t.prefix(n))
            let portable = kernel(part, path: 0)!
            for path: Int32 in [1, 2] {
                // A path this CPU cannot run is left (the next test checks that the ones it reports run).
                guard let vector = kernel(part, path: path) else { continue }
                XCTAssertEqual(vector.map(\.bitPattern), portable.map(\.bitPattern), "path \(path), n \(n)")
            }
        }
        // And within an ulp of glibc's log1p (fdlibm's method too, its own rounding), most of them the same.
        let mine = kernel(t, path: 0)!
        var same = 0
        for (x, v) in zip(t, mine) {
            let g = log1p(x)
            XCTAssertLessThanOrEqual(abs(v - g), g.ulp, "\(x)")
            if v == g { same += 1 }
        }
        XCTAssertGreaterThan(Double(same) / Double(t.count), 0.9)
    }

    func testTheDefaultPathIsTheBestThisCPURuns() {
        let t = (0..<100).map { Double($0) / 99 }
        var v = t
        ckernels_log1p_unit(&v, Int64(v.count))
        XCTAssertEqual(v.map(\.bitPattern), kernel(t, path: 0)!.map(\.bitPattern))
        XCTAssertEqual(ckernels_log1p_unit_path(&v, 0, 3), 0)  // no such path
        if ckernels_vector_level() == 2 { XCTAssertNotNil(kernel(t, path: 2)) }
        if ckernels_has_avx2() == 1 { XCTAssertNotNil(kernel(t, path: 1)) }
    }
}
