import ArgumentParser
import Foundation
import LeadScore

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Fit the L2 logistic-regression conversion model on labelled history and save it.")

    @Option(help: ArgumentHelp("Labelled history (CSV).", valueName: "FILE")) var data: String
    @OptionGroup var dataOptions: DataOptions
    @Option(help: "L2 penalty λ on the coefficients (the intercept is not penalised); 0 for none.") var l2: Double = 1
    @Option(name: .customLong("class-weight"), help: "none, or balanced: weight rows n/(2·n_class).")
    var classWeight: String = "none"
    @Option(help: ArgumentHelp("Hold out this fraction to measure accuracy (the newest rows with --time-column).",
                               valueName: "F")) var holdout: Double?
    @Option(name: .customLong("time-column"), help: "ISO-date column ordering the rows in time.") var timeColumn: String?
    @Option(help: ArgumentHelp("Stratified K-fold cross-validation; the saved model uses all rows.", valueName: "K"))
    var cv: Int?
    @Option(help: "Seed for the holdout and fold shuffles.") var seed: UInt64 = 42
    @Option(name: .customLong("min-class-rows"), help: "Refuse to train with fewer converted or non-converted rows.")
    var minClassRows: Int = 40
    @Flag(help: "No progress and no summary.") var quiet = false
    @Option(help: ArgumentHelp("Where to write the model (JSON).", valueName: "MODEL.json")) var out: String

    func validate() throws {
        guard ClassWeight(rawValue: classWeight) != nil else { throw ValidationError("--class-weight must be none or balanced") }
    }

    func run() throws {
        try Terminal.run {
            var options = TrainingOptions(spec: try dataOptions.spec())
            options.l2 = l2
            options.classWeight = ClassWeight(rawValue: classWeight)!
            options.holdout = holdout
            options.timeColumn = timeColumn
            options.cv = cv
            options.seed = seed
            options.minClassRows = minClassRows
            options.minLevelCount = dataOptions.minLevelCount
            options.delimiter = try dataOptions.delimiterByte()
            let started = Date()
            let outcome = try Trainer.train(path: data, options: options, progress: Terminal.progress(quiet: quiet))
            try outcome.model.write(to: out)
            Terminal.clearProgress(quiet: quiet)
            if !quiet {
                for n in outcome.notes { Terminal.note(n) }
                print(TrainingSummary.text(outcome.model, seconds: Date().timeIntervalSince(started), path: out))
            }
        }
    }
}
