import ArgumentParser
import Foundation
import LeadScore

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Fit the L2 logistic-regression conversion model on labelled history and save it.")

    @OptionGroup var flags: TrainingFlags
    @Option(help: ArgumentHelp("Hold out this fraction to measure accuracy (the newest rows with --time-column).",
                               valueName: "F")) var holdout: Double?
    @Option(help: ArgumentHelp("Stratified K-fold cross-validation; the saved model uses all rows.", valueName: "K"))
    var cv: Int?
    @Option(help: ArgumentHelp("Where to write the model (JSON).", valueName: "MODEL.json")) var out: String
    @Flag(help: "Print the summary as one JSON object.") var json = false

    func run() throws {
        try Terminal.run {
            let events = flags.eventOptions.files(out: out)
            try FilePlan(inputs: [("--data", flags.data)] + flags.dataOptions.specInput + events.inputs,
                         outputs: [("--out", out)] + events.outputs).check()
            var options = try flags.options()
            options.eventsRejects = flags.eventOptions.rejectsPath(out: out)
            options.holdout = holdout
            options.cv = cv
            let started = Date()
            let outcome = try Trainer.train(path: try StandardStreams.inputPath(flags.data), options: options,
                                             progress: Terminal.progress(quiet: flags.quiet || json))
            try outcome.model.write(to: out)
            Terminal.clearProgress(quiet: flags.quiet || json)
            if json {
                print(try ReportJSON.training(outcome.model, path: out, seconds: Date().timeIntervalSince(started), notes: outcome.notes))
            } else if !flags.quiet {
                for n in outcome.notes { Terminal.note(n) }
                print(TrainingSummary.text(outcome.model, seconds: Date().timeIntervalSince(started), path: out))
            }
        }
    }
}
