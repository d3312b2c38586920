/// Limited-memory BFGS for wide data, where forming the Hessian (width² per row) costs too much.
///
/// Two-loop recursion over the last `memory` steps, a backtracking line search on the Armijo condition
/// (one data pass per trial: loss and gradient together; on the directional derivative once the loss change
/// is below rounding), and the same stopping rule as `NewtonSolver`
/// (largest gradient component at most `tolerance` times the weight sum), or ten iterations in a row whose
/// loss change is below the loss's rounding (nothing more can be gained in double precision).
///
/// Preconditioned by the Hessian's diagonal D at the start (H₀ = γ·D⁻¹ in the recursion, the first step
/// −D⁻¹·g): a one-hot level seen in a handful of rows has a curvature near λ while a numeric term's is near
/// n/4, and without it the steps crawl along the rare levels. Measured on 1M leads: 2,701 terms (levels file,
/// `--min-level-count 40`) 1,607 iterations, 24.7 s and stalled short of the tolerance before, 690 iterations,
/// 12.0 s and converged with it; 3,449 terms (a 3,400-level domain column) 2,000 iterations without converging
/// (39 s), then 130 (4.7 s). Newton–Cholesky takes over up to `TrainingOptions.newtonLimit` terms, beyond which
/// this solver's answer is within its tolerance rather than at rounding level.
enum LBFGSSolver {
    /// - Parameter preconditioned: false for the plain recursion (H₀ = γ·I), which the tests compare with.
    static func minimize(_ f: LogisticObjective, start: [Double], tolerance: Double = 1e-9,
                                memory: Int = 10, maxIterations: Int = 2000, preconditioned: Bool = true,
                                progress: ((Int, Double) -> Void)? = nil) -> (beta: [Double], report: SolverReport) {
        let limit = tolerance * max(1, f.weightSum)
        var x = start
        var current = f.evaluate(x, hessian: false, diagonal: preconditioned)
        // The preconditioner: the inverse of the Hessian's diagonal at the start (a term whose curvature is nil,
        // which only an unpenalised fit can have, taken as 1); without it, 1/Σw for the first step, as before.
        let inverse = preconditioned ? current.diagonal.map { $0 > 0 && $0.isFinite ? 1 / $0 : 1 }
                                     : Array(repeating: 1, count: start.count)
        let firstGamma = preconditioned ? 1 : 1 / max(1, f.weightSum)
        var s: [[Double]] = [], y: [[Double]] = [], rho: [Double] = []
        var iterations = 0
        var converged = false
        var stalled = 0  // iterations in a row whose loss change is below the loss's own rounding
        while iterations < maxIterations {
            let g = current.gradient
            if NewtonSolver.maxAbs(g) <= limit { converged = true; break }
            // Two-loop recursion: d = −H·g.
            var q = g
            var alpha = [Double](repeating: 0, count: s.count)
            for k in stride(from: s.count - 1, through: 0, by: -1) {
                alpha[k] = rho[k] * dot(s[k], q)
                for j in q.indices { q[j] -= alpha[k] * y[k][j] }
            }
            // H₀ = γ·D⁻¹, γ = sᵀy / yᵀD⁻¹y (before the first pair: a Newton step on the diagonal).
            var gamma = firstGamma
            if let sk = s.last, let yk = y.last {
                var yDy = 0.0
                for j in yk.indices { yDy += yk[j] * inverse[j] * yk[j] }
                gamma = dot(sk, yk) / yDy
            }
            for j in q.indices { q[j] *= gamma * inverse[j] }
            for k in 0..<s.count {
                let b = rho[k] * dot(y[k], q)
                for j in q.indices { q[j] += s[k][j] * (alpha[k] - b) }
            }
            var d = q.map { -$0 }
            var slope = dot(g, d)
            if slope >= 0 { d = g.indices.map { -g[$0] * gamma * inverse[$0] }; slope = dot(g, d); s = []; y = []; rho = [] }
            var step = 1.0
            var next = current
            var trial = x
            var accepted = false
            for _ in 0..<40 {
                trial = zip(x, d).map { $0 + step * $1 }
                next = f.evaluate(trial, hessian: false)
                if next.loss.isFinite && next.loss <= current.loss + 1e-4 * step * slope { accepted = true; break }
                // Near the optimum the loss change drops below its rounding; then the directional derivative,
                // which is still accurate, decides.
                if abs(next.loss - current.loss) <= 1e-13 * abs(current.loss),
                   abs(dot(next.gradient, d)) < abs(slope) { accepted = true; break }
                step /= 2
            }
            iterations += 1
            if !accepted { break }
            let sk = zip(trial, x).map { $0 - $1 }
            let yk = zip(next.gradient, g).map { $0 - $1 }
            let sy = dot(sk, yk)
            if sy > 1e-12 {
                s.append(sk); y.append(yk); rho.append(1 / sy)
                if s.count > memory { s.removeFirst(); y.removeFirst(); rho.removeFirst() }
            }
            stalled = current.loss - next.loss > 1e-14 * abs(current.loss) ? 0 : stalled + 1
            x = trial
            current = next
            if stalled >= 10 { break }
            progress?(iterations, current.loss)
        }
        if NewtonSolver.maxAbs(current.gradient) <= limit { converged = true }
        return (x, SolverReport(method: "lbfgs", iterations: iterations, loss: current.loss,
                                gradientMax: NewtonSolver.maxAbs(current.gradient), converged: converged))
    }

    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var s = 0.0
        for i in a.indices { s += a[i] * b[i] }
        return s
    }
}
