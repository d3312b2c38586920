/// What a solver did: kept in the model file and printed by `train`.
struct SolverReport: Codable, Sendable, Equatable {
    /// `newton-cholesky` or `lbfgs`.
    var method: String
    var iterations: Int
    /// The objective at the solution (weighted log-loss sum plus penalty).
    public var loss: Double
    /// Largest absolute gradient component at the solution.
    var gradientMax: Double
    var converged: Bool

    enum CodingKeys: String, CodingKey {
        case method, iterations, loss, converged
        case gradientMax = "gradient_max"
    }
}
