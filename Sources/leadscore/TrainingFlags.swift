import ArgumentParser
import LeadScore

/// The flags of `train` that `retrain` shares.
struct TrainingFlags: ParsableArguments {
    @Option(help: ArgumentHelp("Labelled history (CSV; - for standard input).", valueName: "FILE")) var data: String
    @OptionGroup var dataOptions: DataOptions
    @Option(help: "L2 penalty λ on the coefficients (the intercept is not penalised); 0 for none.") var l2: Double = 1
    @Option(name: .customLong("class-weight"), help: "none, or balanced: weight rows n/(2·n_class).")
    var classWeight: ClassWeight = .none
    @Option(name: .customLong("time-column"), help: "ISO-date column ordering the rows in time.") var timeColumn: String?
    @Option(help: "Seed for the holdout and fold shuffles.") var seed: UInt64 = 42
    @Option(name: .customLong("min-class-rows"), help: "Refuse to train with fewer converted or non-converted rows.")
    var minClassRows: Int = 40
    @Flag(help: "No progress and no summary.") var quiet = false
    @OptionGroup var eventOptions: EventOptions
    @Option(name: .customLong("snapshot-days"),
            help: ArgumentHelp("With --events: a lead's activity counts until its time column plus N days (spec: snapshot_days:).", valueName: "N"))
    var snapshotDays: Double?
    @Option(name: .customLong("maturity-days"),
            help: ArgumentHelp("Leave out leads younger than N days (to the newest date or --as-of) that have not converted (spec: maturity_days:).", valueName: "N"))
    var maturityDays: Double?

    @Option(name: .customLong("segment-by"),
            help: ArgumentHelp("A column whose levels get models of their own, pulled towards the global one (spec: segment_by:).", valueName: "COL"))
    var segmentBy: String?
    @Option(name: .customLong("min-segment-rows"), help: "Rows a level needs for a model of its own (default 1000).")
    var minSegmentRows: Int = 1000
    @Option(name: .customLong("min-segment-positives"), help: "Conversions a level needs for a model of its own (default 120).")
    var minSegmentPositives: Int = 120
    @Option(name: .customLong("segment-l2"), help: "λ of the segments' pull towards the global coefficients (default: --l2).")
    var segmentL2: Double?

    func validate() throws {
        for (flag, v) in [("--snapshot-days", snapshotDays), ("--maturity-days", maturityDays)] {
            if let v, !(v >= 0 && v.isFinite) { throw ValidationError("\(flag) must be a number of days, 0 or more") }
        }
    }

    func options() throws -> TrainingOptions {
        var spec = try dataOptions.spec()
        if let d = snapshotDays { spec.snapshotDays = d }
        if let d = maturityDays { spec.maturityDays = d }
        if let s = segmentBy { spec.segmentBy = s }
        var options = TrainingOptions(spec: spec)
        options.events = eventOptions.events
        options.minSegmentRows = minSegmentRows
        options.minSegmentPositives = minSegmentPositives
        options.segmentL2 = segmentL2
        options.asOf = eventOptions.asOfSeconds
        options.l2 = l2
        options.classWeight = classWeight
        options.timeColumn = timeColumn
        options.seed = seed
        options.minClassRows = minClassRows
        options.minLevelCount = dataOptions.minLevelCount
        options.delimiter = dataOptions.delimiter.byte
        return options
    }
}
