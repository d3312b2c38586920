/// How rows are weighted in the loss.
public enum ClassWeight: String, Sendable, CaseIterable {
    /// Every row weighs 1.
    case none
    /// Rows weigh n / (2·n_class); the intercept is then shifted by log(n₊/n₋) so that probabilities stay
    /// calibrated to the training base rate (prior correction).
    case balanced
}

/// Everything `leadscore train` can be told.
public struct TrainingOptions: Sendable {
    public var spec: FeatureSpec
    public var l2: Double = 1
    public var classWeight: ClassWeight = .none
    /// Fraction of rows held out (newest rows when a time column is given, else stratified random).
    public var holdout: Double?
    public var timeColumn: String?
    public var cv: Int?
    public var seed: UInt64 = 42
    public var minClassRows = 40
    public var minLevelCount: Int?
    public var delimiter: UInt8?
    /// Terms beyond which L-BFGS replaces Newton–Cholesky. Newton holds three arrays of width² doubles at its
    /// peak (a pass's total and one a core, or the total and its reordered copy): 384 MB at 4,000 terms.
    /// Measured on 1M leads: 2,701 terms 3.5 s and 262 MB to rounding level (L-BFGS: 12.0 s to its tolerance),
    /// 3,449 terms 5.0 s and 399 MB (L-BFGS: 4.7 s, 476 MB, stalled just short of its tolerance). It was 2,000.
    var newtonLimit = 4000
    /// Fits of at least `rows` rows (with a penalty) first solve an evenly spaced sample of about `sample`
    /// rows and start Newton from its optimum (`FitContext.warmStart`), when the sample can estimate every
    /// term: each level, boolean and missing indicator expected in at least `minorityRows` of its rows of the
    /// rarer outcome (`FitContext.sampleEstimatesEveryTerm`).
    var warmStart = (rows: 200_000, sample: 50_000, minorityRows: 30.0)
    /// When set, only these rows (0-based data rows) may be used at all (retraining keeps its evaluation
    /// rows away from the challenger this way).
    public var rows: [Int]?
    /// The activity log (`--events`; else the spec's `events: file`).
    public var events: String?
    /// Where events that were set aside go (nil: nowhere, but they are counted).
    public var eventsRejects: String?
    /// The time the maturity rule measures ages to (`--as-of`); nil: the newest time in the data.
    public var asOf: Double?
    /// Segment models (spec `segment_by:`): the rows and conversions a level needs for a model of its own
    /// (Einstein's thresholds), and λ of the pull towards the global coefficients (default: `l2`).
    public var minSegmentRows = 1000
    public var minSegmentPositives = 120
    public var segmentL2: Double?

    public init(spec: FeatureSpec) { self.spec = spec }

    /// Checks the numbers before any work is done; the message says what to use instead.
    public func validate() throws {
        if !(l2 >= 0 && l2.isFinite) { throw SpecError("--l2 must be a number of 0 or more") }
        if let h = holdout, !(h > 0 && h < 1) { throw SpecError("--holdout must be a fraction between 0 and 1, such as 0.2") }
        if let k = cv, k < 2 { throw SpecError("--cv needs 2 folds or more, such as 5") }
        if holdout != nil && cv != nil { throw SpecError("use --holdout or --cv, not both") }
        if minClassRows < 1 { throw SpecError("--min-class-rows must be 1 or more") }
        if let m = minLevelCount ?? spec.minLevelCount, m < 1 { throw SpecError("--min-level-count must be 1 or more") }
        if spec.events != nil && spec.id == nil {
            throw SpecError("an activity log is joined to the leads by their id: name the id column with --id COL or `id:` in the spec")
        }
        if spec.events == nil && events != nil {
            throw SpecError("--events needs the log's columns: add `events: {id: COL, type: COL, time: COL}` to the spec")
        }
        if let s = segmentL2, !(s >= 0 && s.isFinite) { throw SpecError("--segment-l2 must be a number of 0 or more") }
        if minSegmentRows < 1 || minSegmentPositives < 1 { throw SpecError("--min-segment-rows and --min-segment-positives must be 1 or more") }
        if let m = spec.maxLevels, m < 2 { throw SpecError("--max-levels must be 2 or more, such as 1000") }
    }

    var effectiveMinLevelCount: Int { minLevelCount ?? spec.minLevelCount ?? 10 }
    var effectiveMaxLevels: Int { spec.maxLevels ?? TrainingLimits.maxLevels }
    var effectiveTimeColumn: String? { timeColumn ?? spec.timeColumn }
}
