import CKernels
import XCTest
@testable import LeadScore

/// Newton's early steps take a rough Hessian: its products with the dense terms summed in single precision a block
/// at a time (`LogisticObjective.evaluate(rough:)`, `RoughBlock`: `ckernels_gram_single`, `ckernels_categorical_rough`),
/// where the CPU has the kernels and the design has 32 dense terms or more. Loss and gradient stay the same bits, the Hessian within about 1e-5, and the answer and
/// its Hessian are the double ones.
final class RoughHessianTests: XCTestCase {
    /// `width` numeric columns (5% missing, kept as codes), a categorical and a noisy outcome, 3,000 rows.
    private func objective(width: Int) throws -> LogisticObjective {
        var rng = SeededGenerator(seed: UInt64(width))
        let names = (0..<width).map { "x\($0)" }
        var text = (names + ["c", "y"]).joined(separator: ",") + "\n"
        for _ in 0..<3_000 {
            let x = names.indices.map { _ in rng.normal() }
            let eta = x.enumerated().reduce(-0.5) { $0 + $1.element * (Double($1.offset % 5) - 2) / 4 }
            let values = x.map { rng.below(20) == 0 ? "" : String(format: "%.3f", $0) }
            text += (values + [["a", "b", "c"][rng.below(3)], rng.uniform() < 1 / (1 + exp(-eta)) ? "1" : "0"]).joined(separator: ",") + "\n"
        }
        var requests: [String: ColumnRequest] = ["c": .text, "y": .text]
        for name in names { requests[name] = .numeric }
        let table = try TableReader.read(path: TestFiles.write(text), columns: requests, missing: ValueRules())
        let features = names.map { FeatureDeclaration(name: $0, type: .numeric) } + [FeatureDeclaration(name: "c", type: .categorical)]
        let encoder = try FeatureEncoder.fit(table: table, features: features, minLevelCount: 1, dropReference: false)
        let design = try DesignMatrix(encoder: encoder, table: table, rows: Array(0..<table.rowCount))
        let labels = (0..<table.rowCount).map { Double(table["y"]!.text(at: $0)!)! }
        return LogisticObjective(design: design, labels: labels, weights: .byLabel(negative: 1, positive: 1), lambda: 1)
    }

    /// The kernel's sums against double sums of the same floats: the upper triangle within 1e-5 of the largest, the
    /// lower one and the values past the width untouched; or nothing at all where the CPU has no kernel.
    func testTheSinglePrecisionGramIsTheDoubleOneWithinItsRounding() {
        var rng = SeededGenerator(seed: 3)
        for (n, d) in [(1, 1), (7, 5), (135, 121), (300, 33), (64, 16), (10, 70), (67, 244)] {
            let lda = Int(ckernels_gram_single_stride(Int64(d)))
            let a = (0..<(n * lda)).map { $0 % lda < d ? Float(rng.normal()) : Float.nan }
            var c = (0..<(d * d)).map { _ in rng.uniform() }
            let before = c
            let done = ckernels_gram_single(a, Int64(n), Int64(d), Int64(lda), &c, Int64(d))
            guard done == 1 else {
                XCTAssertEqual(c, before, "nothing done without the kernel")
                XCTAssertFalse(RoughBlock.serves(width: 64))
                continue
            }
            var largest = 0.0, worst = 0.0
            for j in 0..<d {
                for i in 0..<d {
                    if i > j { XCTAssertEqual(c[j * d + i], before[j * d + i], "lower triangle \(i), \(j) of \(n)×\(d)"); continue }
                    var sum = 0.0
                    for r in 0..<n { sum += Double(a[r * lda + i]) * Double(a[r * lda + j]) }
                    largest = max(largest, abs(sum))
                    worst = max(worst, abs(c[j * d + i] - before[j * d + i] - sum))
                }
            }
            XCTAssertLessThanOrEqual(worst, 1e-5 * max(1, largest), "\(n)×\(d)")
        }
    }

    /// Loss and gradient are the same bits rough or not; the Hessian within 1e-5 where rough, the same bits where
    /// the design has fewer than 32 dense terms (then not rough).
    func testARoughEvaluationChangesOnlyTheHessiansLastDigits() throws {
        for width in [40, 12] {
            let f = try objective(width: width)
            let beta = (0..<f.width).map { 0.1 * cos(Double($0)) }
            let exact = f.evaluate(beta, hessian: true), rough = f.evaluate(beta, hessian: true, rough: true)
            XCTAssertEqual(rough.loss.bitPattern, exact.loss.bitPattern)
            XCTAssertEqual(rough.gradient.map(\.bitPattern), exact.gradient.map(\.bitPattern))
            XCTAssertFalse(exact.rough)
            XCTAssertEqual(rough.rough, RoughBlock.serves(width: f.design.denseWidth))
            if rough.rough {
                // Each element within 1e-5 of its scale √(Hᵢᵢ·Hⱼⱼ), the one-hot terms' columns and pairs too.
                let w = f.width
                var worst = 0.0
                for j in 0..<w {
                    for i in 0..<w {
                        let scale = (exact.hessian[i * w + i] * exact.hessian[j * w + j]).squareRoot()
                        worst = max(worst, abs(rough.hessian[j * w + i] - exact.hessian[j * w + i]) / scale)
                    }
                }
                XCTAssertLessThanOrEqual(worst, 1e-5, "width \(width)")
                XCTAssertGreaterThan(worst, 0, "width \(width): single precision shows")
            } else {
                XCTAssertEqual(rough.hessian.map(\.bitPattern), exact.hessian.map(\.bitPattern), "width \(width)")
            }
        }
    }

    /// Newton with rough early Hessians takes as many iterations as without, reaches the same optimum to
    /// rounding, and hands back the double Hessian at its answer.
    func testNewtonWithRoughEarlyStepsReachesTheSameAnswer() throws {
        let f = try objective(width: 40)
        XCTAssertGreaterThanOrEqual(f.design.denseWidth, 32)
        let start = [Double](repeating: 0, count: f.width)
        let rough = try NewtonSolver.minimize(f, start: start)
        let exact = try NewtonSolver.minimize(f, start: start, rough: nil)
        XCTAssertTrue(rough.report.converged)
        XCTAssertEqual(rough.report.iterations, exact.report.iterations)
        for j in 0..<f.width { XCTAssertEqual(rough.beta[j], exact.beta[j], accuracy: 1e-12, "term \(j)") }
        let at = f.evaluate(rough.beta, hessian: true)
        XCTAssertEqual(rough.hessian.map(\.bitPattern), at.hessian.map(\.bitPattern))
        // Without the polishing step (a warm start's sample fit), the last point's own Hessian too.
        let unpolished = try NewtonSolver.minimize(f, start: start, polish: false)
        XCTAssertEqual(unpolished.report.iterations, try NewtonSolver.minimize(f, start: start, polish: false, rough: nil).report.iterations)
        let there = f.evaluate(unpolished.beta, hessian: true)
        XCTAssertEqual(unpolished.hessian.map(\.bitPattern), there.hessian.map(\.bitPattern))
    }
}
