import COpenBLAS

/// The one place leadscore touches BLAS and LAPACK pointers. Everything here takes and returns Swift
/// arrays; a block is row-major with `width` doubles per row, which BLAS sees as a column-major
/// `width × rows` matrix, so X·v is `dgemv` with transpose and Xᵀ·r is `dgemv` without.
enum BLAS {
    /// OpenBLAS runs single-threaded: leadscore parallelises over row blocks itself, which scales better
    /// for the narrow matrices it multiplies and keeps results independent of the thread count (measured:
    /// OpenBLAS's own threads spinning beside ours took 45% of a 1M-row fit).
    private static let oneThread: Void = openblas_set_num_threads(1)

    private static func int32(_ n: Int) -> Int32 {
        guard let v = Int32(exactly: n) else { preconditionFailure("BLAS size \(n) exceeds Int32") }
        return v
    }

    /// out[0..<rows] = X · v, X the first `rows` rows of `block`.
    static func multiply(_ block: [Double], rows: Int, width: Int, by v: [Double], into out: inout [Double]) {
        precondition(block.count >= rows * width && v.count == width && out.count >= rows, "multiply: shapes differ")
        _ = oneThread
        if rows == 0 { return }
        block.withUnsafeBufferPointer { a in
            v.withUnsafeBufferPointer { x in
                out.withUnsafeMutableBufferPointer { y in
                    cblas_dgemv(CblasColMajor, CblasTrans, int32(width), int32(rows), 1, a.baseAddress, int32(width),
                                x.baseAddress, 1, 0, y.baseAddress, 1)
                }
            }
        }
    }

    /// g += Xᵀ · r, X the first `rows` rows of `block`.
    static func accumulateTransposed(_ block: [Double], rows: Int, width: Int, times r: [Double],
                                            into g: inout [Double]) {
        precondition(block.count >= rows * width && r.count >= rows && g.count == width, "accumulateTransposed: shapes differ")
        _ = oneThread
        if rows == 0 { return }
        block.withUnsafeBufferPointer { a in
            r.withUnsafeBufferPointer { x in
                g.withUnsafeMutableBufferPointer { y in
                    cblas_dgemv(CblasColMajor, CblasNoTrans, int32(width), int32(rows), 1, a.baseAddress, int32(width),
                                x.baseAddress, 1, 1, y.baseAddress, 1)
                }
            }
        }
    }

    /// Upper triangle of H += Xᵀ·X, X the first `rows` rows of `block`; H is the leading `width × width`
    /// corner of a column-major matrix with `leading` rows (default `width`).
    static func accumulateGram(_ block: [Double], rows: Int, width: Int, into h: inout [Double], leading: Int? = nil) {
        let ld = leading ?? width
        precondition(block.count >= rows * width && ld >= width && h.count >= ld * width, "accumulateGram: shapes differ")
        _ = oneThread
        if rows == 0 { return }
        block.withUnsafeBufferPointer { a in
            h.withUnsafeMutableBufferPointer { c in
                cblas_dsyrk(CblasColMajor, CblasUpper, CblasNoTrans, int32(width), int32(rows), 1, a.baseAddress,
                            int32(width), 1, c.baseAddress, int32(ld))
            }
        }
    }

    /// Solves H·x = b for symmetric positive definite H (upper triangle used) by Cholesky (`dpotrf`,
    /// `dpotrs`). Nil when H is not positive definite.
    static func choleskySolve(_ h: [Double], n: Int, _ b: [Double]) -> [Double]? {
        precondition(h.count == n * n && b.count == n, "choleskySolve: shapes differ")
        _ = oneThread
        if n == 0 { return [] }
        var factor = h
        var x = b
        var info: Int32 = 0
        var nn = int32(n), one: Int32 = 1
        var uplo = CChar(UInt8(ascii: "U"))
        factor.withUnsafeMutableBufferPointer { a in dpotrf_(&uplo, &nn, a.baseAddress, &nn, &info) }
        if info != 0 { return nil }
        factor.withUnsafeBufferPointer { a in
            x.withUnsafeMutableBufferPointer { bx in dpotrs_(&uplo, &nn, &one, a.baseAddress, &nn, bx.baseAddress, &nn, &info) }
        }
        return info == 0 ? x : nil
    }

    /// The inverse of symmetric positive definite H (`dpotrf`, `dpotri`), full and column-major. Nil when H
    /// is not positive definite.
    static func inverseSPD(_ h: [Double], n: Int) -> [Double]? {
        precondition(h.count == n * n, "inverseSPD: shape differs")
        _ = oneThread
        if n == 0 { return [] }
        var a = h
        var info: Int32 = 0
        var nn = int32(n)
        var uplo = CChar(UInt8(ascii: "U"))
        a.withUnsafeMutableBufferPointer { p in dpotrf_(&uplo, &nn, p.baseAddress, &nn, &info) }
        if info != 0 { return nil }
        a.withUnsafeMutableBufferPointer { p in dpotri_(&uplo, &nn, p.baseAddress, &nn, &info) }
        if info != 0 { return nil }
        for j in 0..<n { for i in (j + 1)..<n { a[j * n + i] = a[i * n + j] } }  // mirror upper into lower
        return a
    }
}
