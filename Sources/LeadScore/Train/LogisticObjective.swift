import Foundation

/// The penalised logistic log-loss and its derivatives, computed block by block over a design matrix.
///
///     f(b, β) = Σᵢ wᵢ·[log(1 + e^ηᵢ) − yᵢ·ηᵢ] + (λ/2)·‖β‖²,   ηᵢ = b + xᵢ·β,   pᵢ = σ(ηᵢ)
///     ∇f      = Xᵀ·(w∘(p − y)) + λ·β
///     ∇²f     = Xᵀ·diag(w∘p∘(1 − p))·X + λ·I
///
/// with the intercept b (column 0 of X, a column of ones) left out of the penalty. This is the objective of
/// scikit-learn's `LogisticRegression(C = 1/λ)` times the sample-weight sum. log(1 + e^η) is evaluated as
/// η + log1p(e^−η) for η > 0 and log1p(e^η) otherwise, so it never overflows (liblinear's form).
struct LogisticObjective: Sendable {
    public let design: DesignMatrix
    /// Labels 0/1 and weights, aligned with `design.rows`.
    let labels: [Double]
    let weights: [Double]
    let lambda: Double
    /// Fixed partition of the rows into chunks summed in order: results do not depend on the thread count.
    let chunks: [Range<Int>]

    public init(design: DesignMatrix, labels: [Double], weights: [Double], lambda: Double) {
        precondition(labels.count == design.rows.count && weights.count == labels.count, "objective: shapes differ")
        self.design = design
        self.labels = labels
        self.weights = weights
        self.lambda = lambda
        let n = labels.count
        let count = max(1, min(16, n / 4096))
        chunks = (0..<count).map { k in (n * k / count)..<(n * (k + 1) / count) }
    }

    public var width: Int { design.width }
    var weightSum: Double { weights.reduce(0, +) }

    public struct Evaluation {
        public var loss: Double
        var gradient: [Double]
        /// Column-major, upper triangle valid (full when mirrored); empty when not asked for.
        var hessian: [Double]
    }

    /// Loss, gradient and (optionally) Hessian at `beta`.
    public func evaluate(_ beta: [Double], hessian wantHessian: Bool) -> Evaluation {
        let w = width
        let parts = UnsafeMutableBufferPointer<Evaluation>.allocate(capacity: chunks.count)
        defer { parts.deallocate() }
        Cores.perform(chunks.count) { k in
            (parts.baseAddress! + k).initialize(to: partial(beta, rows: chunks[k], hessian: wantHessian))
        }
        var total = Evaluation(loss: 0, gradient: Array(repeating: 0, count: w),
                               hessian: wantHessian ? Array(repeating: 0, count: w * w) : [])
        for k in 0..<chunks.count {
            total.loss += parts[k].loss
            for j in 0..<w { total.gradient[j] += parts[k].gradient[j] }
            if wantHessian { for j in 0..<(w * w) { total.hessian[j] += parts[k].hessian[j] } }
        }
        (parts.baseAddress!).deinitialize(count: chunks.count)
        for j in 1..<w {
            total.loss += 0.5 * lambda * beta[j] * beta[j]
            total.gradient[j] += lambda * beta[j]
            if wantHessian {
                total.hessian[j * w + j] += lambda
                for i in 0..<j { total.hessian[i * w + j] = total.hessian[j * w + i] }
            }
        }
        return total
    }

    private func partial(_ beta: [Double], rows: Range<Int>, hessian wantHessian: Bool) -> Evaluation {
        let w = width
        let blockRows = design.blockRows
        var block = [Double](repeating: 0, count: blockRows * w)
        var eta = [Double](repeating: 0, count: blockRows)
        var residual = [Double](repeating: 0, count: blockRows)
        var out = Evaluation(loss: 0, gradient: Array(repeating: 0, count: w),
                             hessian: wantHessian ? Array(repeating: 0, count: w * w) : [])
        var start = rows.lowerBound
        while start < rows.upperBound {
            let range = start..<min(rows.upperBound, start + blockRows)
            let n = range.count
            design.fill(range, into: &block)
            BLAS.multiply(block, rows: n, width: w, by: beta, into: &eta)
            var loss = 0.0
            for r in 0..<n {
                let e = eta[r], y = labels[range.lowerBound + r], wt = weights[range.lowerBound + r]
                loss += wt * (Logistic.log1pexp(e) - y * e)
                let p = Logistic.sigmoid(e)
                residual[r] = wt * (p - y)
                eta[r] = (wt * p * (1 - p)).squareRoot()
            }
            out.loss += loss
            BLAS.accumulateTransposed(block, rows: n, width: w, times: residual, into: &out.gradient)
            if wantHessian {
                block.withUnsafeMutableBufferPointer { b in
                    for r in 0..<n { let s = eta[r]; for j in 0..<w { b[r * w + j] *= s } }
                }
                BLAS.accumulateGram(block, rows: n, width: w, into: &out.hessian)
            }
            start = range.upperBound
        }
        return out
    }
}
