import ArgumentParser
import Foundation
import LeadScore

struct RetrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retrain",
        abstract: "Train a challenger and promote it only when it is at least as good as the current model.")

    @OptionGroup var flags: TrainingFlags
    @Option(help: ArgumentHelp("The model registry folder (created when absent).", valueName: "DIR")) var registry: String
    @Option(help: ArgumentHelp("Evaluation fraction when there are too few rows newer than the champion.", valueName: "F"))
    var holdout: Double = 0.2
    @Option(help: "Promote when the challenger's AUC is at least the champion's minus this.") var tolerance: Double = 0.01
    @Option(name: .customLong("log-loss-margin"), help: "…and its log loss at most this fraction above the champion's.")
    var logLossMargin: Double = 0.05
    @Flag(help: "Print one JSON object.") var json = false

    func run() throws {
        try Terminal.run {
            let events = flags.eventOptions.files(out: nil)
            try FilePlan(inputs: [("--data", flags.data)] + flags.dataOptions.specInput + events.inputs,
                         outputs: ["current", "history.jsonl", "lock"].map { ("--registry", registry + "/" + $0) } + events.outputs,
                         folders: [("--registry", registry)]).check()
            var options = Retrainer.Options(data: try StandardStreams.inputPath(flags.data), registry: registry, training: try flags.options())
            options.training.eventsRejects = flags.eventOptions.eventsRejects
            options.holdout = holdout
            options.tolerance = tolerance
            options.logLossMargin = logLossMargin
            let outcome = try Retrainer.run(options, progress: Terminal.progress(quiet: flags.quiet || json))
            Terminal.clearProgress(quiet: flags.quiet || json)
            for n in outcome.notes { Terminal.note(n) }
            if json {
                try Terminal.printJSON(outcome)
            } else if !flags.quiet {
                print(outcome.text)
            }
        }
    }
}
