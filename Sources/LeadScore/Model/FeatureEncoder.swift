/// One feature column's fitted encoding: how a raw value becomes encoded terms.
///
/// - numeric: x = (t(v) − mean) / scale, t the optional transform (log1p), mean over the training rows'
///   present values, scale the population standard deviation of the mean-imputed column
///   (√(Σ_present (t(v) − mean)² / n), n all training rows; 1 when that is 0). Missing: x = 0 (the mean),
///   plus the term `name:missing` = 1 when the training rows had missing values.
/// - boolean: x = 1 for true, 0 for false; missing: x = mean (the training share of true) plus `name:missing`.
/// - categorical: one 0/1 term `name=level` per training level; levels seen fewer than the minimum count
///   fold into `name=(other)`; missing is its own level `name=(missing)`; an unseen level is all zeros.
///   With λ = 0 the most frequent level is the reference and has no term.
public struct EncodedFeature: Codable, Sendable, Equatable {
    public var name: String
    public var type: ColumnType
    var transform: Transform?
    public var mean: Double
    var scale: Double
    var missingIndicator: Bool
    /// Categorical: the levels that have a term, in term order (may include `(other)` and `(missing)`).
    public var levels: [String]
    /// Categorical: rare training levels that encode as `(other)`.
    var folded: [String]
    /// Categorical, λ = 0: the level with no term.
    var reference: String?

    public static let other = "(other)"
    static let missingLevel = "(missing)"

    enum CodingKeys: String, CodingKey {
        case name, type, transform, mean, scale
        case missingIndicator = "missing_indicator"
        case levels, folded, reference
    }

    /// The names of this feature's terms, in order.
    var terms: [String] {
        switch type {
        case .numeric, .boolean: return [name] + (missingIndicator ? ["\(name):missing"] : [])
        case .categorical: return levels.map { "\(name)=\($0)" }
        }
    }
}

/// The fitted encoders of all features, in term order, with the training mean of every term.
public struct FeatureEncoder: Codable, Sendable, Equatable {
    public var features: [EncodedFeature]
    /// Mean of each encoded term over the training rows (intercept excluded), for reasons.
    var termMeans: [Double]

    enum CodingKeys: String, CodingKey {
        case features
        case termMeans = "term_means"
    }

    public init(features: [EncodedFeature], termMeans: [Double]) {
        self.features = features
        self.termMeans = termMeans
    }

    /// Term names, intercept excluded.
    var terms: [String] { features.flatMap(\.terms) }

    /// Index of each feature's first term (intercept excluded).
    var offsets: [Int] {
        var o: [Int] = []
        var k = 0
        for f in features { o.append(k); k += f.terms.count }
        return o
    }
}
