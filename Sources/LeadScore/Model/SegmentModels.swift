/// The segment models of a model file (`train --segment-by COL`): one coefficient vector per level of the
/// column with enough rows and conversions, each fitted on that level's rows with the penalty pulling it
/// towards the global coefficients (partial pooling). The encoder is the global model's.
public struct SegmentModels: Codable, Sendable, Equatable {
    /// The column whose level picks a lead's model.
    public var by: String
    /// λ of the segments' penalty towards the global coefficients.
    var l2: Double
    var minRows: Int
    var minPositives: Int
    public var models: [SegmentModel]
    /// Levels that had too few rows or conversions: their leads use the global model.
    var pooled: [PooledLevel]

    enum CodingKeys: String, CodingKey {
        case by, l2, models, pooled
        case minRows = "min_rows", minPositives = "min_positives"
    }

    /// `region=emea`: how a lead's model is named in outputs.
    func name(_ k: Int) -> String { "\(by)=\(models[k].level)" }
}

public struct SegmentModel: Codable, Sendable, Equatable {
    public var level: String
    var rows: Int
    var positives: Int
    /// Intercept first, then one per term in encoder order (as the global model's).
    public var coefficients: [Coefficient]
    var solver: SolverReport

    var beta: [Double] { coefficients.map(\.estimate) }
}

/// A level left to the global model, with its counts.
struct PooledLevel: Codable, Sendable, Equatable {
    var level: String
    var rows: Int
    var positives: Int
}
