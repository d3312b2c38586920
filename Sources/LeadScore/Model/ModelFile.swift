import Foundation
import CKernels

/// One term's fitted coefficient with its statistics (estimate on the encoded scale, log-odds).
public struct Coefficient: Codable, Sendable, Equatable {
    var term: String
    var estimate: Double
    var stdError: Double
    public var z: Double
    var pValue: Double
    /// e^estimate.
    var oddsRatio: Double
    /// 95% interval of the estimate: estimate ± 1.959964·std_error.
    var ciLow: Double
    var ciHigh: Double

    enum CodingKeys: String, CodingKey {
        case term, estimate, z
        case stdError = "std_error", pValue = "p_value", oddsRatio = "odds_ratio", ciLow = "ci_low", ciHigh = "ci_high"
    }
}

/// Accuracy measured while training (holdout or cross-validation).
public struct ValidationMetrics: Codable, Sendable, Equatable {
    /// `holdout` (stratified random), `time-holdout` (newest rows) or `cv`.
    var kind: String
    public var rows: Int
    var positives: Int
    var baseRate: Double
    public var auc: Double
    public var logLoss: Double
    var brier: Double
    /// Cross-validation: folds and the standard deviation of the fold AUCs.
    var folds: Int?
    var aucSD: Double?

    enum CodingKeys: String, CodingKey {
        case kind, rows, positives, auc, brier, folds
        case baseRate = "base_rate", logLoss = "log_loss", aucSD = "auc_sd"
    }
}

/// A feature's training distribution, for drift checks: deciles (0%, 10%, …, 100%) of the raw values for
/// numerics; the share of each raw level (missing as `(missing)`) for booleans and categoricals.
struct FeatureDistribution: Codable, Sendable, Equatable {
    public var name: String
    var deciles: [Double]?
    public var shares: [String: Double]?
    var missingShare: Double
    /// Numerics: the present values' shares in bins cut at the distinct inner deciles (for PSI).
    var bins: Bins?

    enum CodingKeys: String, CodingKey {
        case name, deciles, shares, bins
        case missingShare = "missing_share"
    }
}

/// Shares of values in bins: `shares[0]` for values ≤ `edges[0]`, …, `shares[k]` for values in
/// (`edges[k−1]`, `edges[k]`], and the last for values above the last edge.
struct Bins: Codable, Sendable, Equatable {
    var edges: [Double]
    public var shares: [Double]

    /// Bin index of `v` (binary search).
    func index(_ v: Double) -> Int {
        var lo = 0, hi = edges.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if v <= edges[mid] { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    /// Cut at the distinct inner deciles `d` of `present` (values without NaN), with the exact share of each bin.
    static func of(present: [Double], deciles d: [Double]) -> Bins {
        of(presentCount: present.count, deciles: d) { countAbove(present, edges: $0) }
    }

    /// The same from the count of present values and a function giving how many lie above each of nine edges.
    static func of(presentCount: Int, deciles d: [Double], countAbove: ([Double]) -> [Int]) -> Bins {
        var edges: [Double] = []
        if d.count == 11 { for e in d[1...9] where edges.last != e { edges.append(e) } }
        // The bin of v is the number of edges below it, and the edges ascend, so the values in bin k or above
        // are those above edge k − 1: nine counts of values above an edge give every bin by differences, with
        // no scatter into tallies. The counting is a C kernel (CKernels/above.c): Swift compiled the nine
        // compares per value to branches (Bins.of was 6.5% of train's CPU time on the numeric bench file).
        let e = edges + Array(repeating: .infinity, count: 9 - edges.count)
        let above = [presentCount] + countAbove(e) + [0]
        let n = Double(max(1, presentCount))
        return Bins(edges: edges, shares: (0...edges.count).map { Double(above[$0] - above[$0 + 1]) / n })
    }

    /// For each of nine ascending `edges`, how many of `values` lie above it; `portable`: by the plain loop
    /// even where the CPU has AVX2 (the tests compare the two).
    static func countAbove(_ values: [Double], edges: [Double], portable: Bool = false) -> [Int] {
        values.withUnsafeBufferPointer { countAbove($0, edges: edges, portable: portable) }
    }

    static func countAbove(_ v: UnsafeBufferPointer<Double>, edges: [Double], portable: Bool = false) -> [Int] {
        precondition(edges.count == 9, "countAbove: nine edges")
        var counts = [Int64](repeating: 0, count: 9)
        if portable { ckernels_count_above_portable(v.baseAddress, Int64(v.count), edges, &counts) }
        else { ckernels_count_above(v.baseAddress, Int64(v.count), edges, &counts) }
        return counts.map { Int($0) }
    }
}

/// Where the training data came from and which rows the model was fitted on.
public struct TrainingData: Codable, Sendable, Equatable {
    public var file: String
    var sha256: String
    /// The file's size in bytes (so that evaluate hashes a file only when it could be this one).
    var bytes: Int?
    public var rows: Int
    /// Rows skipped for a missing label.
    var skipped: Int
    /// Rows the saved coefficients were fitted on, and their positives.
    var fittedRows: Int
    var fittedPositives: Int
    var positives: Int
    public var timeColumn: String?
    var timeFrom: String?
    var timeTo: String?
    /// Latest time among the rows the model was fitted on (seconds since 1970), for retraining.
    var fittedUntil: Double?
    /// Earliest time among the rows the model was fitted on (seconds since 1970), for the summary.
    var fittedFrom: Double?
    /// A sample of the fitted rows' ids, so that `evaluate` can tell a file of training rows (with an id column).
    var idSketch: IDSketch?
    /// The label's values read as not converted, when there were several (`--positive` named one value against
    /// the rest): `evaluate` then reads any value but the converted one as not converted. Absent otherwise.
    var otherLabels: [String]?

    enum CodingKeys: String, CodingKey {
        case file, sha256, bytes, rows, skipped, positives
        case fittedRows = "fitted_rows", fittedPositives = "fitted_positives", timeColumn = "time_column"
        case timeFrom = "time_from", timeTo = "time_to", fittedUntil = "fitted_until", fittedFrom = "fitted_from"
        case idSketch = "id_sketch", otherLabels = "other_labels"
    }
}

/// The saved model: everything scoring, evaluation and next month's comparison need, as JSON.
public struct ModelFile: Codable, Sendable, Equatable {
    static let currentFormat = 1

    var formatVersion: Int = ModelFile.currentFormat
    var toolVersion: String
    var createdAt: String
    public var data: TrainingData
    public var spec: FeatureSpec
    /// The label value that means converted.
    public var positive: String
    public var encoder: FeatureEncoder
    var distributions: [FeatureDistribution]
    /// Deciles of the predicted probability on the fitted rows, and its bins (for score drift).
    var scoreDeciles: [Double]
    var scoreBins: Bins?
    /// Intercept first, then one per term in encoder order.
    public var coefficients: [Coefficient]
    /// True when λ > 0 or class weights are used: the standard errors then come from the penalised or
    /// weighted Hessian and are approximate.
    var statisticsApproximate: Bool
    public var l2: Double
    public var classWeight: String
    /// Weights of non-converted and converted rows, and the intercept shift applied after a weighted fit.
    var classWeights: [Double]
    var interceptShift: Double
    var solver: SolverReport
    public var validation: ValidationMetrics?
    /// With `--segment-by`: the segment models (`SegmentModels`).
    public var segments: SegmentModels?
    /// `sha256:` and the SHA-256 of the file's JSON written without this key: a model damaged in transit or
    /// edited by hand no longer matches it (see `ModelFile.load`). Absent in models written before it existed.
    public var checksum: String?

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version", toolVersion = "tool_version", createdAt = "created_at"
        case data, spec, positive, encoder, distributions, coefficients, l2, solver, validation, checksum, segments
        case scoreDeciles = "score_deciles", scoreBins = "score_bins", statisticsApproximate = "statistics_approximate"
        case classWeight = "class_weight", classWeights = "class_weights", interceptShift = "intercept_shift"
    }

    /// Intercept then term coefficients, the β the scorer multiplies.
    var beta: [Double] { coefficients.map(\.estimate) }
}
