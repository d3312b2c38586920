import XCTest
import CKernels
@testable import LeadScore

final class ObjectiveTests: XCTestCase {
    /// A small design with a numeric, a boolean and a categorical, and random labels and weights.
    func objective(lambda: Double) throws -> LogisticObjective {
        var rng = SeededGenerator(seed: 3)
        var text = "x,b,c,y\n"
        for _ in 0..<300 {
            text += "\(rng.normal()),\(rng.uniform() < 0.4 ? "yes" : "no"),\(["r", "g", "b"][rng.below(3)]),\(rng.uniform() < 0.3 ? 1 : 0)\n"
        }
        let table = try TableReader.read(path: TestFiles.write(text), columns: ["x": .numeric, "b": .text, "c": .text, "y": .text],
                                         missing: ValueRules())
        let enc = try FeatureEncoder.fit(table: table, features: [
            FeatureDeclaration(name: "x", type: .numeric), FeatureDeclaration(name: "b", type: .boolean),
            FeatureDeclaration(name: "c", type: .categorical)], minLevelCount: 1, dropReference: false)
        let design = try DesignMatrix(encoder: enc, table: table, rows: Array(0..<300))
        let labels = (0..<300).map { Double(table["y"]!.text(at: $0)!)! }
        let weights = (0..<300).map { _ in 0.5 + rng.uniform() }
        return LogisticObjective(design: design, labels: labels, weights: .perRow(weights), lambda: lambda)
    }

    /// Central differences with h = 1e-5 have truncation error O(h²·f''') ≈ 1e-9 relative here and rounding
    /// error O(ε·f/h) ≈ 1e-9, so 1e-6 relative leaves a wide margin while still catching any wrong term.
    func testGradientAndHessianMatchFiniteDifferences() throws {
        for lambda in [0.0, 2.5] {
            let f = try objective(lambda: lambda)
            let beta = (0..<f.width).map { 0.3 * sin(Double($0) + 1) }
            let at = f.evaluate(beta, hessian: true)
            let h = 1e-5
            for j in 0..<f.width {
                var up = beta, down = beta
                up[j] += h; down[j] -= h
                let fu = f.evaluate(up, hessian: false), fd = f.evaluate(down, hessian: false)
                XCTAssertClose(at.gradient[j], (fu.loss - fd.loss) / (2 * h), rel: 1e-6, abs: 1e-6, "gradient \(j), λ \(lambda)")
                for i in 0..<f.width {
                    XCTAssertClose(at.hessian[j * f.width + i], (fu.gradient[i] - fd.gradient[i]) / (2 * h), rel: 1e-6, abs: 1e-6,
                                   "Hessian \(i),\(j), λ \(lambda)")
                }
            }
        }
    }

    func testLossIsStableForExtremeLinearPredictors() throws {
        let f = try objective(lambda: 0)
        var beta = [Double](repeating: 0, count: f.width)
        beta[0] = 800  // e^800 overflows; the loss must stay finite
        let e = f.evaluate(beta, hessian: true)
        XCTAssertTrue(e.loss.isFinite && e.loss > 0)
        XCTAssertTrue(e.gradient.allSatisfy(\.isFinite))
    }

    /// Class weights given by label (no array of per-row weights) must evaluate to the same bits as the same
    /// weights written out per row: loss, gradient, Hessian and the weight sum, balanced and unit weights.
    func testWeightsByLabelEqualTheSameWeightsPerRow() throws {
        let f = try objective(lambda: 1.5)
        for (w0, w1) in [(1.0, 1.0), (300 / (2 * 211.0), 300 / (2 * 89.0)), (0.37, 2.9)] {
            let byLabel = LogisticObjective(design: f.design, labels: f.labels, weights: .byLabel(negative: w0, positive: w1), lambda: 1.5)
            let perRow = LogisticObjective(design: f.design, labels: f.labels, weights: .perRow(f.labels.map { $0 == 1 ? w1 : w0 }),
                                           lambda: 1.5)
            XCTAssertEqual(byLabel.weightSum.bitPattern, perRow.weightSum.bitPattern)
            let beta = (0..<f.width).map { 0.4 * cos(Double($0) * 0.7) }
            let a = byLabel.evaluate(beta, hessian: true), b = perRow.evaluate(beta, hessian: true)
            XCTAssertEqual(a.loss.bitPattern, b.loss.bitPattern, "\(w0), \(w1)")
            XCTAssertEqual(a.gradient.map(\.bitPattern), b.gradient.map(\.bitPattern), "\(w0), \(w1)")
            XCTAssertEqual(a.hessian.map(\.bitPattern), b.hessian.map(\.bitPattern), "\(w0), \(w1)")
            // A weight that differs from the per-row one in one row changes the loss: the test can fail.
            var other = f.labels.map { $0 == 1 ? w1 : w0 }
            other[7] += 0.25
            let changed = LogisticObjective(design: f.design, labels: f.labels, weights: .perRow(other), lambda: 1.5)
            XCTAssertNotEqual(changed.evaluate(beta, hessian: false).loss, a.loss)
        }
    }

    func testNewtonAndLBFGSReachTheSameOptimum() throws {
        let f = try objective(lambda: 1)
        let newton = try NewtonSolver.minimize(f, start: Array(repeating: 0, count: f.width))
        let lbfgs = LBFGSSolver.minimize(f, start: Array(repeating: 0, count: f.width))
        XCTAssertTrue(newton.report.converged)
        XCTAssertTrue(lbfgs.report.converged, "\(lbfgs.report)")
        for j in 0..<f.width { XCTAssertClose(lbfgs.beta[j], newton.beta[j], rel: 1e-6, abs: 1e-6) }
    }

    /// The η the solver hands back (`train` turns it into the fitted rows' scores instead of a pass of its own)
    /// must be the design's linear predictor by the coefficients it returns, bit for bit, or nothing: from a cold
    /// start (the polishing step kept), from near the answer (about 3% of these starts have their polishing step
    /// refused, and then the last point evaluated is not the answer), and with no buffer to keep it in. (A solver
    /// that hands back the last η whatever the polish decided fails here.)
    func testKeptLinearPredictorIsTheAnswersOrNone() throws {
        var f = try objective(lambda: 1)
        f.lastEta = .init(rows: f.labels.count)
        let cold = try NewtonSolver.minimize(f, start: Array(repeating: 0, count: f.width))
        XCTAssertEqual(cold.eta.count, 300)
        XCTAssertEqual(differing(cold.eta, f.design.linearPredictor(beta: cold.beta)), 0)
        var refused = 0
        var rng = SeededGenerator(seed: 5)
        for _ in 0..<200 {
            let size = [1e-16, 1e-14, 1e-12, 1e-10][rng.below(4)]
            let again = try NewtonSolver.minimize(f, start: cold.beta.map { $0 * (1 + size * rng.normal()) })
            if again.eta.isEmpty { refused += 1 } else { XCTAssertEqual(differing(again.eta, f.design.linearPredictor(beta: again.beta)), 0) }
        }
        XCTAssertGreaterThan(refused, 0, "no start refused its polishing step: the check above saw only one case")
        XCTAssertTrue(try NewtonSolver.minimize(try objective(lambda: 1), start: cold.beta).eta.isEmpty)
    }

    /// The one-hot columns' C kernel (AVX2 where the CPU has it, and its portable loops), on each row's present
    /// codes, against the Swift loop over all codes it replaced, written out here: the same bits, for widths that
    /// are and are not multiples of four, rows with no term, several terms per row and repeated levels.
    func testCategoricalHessianKernelEqualsTheSwiftLoopBitForBit() {
        var rng = SeededGenerator(seed: 21)
        for (d, k, levels) in [(1, 1, 3), (3, 2, 5), (4, 3, 4), (7, 1, 9), (21, 5, 24), (55, 2, 12)] {
            let n = 257, w = d + levels
            let x = (0..<(n * d)).map { _ in rng.normal() * 10 }
            let codes = (0..<(n * k)).map { _ in rng.uniform() < 0.2 ? Int32(-1) : Int32(rng.below(levels)) }
            let curvature = (0..<n).map { _ in rng.uniform() * 0.25 }
            let start = (0..<(w * w)).map { _ in rng.normal() }
            var swift = start
            for r in 0..<n {
                let s = curvature[r]
                for j in 0..<k {
                    let c = Int(codes[r * k + j])
                    if c < 0 { continue }
                    for i in 0..<d { swift[(d + c) * w + i] += s * x[r * d + i] }
                    for j2 in 0..<k {
                        let c2 = Int(codes[r * k + j2])
                        if c2 >= 0 && c2 <= c { swift[(d + c) * w + d + c2] += s }
                    }
                }
            }
            // The kernel reads each row's present codes (ckernels_compact_codes).
            var starts = [Int32](repeating: -7, count: n + 1), terms = [Int32](repeating: -7, count: n * k)
            let present = ckernels_compact_codes(codes, Int64(n), Int64(k), &starts, &terms)
            XCTAssertEqual(Int(present), codes.filter { $0 >= 0 }.count)
            for r in 0..<n {
                XCTAssertEqual(Array(terms[Int(starts[r])..<Int(starts[r + 1])]), codes[(r * k)..<((r + 1) * k)].filter { $0 >= 0 })
            }
            for portable: Int32 in [0, 1] {
                var h = start
                var scaled = [Double](repeating: 0, count: d)
                ckernels_categorical_hessian(x, starts, terms, curvature, Int64(n), Int64(d), &h, Int64(w), &scaled, portable)
                XCTAssertEqual(differing(h, swift), 0, "d \(d), k \(k), portable \(portable)")
            }
        }
    }

    /// A fit whose last full step is at most `NewtonSolver.settledStep` ends without the polishing step, and its
    /// answer is the polished one to rounding (a rule that skipped the polishing step after a larger step, such
    /// as 1e-3, fails the comparison: starts 1e-6 away then end 4e-13 from the polished answer), one pass sooner.
    func testASettledStepEndsTheFitWithoutPolishingAndChangesNothingBeyondRounding() throws {
        let f = try objective(lambda: 1)
        let cold = try NewtonSolver.minimize(f, start: Array(repeating: 0, count: f.width))
        var rng = SeededGenerator(seed: 8)
        var skipped = 0
        for _ in 0..<60 {
            let size = [3e-9, 1e-8, 3e-8, 1e-6, 1e-5, 1e-4][rng.below(6)]
            let start = cold.beta.map { $0 + size * rng.normal() }
            let settled = try NewtonSolver.minimize(f, start: start)
            let polished = try NewtonSolver.minimize(f, start: start, settled: 0)
            XCTAssertTrue(settled.report.converged && polished.report.converged)
            for j in 0..<f.width { XCTAssertEqual(settled.beta[j], polished.beta[j], accuracy: 1e-14, "term \(j), start \(size) away") }
            XCTAssertLessThanOrEqual(settled.report.gradientMax, 1e-10 * f.weightSum)
            if settled.report.iterations < polished.report.iterations {
                skipped += 1
                XCTAssertEqual(settled.report.iterations + 1, polished.report.iterations)
            }
        }
        XCTAssertGreaterThan(skipped, 0, "no fit ended on a settled step: the comparison above saw only polished fits")
    }

    /// A fit with `near` (the warm start's sample fit) ends at the first Newton step no longer than `near` in any
    /// coefficient, taking it without a pass: its answer is the point before plus that step, exactly (the same
    /// iterations without `near`, stopped one step sooner, reach that point and then evaluate it), the step before
    /// it was longer than `near`, and it lies within about the square of the step of the optimum.
    func testANearStepEndsTheFitAtThePointItLeadsTo() throws {
        let f = try objective(lambda: 1)
        let zero = Array(repeating: 0.0, count: f.width)
        let optimum = try NewtonSolver.minimize(f, start: zero).beta
        for near in [2e-2, 1e-3, 1e-5] {
            let r = try NewtonSolver.minimize(f, start: zero, polish: false, near: near)
            let k = r.report.iterations
            XCTAssertGreaterThan(k, 1, "near \(near)")
            // The point the last step left from: k − 1 iterations of the plain fit.
            let before = try NewtonSolver.minimize(f, start: zero, tolerance: 0, maxIterations: k - 1, polish: false)
            let delta = zip(r.beta, before.beta).map { $0 - $1 }
            let step = delta.map(abs).max()!
            XCTAssertLessThanOrEqual(step, near, "near \(near)")
            // That step is the plain fit's k-th, to the bit.
            let plain = try NewtonSolver.minimize(f, start: zero, tolerance: 0, maxIterations: k, polish: false)
            XCTAssertEqual(r.beta.map(\.bitPattern), plain.beta.map(\.bitPattern), "near \(near)")
            // The step before was longer than `near` (else the fit would have ended there).
            let earlier = try NewtonSolver.minimize(f, start: zero, tolerance: 0, maxIterations: k - 2, polish: false)
            XCTAssertGreaterThan(zip(before.beta, earlier.beta).map { abs($0 - $1) }.max()!, near, "near \(near)")
            let off = zip(r.beta, optimum).map { abs($0 - $1) }.max()!
            XCTAssertLessThanOrEqual(off, max(10 * step * step, 1e-12), "near \(near)")
        }
    }

    /// Positions at which two arrays differ in any bit (or their length difference).
    func differing(_ a: [Double], _ b: [Double]) -> Int {
        a.count != b.count ? abs(a.count - b.count) : zip(a, b).filter { $0.bitPattern != $1.bitPattern }.count
    }

    func testTheOptimumDoesNotDependOnTheThreadPartition() throws {
        // Chunks are fixed by row count, so two evaluations give bit-identical sums.
        let f = try objective(lambda: 1)
        let beta = (0..<f.width).map { Double($0) / 10 }
        XCTAssertEqual(f.evaluate(beta, hessian: true).hessian, f.evaluate(beta, hessian: true).hessian)
    }

    /// The objective keeps one-hot terms as codes and permutes the terms (dense first); its gradient and
    /// Hessian must equal the textbook Xᵀ(w∘(p − y)) and XᵀWX computed here from the full matrix, with
    /// categoricals between numerics, missing values, folded and unseen levels, and a subset of rows.
    func testSparseHessianEqualsTheDenseFormula() throws {
        var rng = SeededGenerator(seed: 9)
        var text = "c1,x,c2,b,c3,z,y\n"
        for i in 0..<600 {
            let c1 = rng.uniform() < 0.1 ? "" : ["a", "b", "c", "d"][rng.below(4)]
            let x = rng.uniform() < 0.4 ? "" : "\(rng.normal())"
            let c2 = rng.uniform() < 0.05 ? "rare\(i)" : ["p", "q"][rng.below(2)]
            let z = rng.uniform() < 0.06 ? "" : String(format: "%.2f", rng.normal())
            text += "\(c1),\(x),\(c2),\(rng.uniform() < 0.5 ? "yes" : "no"),\(["u", "v", "w"][rng.below(3)]),\(z),"
                + "\(rng.uniform() < 0.3 ? 1 : 0)\n"
        }
        let table = try TableReader.read(path: TestFiles.write(text), columns: ["c1": .text, "x": .numeric, "c2": .text,
                                         "b": .text, "c3": .text, "z": .numeric, "y": .text], missing: ValueRules())
        let fitRows = Array(0..<400)
        let enc = try FeatureEncoder.fit(table: table, features: [
            FeatureDeclaration(name: "c1", type: .categorical), FeatureDeclaration(name: "x", type: .numeric),
            FeatureDeclaration(name: "c2", type: .categorical), FeatureDeclaration(name: "b", type: .boolean),
            FeatureDeclaration(name: "c3", type: .categorical), FeatureDeclaration(name: "z", type: .numeric)],
            rows: fitRows, minLevelCount: 3, dropReference: false)
        let rows = Array(stride(from: 1, to: 600, by: 2))  // includes rows the encoder never saw (rare levels)
        let design = try DesignMatrix(encoder: enc, table: table, rows: rows)
        XCTAssertGreaterThan(design.codeCount, 0)
        // z's missing indicator (about 6% of the rows) is a code, x's (about 40%) a dense column; both are checked
        // against the full matrix below.
        let indicator = { (name: String) in 2 + enc.offsets[enc.features.firstIndex { $0.name == name }!] }
        XCTAssertTrue(design.categoricalTerms.contains(indicator("z")))
        XCTAssertTrue(design.denseTerms.contains(indicator("x")))
        let w = design.width, n = rows.count
        let labels = rows.map { Double(table["y"]!.text(at: $0)!)! }
        let weights = rows.map { _ in 0.5 + rng.uniform() }
        let f = LogisticObjective(design: design, labels: labels, weights: .perRow(weights), lambda: 0.7)
        let beta = (0..<w).map { 0.2 * cos(Double($0) * 1.3) }
        let got = f.evaluate(beta, hessian: true)
        var x = [Double](repeating: 0, count: n * w)
        design.fill(0..<n, into: &x)
        var gradient = [Double](repeating: 0, count: w), hessian = [Double](repeating: 0, count: w * w), loss = 0.0
        for r in 0..<n {
            let eta = (0..<w).reduce(0.0) { $0 + x[r * w + $1] * beta[$1] }
            let p = 1 / (1 + exp(-eta))
            loss += weights[r] * (log(1 + exp(eta)) - labels[r] * eta)
            for j in 0..<w {
                gradient[j] += weights[r] * (p - labels[r]) * x[r * w + j]
                for i in 0..<w { hessian[j * w + i] += weights[r] * p * (1 - p) * x[r * w + i] * x[r * w + j] }
            }
        }
        for j in 1..<w { loss += 0.35 * beta[j] * beta[j]; gradient[j] += 0.7 * beta[j]; hessian[j * w + j] += 0.7 }
        XCTAssertClose(got.loss, loss, rel: 1e-12)
        for j in 0..<w { XCTAssertClose(got.gradient[j], gradient[j], rel: 1e-12, abs: 1e-12, "gradient \(j)") }
        for j in 0..<(w * w) { XCTAssertClose(got.hessian[j], hessian[j], rel: 1e-12, abs: 1e-12, "Hessian \(j % w),\(j / w)") }
        // And the linear predictor used for held-out rows.
        let eta = design.linearPredictor(beta: beta)
        for r in 0..<n { XCTAssertClose(eta[r], (0..<w).reduce(0.0) { $0 + x[r * w + $1] * beta[$1] }, rel: 1e-13, abs: 1e-13) }
    }
}
