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

    func options() throws -> TrainingOptions {
        var options = TrainingOptions(spec: try dataOptions.spec())
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
