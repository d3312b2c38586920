import CKernels

/// A block's share of a rough Hessian (`LogisticObjective.evaluate(rough:)`): its rows scaled by √(curvature) and
/// rounded to single precision once, then the dense terms' products (`ckernels_gram_single`) and the one-hot
/// terms' columns (`ckernels_categorical_rough`) summed in float, sixteen a vector, a block at a time, and added to
/// the double Hessian. Within about 1e-5 of the double sums; for Newton's steps far from the optimum only.
struct RoughBlock {
    /// Whether a design of `width` dense terms gets rough blocks: the CPU has the kernels (AVX-512), and `width`
    /// is at least 32. The dense kernel alone, one block of 16384/width rows, one core, Intel Xeon (2026-12-06):
    /// width 121 20 µs against 32 for the double one (`gram.c`), 41 9.2 against 12.7, 15 7.5 against 7.2; in a
    /// slower hour 24 9.8 against 13.7, 32 7.0 against 14.1, 244 63 against 107.
    static func serves(width: Int) -> Bool { hasKernels && width >= 32 }
    private static let hasKernels = ckernels_vector_level() == 2

    /// The float rows' stride for `width` terms.
    static func stride(_ width: Int) -> Int { Int(ckernels_gram_single_stride(Int64(width))) }

    private let width: Int, stride: Int, terms: Int
    private var rows: [Float], roots: [Double], scratch: [Int32]

    /// For blocks of up to `rows` rows of `width` dense terms, `codes` codes a row and `terms` one-hot terms.
    init(rows: Int, width: Int, codes: Int, terms: Int) {
        self.width = width
        stride = Self.stride(width)
        self.terms = terms
        self.rows = [Float](repeating: 0, count: rows * stride)
        roots = [Double](repeating: 0, count: rows)
        scratch = [Int32](repeating: 0, count: codes > 0 ? terms + 1 + rows * codes : 0)
    }

    /// Adds the block's `n` rows (`block`, `width` values a row, row-major; `codes`, their one-hot terms) with
    /// their curvatures to `h` (leading dimension `leading`, the dense terms first), upper triangle.
    mutating func add(_ block: [Double], n: Int, curvature: [Double], codes: RowCodes, into h: inout [Double], leading: Int) {
        let d = width, stride = stride
        block.withUnsafeBufferPointer { b in
            rows.withUnsafeMutableBufferPointer { f in
                for r in 0..<n {
                    let s = curvature[r].squareRoot(), from = b.baseAddress! + r &* d, to = f.baseAddress! + r &* stride
                    roots[r] = s
                    for j in 0..<d { to[j] = Float(from[j] * s) }
                }
            }
        }
        if codes.perRow > 0 {
            let done = ckernels_categorical_rough(rows, Int64(stride), roots, curvature, codes.starts, codes.terms, Int64(n),
                                                  Int64(d), Int64(terms), &h, Int64(leading), &scratch)
            precondition(done == 1, "RoughBlock: no kernel on this CPU")
        }
        let done = ckernels_gram_single(rows, Int64(n), Int64(d), Int64(stride), &h, Int64(leading))
        precondition(done == 1, "RoughBlock: no kernel on this CPU")
    }
}
