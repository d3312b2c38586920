/// What a solver did: kept in the model file and printed by `train`.
public struct SolverReport: Codable, Sendable, Equatable {
    /// `newton-cholesky` or `lbfgs`.
    public var method: String
    public var iterations: Int
    /// The objective at the solution (weighted log-loss sum plus penalty).
    public var loss: Double
    /// Largest absolute gradient component at the solution.
    public var gradientMax: Double
    public var converged: Bool

    enum CodingKeys: String, CodingKey {
        case method, iterations, loss, converged
        case gradientMax = "gradient_max"
    }
}
