import CKernels
import XCTest
@testable import LeadScore

/// The Hessian's dense part, C += AᵀA (upper triangle), by CKernels/gram.c: the AVX-512 tiles give the plain
/// loops' bits (each element's products fused into a running sum in row order, stretch by stretch) at every
/// width and length that leaves a partial tile or stretch, touch nothing outside the upper triangle, and agree
/// with a sum written out here in Swift to rounding.
final class GramKernelTests: XCTestCase {
    func testEveryGramPathGivesThePlainLoopsBits() {
        var rng = SeededGenerator(seed: 47)
        let shapes: [(rows: Int, width: Int)] = (1...40).map { (rows: 1 + rng.below(90), width: $0) }
            + [(0, 5), (1, 1), (384, 7), (385, 7), (767, 9), (768, 9), (769, 13), (1_500, 3), (300, 58), (204, 80),
               (126, 130), (1_092, 15), (496, 33), (282, 46)]
        var vectorRuns = 0
        for (n, d) in shapes {
            let ld = d + 3
            // Magnitudes from 1e-3 to 1e3 and both signs, so that rounding differs between summation orders.
            let a = (0..<(n * d)).map { _ in (rng.uniform() * 2 - 1) * pow(10, rng.uniform() * 6 - 3) }
            let start = (0..<(ld * ld)).map { _ in rng.uniform() - 0.5 }
            var plain = start
            XCTAssertEqual(ckernels_gram_upper_path(a, Int64(n), Int64(d), &plain, Int64(ld), 0), 1)
            // The same element, summed in Swift with a product and a sum rounded apart: to rounding.
            for j in 0..<d {
                for i in 0...j {
                    var sum = 0.0, size = 0.0
                    for r in 0..<n { sum += a[r * d + i] * a[r * d + j]; size += abs(a[r * d + i] * a[r * d + j]) }
                    let expected = start[j * ld + i] + sum
                    XCTAssertEqual(plain[j * ld + i], expected, accuracy: 1e-13 * (size + abs(start[j * ld + i])),
                                   "rows \(n), width \(d): element (\(i), \(j))")
                }
            }
            // Below the diagonal and beyond the width: untouched.
            let outside = (0..<(ld * ld)).filter { k in let (j, i) = (k / ld, k % ld); return i > j || j >= d || i >= d }
            XCTAssertEqual(outside.map { plain[$0] }, outside.map { start[$0] }, "rows \(n), width \(d)")
            var vector = start
            guard ckernels_gram_upper_path(a, Int64(n), Int64(d), &vector, Int64(ld), 3) == 1 else { continue }
            vectorRuns += 1
            let wrong = vector.indices.filter { vector[$0].bitPattern != plain[$0].bitPattern }
            XCTAssertTrue(wrong.isEmpty, "rows \(n), width \(d): \(wrong.count) elements differ from the plain loops")
        }
        if ckernels_vector_level() == 2 { XCTAssertEqual(vectorRuns, shapes.count) }
    }
}
