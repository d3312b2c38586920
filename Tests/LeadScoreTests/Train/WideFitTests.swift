import XCTest
@testable import LeadScore

/// L-BFGS with the Hessian's diagonal as preconditioner (`LBFGSSolver`), on a design shaped like the wide fits it
/// serves: a categorical of many levels, most of them seen in a handful of rows, beside numeric terms.
final class LBFGSTests: XCTestCase {
    /// 3,000 rows: a numeric, a boolean and a 300-level categorical whose level counts fall off as 1/rank (the first
    /// level in about 470 rows, the last ones in one or two).
    func objective(lambda: Double) throws -> LogisticObjective {
        var rng = SeededGenerator(seed: 17)
        let rows = 3000
        var text = "x,b,c,y\n"
        let harmonic = (1...300).reduce(0.0) { $0 + 1 / Double($1) }
        for _ in 0..<rows {
            var u = rng.uniform() * harmonic, level = 1
            while level < 300 && u > 1 / Double(level) { u -= 1 / Double(level); level += 1 }
            let x = rng.normal()
            let y = rng.uniform() < 1 / (1 + exp(-(x - 1 + (level % 7 == 0 ? 1.5 : 0)))) ? 1 : 0
            text += "\(x),\(rng.uniform() < 0.4 ? "yes" : "no"),L\(level),\(y)\n"
        }
        return try wideObjective(text, features: ["x": .numeric, "b": .boolean, "c": .categorical], lambda: lambda)
    }

    /// The diagonal asked for alone is the full Hessian's diagonal (other sums, so to rounding), and asking for it
    /// changes neither loss nor gradient.
    func testHessianDiagonalIsTheFullHessiansDiagonal() throws {
        for lambda in [0.0, 1.0] {
            let f = try objective(lambda: lambda)
            let beta = (0..<f.width).map { 0.2 * sin(Double($0) * 1.3) }
            let full = f.evaluate(beta, hessian: true), alone = f.evaluate(beta, hessian: false, diagonal: true)
            XCTAssertEqual(alone.diagonal.count, f.width)
            for j in 0..<f.width {
                XCTAssertClose(alone.diagonal[j], full.hessian[j * f.width + j], rel: 1e-12, abs: 1e-12, "term \(j), λ \(lambda)")
            }
            let plain = f.evaluate(beta, hessian: false)
            XCTAssertEqual(alone.loss.bitPattern, plain.loss.bitPattern)
            XCTAssertEqual(alone.gradient.map(\.bitPattern), plain.gradient.map(\.bitPattern))
            XCTAssertTrue(plain.diagonal.isEmpty)
        }
    }

    /// Preconditioned, L-BFGS reaches Newton's optimum in a fraction of the plain recursion's iterations.
    func testPreconditionedLBFGSReachesNewtonsOptimumInFewerIterations() throws {
        let f = try objective(lambda: 1)
        XCTAssertGreaterThan(f.width, 250)
        let start = [Double](repeating: 0, count: f.width)
        let newton = try NewtonSolver.minimize(f, start: start)
        let pre = LBFGSSolver.minimize(f, start: start, tolerance: 1e-10)
        let plain = LBFGSSolver.minimize(f, start: start, tolerance: 1e-10, preconditioned: false)
        XCTAssertTrue(newton.report.converged)
        XCTAssertTrue(pre.report.converged, "\(pre.report)")
        for j in 0..<f.width { XCTAssertClose(pre.beta[j], newton.beta[j], rel: 1e-6, abs: 1e-6, "term \(j)") }
        XCTAssertLessThan(2 * pre.report.iterations, plain.report.iterations, "preconditioned \(pre.report), plain \(plain.report)")
    }
}

/// Newton on a Hessian over 16 MB lets the current point's go while a trial is evaluated (`NewtonSolver`'s
/// `large`), and must evaluate it again when no trial is taken: the Hessian handed back (the coefficients'
/// statistics come from it) is always the one at the coefficients returned.
final class WideNewtonTests: XCTestCase {
    func testTheHessianHandedBackIsTheAnswersWhenItWasLetGo() throws {
        var rng = SeededGenerator(seed: 23)
        let rows = 6000
        var text = "x,c,y\n"
        for _ in 0..<rows {
            let level = rng.below(1500), x = rng.normal()
            text += "\(x),L\(level),\(rng.uniform() < 1 / (1 + exp(-(x - 1 + (level % 5 == 0 ? 1 : 0)))) ? 1 : 0)\n"
        }
        let f = try wideObjective(text, features: ["x": .numeric, "c": .categorical], lambda: 1)
        XCTAssertGreaterThan(f.width * f.width, 1 << 21)
        let cold = try NewtonSolver.minimize(f, start: Array(repeating: 0, count: f.width))
        XCTAssertTrue(cold.report.converged)
        var refused = 0
        for k in 0..<3 {
            // From the answer itself, nudged by rounding: the polishing step is refused in some of these (one of
            // the three here).
            let start = k == 0 ? cold.beta : cold.beta.map { $0 * (1 + 1e-15 * rng.normal()) }
            let r = try NewtonSolver.minimize(f, start: start)
            if r.report.iterations == 0 { refused += 1 }
            let at = f.evaluate(r.beta, hessian: true)
            XCTAssertEqual(r.hessian.count, f.width * f.width, "start \(k)")
            XCTAssertTrue(r.hessian.elementsEqual(at.hessian) { $0.bitPattern == $1.bitPattern }, "start \(k)")
        }
        XCTAssertGreaterThan(refused, 0, "no start had its polishing step refused: the test does not reach the path")
    }
}

/// The objective of a CSV text whose last column `y` holds 0/1 labels: every level kept (`--min-level-count 1`,
/// up to 5,000), unit weights, all rows; `features` in the header's order.
private func wideObjective(_ text: String, features: KeyValuePairs<String, ColumnType>, lambda: Double) throws -> LogisticObjective {
    var requests: [String: ColumnRequest] = ["y": .text]
    for (name, type) in features { requests[name] = type == .numeric ? .numeric : .text }
    let table = try TableReader.read(path: TestFiles.write(text), columns: requests, missing: ValueRules())
    let enc = try FeatureEncoder.fit(table: table, features: features.map { FeatureDeclaration(name: $0.key, type: $0.value) },
                                     minLevelCount: 1, maxLevels: 5000, dropReference: false)
    let design = try DesignMatrix(encoder: enc, table: table, rows: Array(0..<table.rowCount))
    let labels = (0..<table.rowCount).map { Double(table["y"]!.text(at: $0)!)! }
    return LogisticObjective(design: design, labels: labels, weights: .byLabel(negative: 1, positive: 1), lambda: lambda)
}
