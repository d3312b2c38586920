/// Newton–Cholesky (iteratively reweighted least squares) for the logistic objective.
///
/// Each iteration takes one pass over the data for loss, gradient and Hessian, solves H·δ = −g by Cholesky
/// and halves the step while the loss does not fall. It stops when the largest gradient component is at most
/// `tolerance` times the weight sum (the mean-loss gradient below 1e-10, which puts probabilities within
/// about 1e-9 of the exact optimum).
enum NewtonSolver {
    struct Result {
        var beta: [Double]
        public var report: SolverReport
        /// Hessian at the solution, column-major and full.
        var hessian: [Double]
        /// Each row's linear predictor at the solution, when the objective keeps it (`lastEta`) and the last
        /// point evaluated is the solution; empty otherwise.
        var eta: [Double]
    }

    static func minimize(_ f: LogisticObjective, start: [Double], tolerance: Double = 1e-10,
                                maxIterations: Int = 100, polish: Bool = true, settled: Double = settledStep,
                                rough: Double? = roughStep, near: Double? = nil,
                                progress: ((Int, Double) -> Void)? = nil) throws -> Result {
        let n = f.width
        let limit = tolerance * max(1, f.weightSum)
        var beta = start
        // A rough Hessian (`LogisticObjective.evaluate(rough:)`) is asked for at the start and at a point a full step
        // of more than `rough` from the last; a step solved with one is not a settled one.
        var current = f.evaluate(beta, hessian: true, rough: rough != nil)
        // Whether the last point evaluated is `beta` (then `f.lastEta` holds its η).
        var lastIsCurrent = true
        // Where the Hessian is large (over 16 MB: more than 1,448 terms), the current point's is let go once its
        // step is solved, so that a trial's evaluation does not hold it too, and is evaluated again in the rare
        // case that no trial is taken. With `LogisticObjective.evaluate` letting its cores' arrays go before its
        // reordered copy, train's peak on 1M leads: 3,449 terms 585 → 399 MB, 2,701 terms 376 → 262 MB.
        let large = n * n > 1 << 21
        func restoreHessian() {
            if current.hessian.isEmpty || current.rough { current = f.evaluate(beta, hessian: true); lastIsCurrent = true }
        }
        var iterations = 0
        var converged = false
        // The largest change of a coefficient in the last step taken, when it was a full Newton step.
        var lastFullStep = Double.infinity
        while iterations < maxIterations {
            if maxAbs(current.gradient) <= limit { converged = true; break }
            guard let delta = BLAS.choleskySolve(current.hessian, n: n, current.gradient.map { -$0 }) else {
                throw TrainingError("the Hessian is singular (some terms are collinear or the outcome is perfectly"
                    + " separated); train with a penalty such as --l2 1, or leave out the offending columns")
            }
            if large { current.hessian = [] }
            iterations += 1
            // A start, not an answer (`near`): a step this short is taken as it is, with no pass to see where it
            // leads, and the iterations end there.
            if let near, maxAbs(delta) <= near {
                beta = zip(beta, delta).map { $0 + $1 }
                let report = SolverReport(method: "newton-cholesky", iterations: iterations, loss: current.loss,
                                          gradientMax: maxAbs(current.gradient), converged: false)
                return Result(beta: beta, report: report, hessian: [], eta: [])
            }
            var step = 1.0
            var accepted = false
            while step > 1e-10 {
                let trial = zip(beta, delta).map { $0 + step * $1 }
                let far = rough.map { step * maxAbs(delta) > $0 } ?? false
                let next = f.evaluate(trial, hessian: true, rough: far)
                lastIsCurrent = false
                if next.loss.isFinite && next.loss <= current.loss + 1e-12 * abs(current.loss) {
                    lastFullStep = step == 1 && !current.rough ? maxAbs(delta) : .infinity
                    beta = trial; current = next; accepted = true; lastIsCurrent = true
                    break
                }
                step /= 2
            }
            progress?(iterations, current.loss)
            if !accepted { converged = maxAbs(current.gradient) <= limit * 1e3; restoreHessian(); break }
        }
        if !converged && maxAbs(current.gradient) <= limit { converged = true }
        // The Hessian handed back, and the polishing step's, are double sums at `beta`.
        restoreHessian()
        // With `polish` (all but a warm start's sample fit), one more step once within tolerance: Newton's
        // convergence is quadratic, so it takes the answer to rounding level (the tolerance alone leaves about
        // 1e-9 on a million rows), and the result no longer depends on where the iterations started. Kept only
        // when the gradient shrinks. Not taken when the last step was a full one of at most `settled` in every
        // coefficient: the next would be about the square of it (measured on the bench files, from steps of
        // 1e-5 to 8e-5: 0.5 to 0.75 times the square), below rounding.
        if polish, converged, iterations < maxIterations, lastFullStep > settled,
           let delta = BLAS.choleskySolve(current.hessian, n: n, current.gradient.map { -$0 }) {
            if large { current.hessian = [] }
            let trial = zip(beta, delta).map { $0 + $1 }
            let next = f.evaluate(trial, hessian: true)
            lastIsCurrent = false
            if next.loss.isFinite && maxAbs(next.gradient) < maxAbs(current.gradient) {
                beta = trial; current = next; iterations += 1; lastIsCurrent = true
                progress?(iterations, current.loss)
            }
            restoreHessian()
        }
        let report = SolverReport(method: "newton-cholesky", iterations: iterations, loss: current.loss,
                                  gradientMax: maxAbs(current.gradient), converged: converged)
        return Result(beta: beta, report: report, hessian: current.hessian,
                      eta: lastIsCurrent ? f.lastEta?.values ?? [] : [])
    }

    /// The largest full step after which no polishing step is taken (`settled`): its square, 1e-16, is below the
    /// rounding of coefficients of order one (the objective's numeric terms are standardised). On the unseen bench's
    /// wide file (500,000 rows, 244 terms) the gradient test passed after a step of 5e-9, and the polishing step
    /// that followed moved no coefficient by more than 1.1e-13 and doubled the largest gradient component (2.3e-12
    /// to 4.3e-12): a pass over the data, a sixth of the fit, for rounding noise.
    static let settledStep = 1e-8

    /// The full step beyond which the point reached gets a rough Hessian (and the start too): its dense products
    /// summed in single precision (`LogisticObjective.evaluate(rough:)`), within about 1e-5 of the double sums.
    /// Far from the optimum that error moves the next step by about its share of the step, far less than Newton's
    /// own error there (about the square of the last step: 1e-4 and more after a step above 1e-2), so the steps
    /// that follow, solved with double Hessians, meet the same tests: the same iterations on the bench files.
    static let roughStep = 1e-2

    /// The warm start's `near` (`FitContext.warmStart`): its sample's fit ends with the first Newton step of at
    /// most 2e-2 in every (standardised) coefficient, taken without a pass of its own. What it leaves is about the
    /// square of that step (measured on the bench files, the step after one of 4e-4 to 1.2e-2: 7e-8 to 9e-5), a
    /// thousandth of the sample optimum's own distance from the full data's (the full fit's first step: 0.08 to 0.43),
    /// so the full fit takes the iterations it took from the sample's optimum, two sample passes sooner.
    static let nearEnough = 2e-2

    static func maxAbs(_ v: [Double]) -> Double { v.reduce(0) { max($0, abs($1)) } }
}
