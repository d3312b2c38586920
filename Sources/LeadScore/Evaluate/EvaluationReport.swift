/// Everything `evaluate` measured; encoded as the `--json` object.
public struct EvaluationReport: Codable, Sendable {
    public struct TierRow: Codable, Sendable, Equatable {
        public var name: String
        public var leads: Int
        var conversions: Int
        var conversionRate: Double
        var shareOfConversions: Double

        enum CodingKeys: String, CodingKey {
            case name, leads, conversions
            case conversionRate = "conversion_rate", shareOfConversions = "share_of_conversions"
        }
    }

    /// For one gate: what it did to the leads that converted (the deals the rule would have kept from sales).
    public struct GateRow: Codable, Sendable, Equatable {
        public var name: String
        var convertedFailed: Int
        var convertedUnknown: Int
        var convertedPassed: Int

        enum CodingKeys: String, CodingKey {
            case name
            case convertedFailed = "converted_failed", convertedUnknown = "converted_unknown", convertedPassed = "converted_passed"
        }
    }

    struct TopTier: Codable, Sendable, Equatable {
        public var tier: String
        var precision: Double
        var recall: Double
    }

    public var file: String
    public var rows: Int
    var positives: Int
    var baseRate: Double
    /// The base rate of the rows the model was fitted on, to make a shift visible.
    var trainingBaseRate: Double
    var meanPredicted: Double
    public var auc: Double
    var prAUC: Double
    public var logLoss: Double
    var brier: Double
    var ks: Double
    var ece: Double
    public var calibration: [CalibrationBin]
    public var gains: [GainsRow]
    public var tiers: [TierRow]?
    var sql: TopTier?
    public var gates: [GateRow]?
    public var bootstrap: Bootstrap.Result?
    /// Rows left out: no label, or not scorable (with the first reason).
    var skippedNoLabel: Int
    public var rejected: Int
    var firstRejection: String?
    /// Rows left out as too young to judge (`maturity_days`), and the cut-off time; nil without the rule.
    public var immature: Int?
    var maturityCutoff: String?
    /// `--capacity`: the first `max_leads` tier replayed with that room (`CapacityPlan`).
    public var capacity: CapacityPlan?
    /// With segment models: the metrics of the leads each model scored (`global` for the global model's).
    public var segments: [SegmentRow]?

    public struct SegmentRow: Codable, Sendable, Equatable {
        public var model: String
        public var rows: Int
        var positives: Int
        public var auc: Double
        public var logLoss: Double
        var ece: Double

        enum CodingKeys: String, CodingKey { case model, rows, positives, auc, ece; case logLoss = "log_loss" }
    }
    /// With `grades:` and two groups or more: conversion by grade × the other group's quartile.
    public var gradeMatrix: GradeMatrix?
    /// The activity log's summary (`events: … used; …`), when the model has activity features.
    public var events: String?
    /// What was read differently from the file's plain rows (a report's footer left unread); nil when nothing.
    public var notes: [String]?
    /// The evaluated file is the model's training file (same SHA-256): the metrics are optimistic.
    public var trainingData = false
    /// The estimated share of the file's ids that were training rows (from the model's id sketch; null without one).
    public var trainingIDShare: Double?
    /// Whether the file is the training file itself (the same SHA-256); not in the JSON, which has `training_data`.
    public var sameFileAsTraining = false

    enum CodingKeys: String, CodingKey {
        case file, rows, positives, auc, brier, ks, ece, calibration, gains, tiers, sql, gates, bootstrap, rejected
        case immature, events, capacity, segments, notes
        case gradeMatrix = "grade_matrix"
        case maturityCutoff = "maturity_cutoff"
        case trainingData = "training_data"
        case trainingIDShare = "training_id_share"
        case baseRate = "base_rate", trainingBaseRate = "training_base_rate", meanPredicted = "mean_predicted"
        case prAUC = "pr_auc", logLoss = "log_loss", skippedNoLabel = "skipped_no_label", firstRejection = "first_rejection"
    }
}

extension EvaluationReport {
    /// Why the report falls short of `evaluate`'s gates (`--min-auc`, `--max-log-loss`), one sentence each; empty
    /// when it meets them. An AUC needs both outcomes among the rows: without, the gate fails and says so.
    public func shortfalls(minAUC: Double?, maxLogLoss: Double?) -> [String] {
        var failures: [String] = []
        if let a = minAUC, !(auc >= a) {
            failures.append(auc.isNaN
                ? "AUC is undefined (\(positives == 0 ? "no converted row" : "every row converted") among the \(rows) labelled),"
                    + " so --min-auc \(a) is not met"
                : "AUC \(NumberFormat.fixed(auc, 4)) is below --min-auc \(a)")
        }
        if let l = maxLogLoss, !(logLoss <= l) {
            failures.append("log loss \(NumberFormat.fixed(logLoss, 4)) is above --max-log-loss \(l)")
        }
        return failures
    }
}
