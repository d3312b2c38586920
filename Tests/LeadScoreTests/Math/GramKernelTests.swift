import CKernels
import COpenBLAS
import XCTest
@testable import LeadScore

/// The Hessian's dense part, C += AᵀA (upper triangle), by CKernels/gram.c: in both arithmetics the AVX-512 tiles
/// give the plain loops' bits (each element's products fused into a running sum in row order, stretch by stretch;
/// with Haswell's, part of an odd width's last column in four sums) at every width and length that leaves a partial
/// tile or stretch, touch nothing outside the upper triangle, and agree with a sum written out here in Swift to
/// rounding; and the arithmetic of the kernels OpenBLAS runs here gives its dsyrk's bits.
final class GramKernelTests: XCTestCase {
    func testEveryGramPathGivesThePlainLoopsBits() {
        var rng = SeededGenerator(seed: 47)
        let shapes: [(rows: Int, width: Int)] = (1...40).map { (rows: 1 + rng.below(90), width: $0) }
            + [(0, 5), (1, 1), (384, 7), (385, 7), (767, 9), (768, 9), (769, 13), (1_500, 3), (300, 58), (204, 80),
               (126, 130), (1_092, 15), (496, 33), (282, 46), (256, 5), (257, 61), (513, 9), (519, 21), (7, 45)]
        var vectorRuns = 0
        for arithmetic: Int32 in [0, 1] {
            for (n, d) in shapes {
                let ld = d + 3
                // Magnitudes from 1e-3 to 1e3 and both signs, so that rounding differs between summation orders.
                let a = (0..<(n * d)).map { _ in (rng.uniform() * 2 - 1) * pow(10, rng.uniform() * 6 - 3) }
                let start = (0..<(ld * ld)).map { _ in rng.uniform() - 0.5 }
                var plain = start
                XCTAssertEqual(ckernels_gram_upper_path(a, Int64(n), Int64(d), &plain, Int64(ld), arithmetic, 0), 1)
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
                guard ckernels_gram_upper_path(a, Int64(n), Int64(d), &vector, Int64(ld), arithmetic, 3) == 1 else { continue }
                vectorRuns += 1
                let wrong = vector.indices.filter { vector[$0].bitPattern != plain[$0].bitPattern }
                XCTAssertTrue(wrong.isEmpty, "arithmetic \(arithmetic), rows \(n), width \(d): \(wrong.count) elements differ from the plain loops")
            }
        }
        if ckernels_vector_level() == 2 { XCTAssertEqual(vectorRuns, 2 * shapes.count) }
        // Haswell's four sums change some elements (the arithmetic is not the same as SkylakeX's by accident).
        let (n, d) = (300, 9)
        let a = (0..<(n * d)).map { _ in (rng.uniform() * 2 - 1) * pow(10, rng.uniform() * 6 - 3) }
        var zero = [Double](repeating: 0, count: d * d), one = zero
        _ = ckernels_gram_upper_path(a, Int64(n), Int64(d), &zero, Int64(d), 0, 0)
        _ = ckernels_gram_upper_path(a, Int64(n), Int64(d), &one, Int64(d), 1, 0)
        XCTAssertTrue(zip(zero, one).contains { $0.bitPattern != $1.bitPattern })
    }

    /// Where OpenBLAS runs kernels whose dsyrk gram.c reproduces, the kernel's arithmetic for them gives dsyrk's bits
    /// (every element, also the corner of SkylakeX's where it sums even and odd rows apart: widths 13, 15, 45), and
    /// `BLAS.accumulateGram`, whichever it calls, gives them too.
    func testTheArithmeticOfOpenBLASsKernelsGivesItsDsyrkBits() {
        openblas_set_num_threads(1)
        let name = String(cString: openblas_get_corename()).lowercased()
        let arithmetic: Int32? = ["haswell", "zen"].contains(name) ? 1
            : ["skylakex", "cooperlake", "sapphirerapids"].contains(name) ? 0 : nil
        var rng = SeededGenerator(seed: 53)
        let widths = [1, 2, 3, 4, 5, 7, 8, 9, 11, 13, 15, 16, 17, 21, 31, 33, 45, 58, 61, 63, 65, 80, 99, 130]
        let lengths = [1, 3, 7, 8, 9, 100, 255, 256, 257, 383, 384, 385, 511, 512, 513, 767, 768, 769, 1_000, 2_049]
        var compared = 0
        for d in widths {
            for n in lengths where rng.below(3) == 0 || n == 257 || d == 61 {
                let a = (0..<(n * d)).map { _ in (rng.uniform() * 2 - 1) * pow(10, rng.uniform() * 6 - 3) }
                let start = (0..<(d * d)).map { _ in rng.uniform() - 0.5 }
                var byBLAS = start
                a.withUnsafeBufferPointer { a in
                    byBLAS.withUnsafeMutableBufferPointer { c in
                        cblas_dsyrk(CblasColMajor, CblasUpper, CblasNoTrans, Int32(d), Int32(n), 1, a.baseAddress, Int32(d),
                                    1, c.baseAddress, Int32(d))
                    }
                }
                var library = start
                BLAS.accumulateGram(a, rows: n, width: d, into: &library)
                XCTAssertTrue(zip(library, byBLAS).allSatisfy { $0.bitPattern == $1.bitPattern }, "\(name): rows \(n), width \(d)")
                guard let arithmetic else { continue }
                var ours = start
                XCTAssertEqual(ckernels_gram_upper_path(a, Int64(n), Int64(d), &ours, Int64(d), arithmetic, 0), 1)
                let wrong = ours.indices.filter { ours[$0].bitPattern != byBLAS[$0].bitPattern }
                XCTAssertTrue(wrong.isEmpty, "\(name): rows \(n), width \(d): \(wrong.count) elements differ from dsyrk's")
                compared += 1
            }
        }
        if arithmetic != nil { XCTAssertGreaterThan(compared, 100) }
    }
}
