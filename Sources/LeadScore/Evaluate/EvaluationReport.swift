/// Everything `evaluate` measured; encoded as the `--json` object.
public struct EvaluationReport: Codable, Sendable {
    public struct TierRow: Codable, Sendable, Equatable {
        public var name: String
        public var leads: Int
        public var conversions: Int
        public var conversionRate: Double
        public var shareOfConversions: Double

        enum CodingKeys: String, CodingKey {
            case name, leads, conversions
            case conversionRate = "conversion_rate", shareOfConversions = "share_of_conversions"
        }
    }

    /// For one gate: what it did to the leads that converted (the deals the rule would have kept from sales).
    public struct GateRow: Codable, Sendable, Equatable {
        public var name: String
        public var convertedFailed: Int
        public var convertedUnknown: Int
        public var convertedPassed: Int

        enum CodingKeys: String, CodingKey {
            case name
            case convertedFailed = "converted_failed", convertedUnknown = "converted_unknown", convertedPassed = "converted_passed"
        }
    }

    public struct TopTier: Codable, Sendable, Equatable {
        public var tier: String
        public var precision: Double
        public var recall: Double
    }

    public var file: String
    public var rows: Int
    public var positives: Int
    public var baseRate: Double
    /// The base rate of the rows the model was fitted on, to make a shift visible.
    public var trainingBaseRate: Double
    public var meanPredicted: Double
    public var auc: Double
    public var prAUC: Double
    public var logLoss: Double
    public var brier: Double
    public var ks: Double
    public var ece: Double
    public var calibration: [CalibrationBin]
    public var gains: [GainsRow]
    public var tiers: [TierRow]?
    public var sql: TopTier?
    public var gates: [GateRow]?
    public var bootstrap: Bootstrap.Result?
    /// Rows left out: no label, or not scorable (with the first reason).
    public var skippedNoLabel: Int
    public var rejected: Int
    public var firstRejection: String?

    enum CodingKeys: String, CodingKey {
        case file, rows, positives, auc, brier, ks, ece, calibration, gains, tiers, sql, gates, bootstrap, rejected
        case baseRate = "base_rate", trainingBaseRate = "training_base_rate", meanPredicted = "mean_predicted"
        case prAUC = "pr_auc", logLoss = "log_loss", skippedNoLabel = "skipped_no_label", firstRejection = "first_rejection"
    }
}
