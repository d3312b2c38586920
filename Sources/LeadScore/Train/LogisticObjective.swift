import Foundation
import CKernels

/// The penalised logistic log-loss and its derivatives, computed block by block over a design matrix.
///
///     f(b, β) = Σᵢ wᵢ·[log(1 + e^ηᵢ) − yᵢ·ηᵢ] + (λ/2)·‖β‖²,   ηᵢ = b + xᵢ·β,   pᵢ = σ(ηᵢ)
///     ∇f      = Xᵀ·(w∘(p − y)) + λ·β
///     ∇²f     = Xᵀ·diag(w∘p∘(1 − p))·X + λ·I
///
/// with the intercept b (column 0 of X, a column of ones) left out of the penalty. With a `prior` β̄ (a segment
/// model pulled towards the global one), the penalty is (λ/2)·‖β − β̄‖² and the gradient's term λ·(β − β̄). This is the objective of
/// scikit-learn's `LogisticRegression(C = 1/λ)` times the sample-weight sum. log(1 + e^η) is evaluated as
/// η + log1p(e^−η) for η > 0 and log1p(e^η) otherwise, so it never overflows (liblinear's form).
struct LogisticObjective: Sendable {
    public let design: DesignMatrix
    /// Labels 0/1, aligned with `design.rows`, and the rows' weights.
    let labels: [Double]
    let weights: RowWeights
    let lambda: Double
    /// The coefficients the penalty pulls towards (index 0, the intercept, unused); nil: zero.
    var prior: [Double]?
    /// Fixed partition of the rows into chunks summed in order: results do not depend on the thread count.
    let chunks: [Range<Int>]
    /// Where `evaluate` leaves each row's linear predictor η, in `design.rows` order (nil: nowhere), so that
    /// the fitted rows' scores need no pass of their own once the solver stops. One buffer, overwritten by
    /// every evaluation: it holds the last point evaluated.
    var lastEta: EtaBuffer? = nil
    /// The Hessian arrays `evaluate` sums into, kept from one evaluation to the next (see `evaluate`).
    let hessians = ScratchColumns()
    /// The rows of the missing indicators kept as codes, found once for all passes (`RowCodes`).
    let indicators: DesignMatrix.IndicatorRows?

    final class EtaBuffer: @unchecked Sendable {  // written by `evaluate` only, one chunk's rows per core
        var values: [Double]
        init(rows: Int) { values = [Double](repeating: 0, count: rows) }
    }

    /// Each row's weight wᵢ: by its label (class weights, 1 and 1 unless balanced: no array of a million equal
    /// values, 8 MB a million rows), or one per row.
    enum RowWeights: Sendable {
        case byLabel(negative: Double, positive: Double)
        case perRow([Double])
    }

    public init(design: DesignMatrix, labels: [Double], weights: RowWeights, lambda: Double) {
        if case .perRow(let w) = weights { precondition(w.count == labels.count, "objective: shapes differ") }
        precondition(labels.count == design.rows.count, "objective: shapes differ")
        self.design = design
        self.labels = labels
        self.weights = weights
        self.lambda = lambda
        indicators = design.indicatorRows()
        chunks = Self.chunks(rows: labels.count)
    }

    /// The fixed partition of `n` rows into chunks (`chunks`): at most 16, of at least 4,096 rows.
    static func chunks(rows n: Int) -> [Range<Int>] {
        let count = max(1, min(16, n / 4096))
        return (0..<count).map { k in (n * k / count)..<(n * (k + 1) / count) }
    }

    public var width: Int { design.width }
    /// Σ wᵢ, added in row order.
    var weightSum: Double {
        switch weights {
        case .perRow(let w): return w.reduce(0, +)
        case .byLabel(let w0, let w1): return labels.reduce(0) { $0 + ($1 == 1 ? w1 : w0) }
        }
    }

    public struct Evaluation {
        public var loss: Double
        var gradient: [Double]
        /// Column-major, upper triangle valid (full when mirrored); empty when not asked for.
        var hessian: [Double]
        /// The Hessian's diagonal (the penalty's λ included); empty when not asked for.
        var diagonal: [Double] = []
        /// Whether `hessian` is rough (`evaluate(rough:)`).
        var rough = false
    }

    /// Loss, gradient and (optionally) Hessian at `beta`, or its diagonal alone (`diagonal`: a pass's cost, for
    /// L-BFGS's preconditioner).
    ///
    /// The chunks run in waves of one per core and are added in chunk order, so the result does not depend
    /// on the number of cores, and at most one Hessian per core is held besides the total.
    /// - Parameter rough: the Hessian's products with the dense terms summed in single precision a block at a
    ///   time (`RoughBlock`), within about 1e-5 of the double sums: for a Newton step far from the optimum
    ///   (`NewtonSolver`), whose size the Hessian's last digits do not change. Loss and gradient are the same bits
    ///   either way. Taken only where `RoughBlock.serves(width:)` (AVX-512, 32 dense terms or more);
    ///   `Evaluation.rough` says whether it was.
    public func evaluate(_ beta: [Double], hessian wantHessian: Bool, diagonal wantDiagonal: Bool = false,
                         rough: Bool = false) -> Evaluation {
        let w = width
        let permutation = design.permutation
        let betaP = permutation.map { beta[$0] }
        // The chunks' Hessians and their total go into arrays kept from one evaluation to the next (`hessians`):
        // each core's array is handed from one wave of chunks to the next (zeroed by `partial`). Made fresh for
        // every chunk, w² doubles came from the OS sixteen times a pass, which cost more than the products where
        // w is large (levels bench file, w = 881: 194,000 of train's 290,000 page faults, 0.7 s of system time).
        // Kept only up to 16 MB an array (w ≤ 1,448): beyond, a pass's products dwarf the page faults, and three
        // arrays held through the solver's own copies would raise the peak by hundreds of megabytes.
        let keep = wantHessian && w * w <= 1 << 21
        var total = Evaluation(loss: 0, gradient: Array(repeating: 0, count: w),
                               hessian: wantHessian ? hessians.take(count: w * w) : [],
                               diagonal: wantDiagonal ? Array(repeating: 0, count: w) : [])
        total.hessian.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        defer { if keep { hessians.give(total.hessian) } }
        let slots = UnsafeMutableBufferPointer<[Double]>.allocate(capacity: Cores.count)
        _ = slots.initialize(from: (0..<Cores.count).lazy.map { _ in wantHessian ? hessians.take(count: w * w) : [] })
        defer {
            for k in slots.indices where keep { hessians.give(slots[k]) }
            _ = slots.deinitialize(); slots.deallocate()
        }
        // The chunks' sums; each chunk writes its own rows' η to `etaOut` (no two chunks share a row).
        func accumulate(_ etaOut: UnsafeMutablePointer<Double>?) {
            var first = 0
            while first < chunks.count {
                let count = min(Cores.count, chunks.count - first)
                let parts = UnsafeMutableBufferPointer<Evaluation>.allocate(capacity: count)
                Cores.perform(count) { k in
                    (parts.baseAddress! + k).initialize(to: partial(betaP, rows: chunks[first + k], hessian: wantHessian,
                                                                    diagonal: wantDiagonal, rough: rough, storage: &slots[k],
                                                                    eta: etaOut))
                }
                for k in 0..<count {
                    total.loss += parts[k].loss
                    for j in 0..<w { total.gradient[j] += parts[k].gradient[j] }
                    if wantDiagonal { for j in 0..<w { total.diagonal[j] += parts[k].diagonal[j] } }
                    if wantHessian {
                        parts[k].hessian.withUnsafeBufferPointer { part in
                            total.hessian.withUnsafeMutableBufferPointer { sum in
                                for j in 0..<(w * w) { sum[j] += part[j] }
                            }
                        }
                        swap(&slots[k], &parts[k].hessian)
                    }
                }
                parts.baseAddress!.deinitialize(count: count)
                parts.deallocate()
                first += count
            }
        }
        if let lastEta { lastEta.values.withUnsafeMutableBufferPointer { accumulate($0.baseAddress) } } else { accumulate(nil) }
        // The cores' arrays that are not kept go before the reordered copy is made, so that at most three arrays
        // of w² are held here at once (with `NewtonSolver` letting its own go: train's peak at 3,449 terms on 1M
        // leads 585 → 399 MB).
        if !keep { for k in slots.indices { slots[k] = [] } }
        // From the objective's order (dense terms, then categorical ones) back to the model's.
        var out = Evaluation(loss: total.loss, gradient: Array(repeating: 0, count: w),
                             hessian: wantHessian ? Array(repeating: 0, count: w * w) : [],
                             diagonal: wantDiagonal ? Array(repeating: 0, count: w) : [],
                             rough: rough && wantHessian && RoughBlock.serves(width: design.denseWidth))
        for p in 0..<w { out.gradient[permutation[p]] = total.gradient[p] }
        if wantDiagonal { for p in 0..<w { out.diagonal[permutation[p]] = total.diagonal[p] } }
        if wantHessian {
            for j in 0..<w {
                for i in 0...j {
                    let v = total.hessian[j * w + i]
                    let (a, b) = (permutation[i], permutation[j])
                    out.hessian[b * w + a] = v
                    out.hessian[a * w + b] = v
                }
            }
        }
        for j in 1..<w {
            let d = beta[j] - (prior?[j] ?? 0)
            out.loss += 0.5 * lambda * d * d
            out.gradient[j] += lambda * d
            if wantHessian { out.hessian[j * w + j] += lambda }
            if wantDiagonal { out.diagonal[j] += lambda }
        }
        return out
    }

    /// One chunk's share, in the objective's order (`design.permutation`): the dense part's products go
    /// through BLAS; a categorical term, 1 or 0, adds its weight to counts (XᵀWX for one-hot columns is a
    /// weighted count). Upper triangle of the Hessian only. With `eta`, each row's linear predictor is written
    /// at its position there. The Hessian goes into `storage`'s array (taken from it, and zeroed first).
    private func partial(_ beta: [Double], rows: Range<Int>, hessian wantHessian: Bool, diagonal wantDiagonal: Bool,
                         rough: Bool, storage: inout [Double],
                         eta etaOut: UnsafeMutablePointer<Double>?) -> Evaluation {
        let w = width, d = design.denseWidth, k = design.codeCount
        let blockRows = design.blockRows
        var block = [Double](repeating: 0, count: blockRows * d)
        var codes = RowCodes(rows: blockRows, perRow: k, indicators: indicators)
        var eta = [Double](repeating: 0, count: blockRows)
        var residual = [Double](repeating: 0, count: blockRows)
        var curvature = [Double](repeating: 0, count: blockRows)
        var tails = [Double](repeating: 0, count: blockRows)
        // A rough Hessian's blocks, where they serve (else the double sums).
        var roughBlock = rough && wantHessian && RoughBlock.serves(width: d)
            ? RoughBlock(rows: blockRows, width: d, codes: k, terms: w - d) : nil
        let denseBeta = Array(beta[0..<d])
        var denseGradient = [Double](repeating: 0, count: d)
        var out = Evaluation(loss: 0, gradient: Array(repeating: 0, count: w), hessian: [],
                             diagonal: wantDiagonal ? Array(repeating: 0, count: w) : [])
        if wantHessian {
            swap(&out.hessian, &storage)
            if out.hessian.count == w * w {
                out.hessian.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
            } else {
                out.hessian = Array(repeating: 0, count: w * w)
            }
        }
        var start = rows.lowerBound
        // The lane columns' addresses taken once for the chunk's blocks (`DesignMatrix.fillDense`).
        design.withLaneBases { bases in
        while start < rows.upperBound {
            let range = start..<min(rows.upperBound, start + blockRows)
            let n = range.count
            design.fillDense(range, into: &block, bases: bases)
            codes.fill(range, from: design)
            BLAS.multiply(block, rows: n, width: d, by: denseBeta, into: &eta)
            out.loss += rowTerms(beta, codes, range, eta: &eta, residual: &residual, curvature: &curvature, tails: &tails)
            if let etaOut { for r in 0..<n { etaOut[range.lowerBound + r] = eta[r] } }
            BLAS.accumulateTransposed(block, rows: n, width: d, times: residual, into: &denseGradient)
            if k > 0 { codes.addEach(residual, rows: n, into: &out.gradient, at: d) }
            if wantDiagonal { accumulateDiagonal(block, codes, curvature, n: n, into: &out.diagonal) }
            if wantHessian, roughBlock != nil {
                roughBlock!.add(block, n: n, curvature: curvature, codes: codes, into: &out.hessian, leading: w)
            } else if wantHessian {
                if k > 0 { accumulateCategorical(block, codes, curvature, n: n, into: &out.hessian) }
                block.withUnsafeMutableBufferPointer { b in
                    // Through a row pointer with wrapping index arithmetic, so that the row's loop vectorises.
                    for r in 0..<n {
                        let s = curvature[r].squareRoot(), row = b.baseAddress! + r &* d
                        for j in 0..<d { row[j] *= s }
                    }
                }
                BLAS.accumulateGram(block, rows: n, width: d, into: &out.hessian, leading: w)
            }
            start = range.upperBound
        }
        }
        for j in 0..<d { out.gradient[j] = denseGradient[j] }
        return out
    }

    /// For the block's rows: adds the categorical terms to η (which holds the dense part, and then the whole
    /// linear predictor), and returns the loss, with each row's w·(p − y) in `residual` and w·p·(1 − p) in
    /// `curvature`. `tails`: room for the block's e^−|η|.
    private func rowTerms(_ beta: [Double], _ codes: RowCodes, _ range: Range<Int>, eta: inout [Double],
                          residual: inout [Double], curvature: inout [Double], tails: inout [Double]) -> Double {
        let d = design.denseWidth, first = range.lowerBound, n = range.count
        var loss = 0.0
        // The loop once per kind of weight, so that neither looks up the other's.
        @inline(__always) func terms(_ weight: (_ y: Double, _ row: Int) -> Double) {
            beta.withUnsafeBufferPointer { beta in
                codes.starts.withUnsafeBufferPointer { starts in codes.terms.withUnsafeBufferPointer { terms in
                    labels.withUnsafeBufferPointer { labels in
                        for r in 0..<n {
                            var e = eta[r]
                            for a in Int(starts[r])..<Int(starts[r &+ 1]) { e += beta[d &+ Int(terms[a])] }
                            eta[r] = e
                            let y = labels[first + r], wt = weight(y, first + r)
                            // One exponential for both: t = e^−|η|, log(1 + e^η) = max(η, 0) + log1p(t).
                            let t = exp(-abs(e))
                            tails[r] = t
                            let p = e >= 0 ? 1 / (1 + t) : t / (1 + t)
                            residual[r] = wt * (p - y)
                            curvature[r] = wt * p * (1 - p)
                        }
                        // log1p of the block's tails at once (CKernels/log1p.c, fdlibm's method several values at
                        // a time; glibc's call per row was 6% of train's CPU), then the loss in row order.
                        tails.withUnsafeMutableBufferPointer { ckernels_log1p_unit($0.baseAddress, Int64(n)) }
                        for r in 0..<n {
                            let e = eta[r], y = labels[first + r], wt = weight(y, first + r)
                            loss += wt * (max(e, 0) + tails[r] - y * e)
                        }
                    }
                } }
            }
        }
        switch weights {
        case .byLabel(let w0, let w1): terms { y, _ in y == 1 ? w1 : w0 }
        case .perRow(let w): w.withUnsafeBufferPointer { w in terms { _, i in w[i] } }
        }
        return loss
    }
}
