import CKernels
import COpenBLAS
#if canImport(Glibc)
import Glibc
#endif

/// OpenBLAS's kernels for this CPU. OpenBLAS picks them when it loads, from the CPU's model number; on a CPU
/// newer than itself (Debian 12's OpenBLAS 0.3.21 on Intel's Emerald Rapids, model 207) it falls back to its
/// Prescott kernels, which use neither AVX nor FMA. `OPENBLAS_CORETYPE` chooses them instead, and OpenBLAS
/// reads it only when it loads.
public enum BLASKernels {
    /// The kernel set (an `OPENBLAS_CORETYPE` value) this CPU runs when OpenBLAS fell back to Prescott's on a
    /// CPU with AVX2 and FMA (Haswell's) or AVX-512 (SkylakeX's); nil when OpenBLAS recognised the CPU, the
    /// CPU has neither, or `OPENBLAS_CORETYPE` is set (the user's choice stands).
    public static func forUnrecognisedCPU() -> String? {
        guard getenv("OPENBLAS_CORETYPE") == nil, let name = openblas_get_corename() else { return nil }
        guard String(cString: name).lowercased() == "prescott" else { return nil }
        switch ckernels_vector_level() {
        case 2: return "SkylakeX"
        case 1: return "Haswell"
        default: return nil
        }
    }

    /// Has OpenBLAS use the kernels the CPU runs when it fell back to slower ones (`forUnrecognisedCPU`): it makes
    /// its choice again in this process, under `OPENBLAS_CORETYPE`, where it can (`chooseAgain`); otherwise this
    /// program runs again, from the start and with the same arguments, with `OPENBLAS_CORETYPE` set (which
    /// OpenBLAS reads when it loads). Called first thing by the executables, before any BLAS call and any thread of
    /// theirs; returns when the kernels are chosen, when there is nothing to do, or when the program cannot be run
    /// again (then the fallback kernels stay: slower, same results to the last few digits).
    public static func chooseIfUnrecognised() {
        #if os(Linux)
        guard let core = forUnrecognisedCPU() else { return }
        setenv("OPENBLAS_CORETYPE", core, 1)
        if chooseAgain(core) { return }
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        unsetenv("OPENBLAS_CORETYPE")
        #endif
    }

    /// OpenBLAS's choice of kernels made again, with the two functions its builds for several CPUs (Debian's among
    /// them) make it with when they load: `gotoblas_dynamic_quit` forgets the choice, and `gotoblas_dynamic_init`
    /// makes it from `OPENBLAS_CORETYPE` and sets up the chosen kernels' block sizes. True when OpenBLAS then names
    /// `core` as its kernels; false, with nothing changed, where a build has no such functions. Running the program
    /// again cost a second start-up: `leadscore --version` 29.0 ms against 13.8 ms (`perf stat`, twenty runs each).
    static func chooseAgain(_ core: String) -> Bool {
        #if os(Linux)
        guard let handle = dlopen(nil, RTLD_NOW), let forget = dlsym(handle, "gotoblas_dynamic_quit"),
              let choose = dlsym(handle, "gotoblas_dynamic_init") else { return false }
        unsafeBitCast(forget, to: (@convention(c) () -> Void).self)()
        unsafeBitCast(choose, to: (@convention(c) () -> Void).self)()
        guard let name = openblas_get_corename() else { return false }
        return String(cString: name).lowercased() == core.lowercased()
        #else
        return false
        #endif
    }

    /// Stops OpenBLAS's worker threads and keeps its calls on the calling thread. The pthreads build starts a
    /// worker per further core when it loads, and each spins on `sched_yield` before it sleeps: measured here,
    /// 0.10 s of CPU in the first 0.15 s of every run, taken from the cores that read the file. OpenBLAS
    /// stops them itself before a fork (`blas_thread_shutdown_`) and starts them again when a call wants
    /// them, which single-threaded calls never do. Looked up by name: other builds (serial, OpenMP) have no
    /// such threads and no such function. Called first thing by the executables, after
    /// `chooseIfUnrecognised`.
    public static func stopIdleThreads() {
        BLAS.useOneThread()
        #if os(Linux)
        guard let handle = dlopen(nil, RTLD_NOW), let shutdown = dlsym(handle, "blas_thread_shutdown_") else { return }
        _ = unsafeBitCast(shutdown, to: (@convention(c) () -> Int32).self)()
        #endif
    }
}

/// The one place leadscore touches BLAS and LAPACK pointers. Everything here takes and returns Swift
/// arrays; a block is row-major with `width` doubles per row, which BLAS sees as a column-major
/// `width × rows` matrix, so X·v is `dgemv` with transpose and Xᵀ·r is `dgemv` without.
enum BLAS {
    /// OpenBLAS runs single-threaded: leadscore parallelises over row blocks itself, which scales better
    /// for the narrow matrices it multiplies and keeps results independent of the thread count (measured:
    /// OpenBLAS's own threads spinning beside ours took 45% of a 1M-row fit).
    private static let oneThread: Void = openblas_set_num_threads(1)
    static func useOneThread() { _ = oneThread }

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

    /// Which of OpenBLAS's dsyrk `accumulateGram` has CKernels' AVX-512 kernel (CKernels/gram.c) reproduce, bit for
    /// bit: 0 where OpenBLAS runs its own AVX-512 kernels (SkylakeX, Cooperlake, SapphireRapids), 1 where it runs its
    /// Haswell or Zen kernels (a kernel set pinned with `OPENBLAS_CORETYPE=Haswell`, as the notebook tests do so that
    /// their outputs are the same on every machine with AVX2, gives them on a CPU with AVX-512 too); nil for other
    /// kernel sets, which keep `dsyrk`.
    private static let gramArithmetic: Int32? = {
        guard let name = openblas_get_corename() else { return nil }
        switch String(cString: name).lowercased() {
        case "skylakex", "cooperlake", "sapphirerapids": return 0
        case "haswell", "zen": return 1
        default: return nil
        }
    }()

    /// Upper triangle of H += Xᵀ·X, X the first `rows` rows of `block`; H is the leading `width × width`
    /// corner of a column-major matrix with `leading` rows (default `width`). By CKernels' register-tiled
    /// kernel where the CPU has AVX-512 and OpenBLAS runs kernels whose `dsyrk` it reproduces (no copies of the
    /// block), else by `dsyrk`.
    static func accumulateGram(_ block: [Double], rows: Int, width: Int, into h: inout [Double], leading: Int? = nil) {
        let ld = leading ?? width
        precondition(block.count >= rows * width && ld >= width && h.count >= ld * width, "accumulateGram: shapes differ")
        _ = oneThread
        if rows == 0 { return }
        block.withUnsafeBufferPointer { a in
            h.withUnsafeMutableBufferPointer { c in
                if let arithmetic = gramArithmetic,
                   ckernels_gram_upper(a.baseAddress, Int64(rows), Int64(width), c.baseAddress, Int64(ld), arithmetic) == 1 { return }
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
