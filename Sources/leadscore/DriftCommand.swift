import ArgumentParser
import Foundation
import LeadScore

struct DriftCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drift", abstract: "Population stability (PSI) of new leads against the model's training rows.")

    @Option(help: ArgumentHelp("A model written by train.", valueName: "MODEL.json")) var model: String
    @Option(help: ArgumentHelp("New leads (CSV; - for standard input).", valueName: "FILE")) var leads: String
    @Flag(help: "Print one JSON object.") var json = false
    @Flag(help: "No progress on a terminal.") var quiet = false
    @OptionGroup var delimiter: DelimiterOption

    @Option(name: .customLong("max-psi"), help: "Exit 2 when any feature's PSI is above this (0.25 is a shift).")
    var maxPSI: Double?
    @Option(name: .customLong("max-score-psi"), help: "Exit 2 when the score's PSI is above this.") var maxScorePSI: Double?
    @OptionGroup var eventOptions: EventOptions
    @OptionGroup var trust: ModelTrustOption

    func validate() throws {
        for (flag, v) in [("--max-psi", maxPSI), ("--max-score-psi", maxScorePSI)] {
            if let v, !(v >= 0 && v.isFinite) { throw ValidationError("\(flag) must be a number of 0 or more, such as 0.25") }
        }
    }

    func run() throws {
        try Terminal.run {
            let events = eventOptions.files(out: nil)
            try FilePlan(inputs: [("--model", model), ("--leads", leads)] + events.inputs, outputs: events.outputs).check()
            let report = try Drift.run(model: try trust.load(model), leads: try StandardStreams.inputPath(leads),
                                       delimiter: delimiter.byte, events: eventOptions.events, asOf: eventOptions.asOfSeconds,
                                       eventsRejects: eventOptions.eventsRejects, progress: Terminal.progressIfShown(quiet: quiet))
            Terminal.clearProgress(quiet: quiet)
            if json {
                try Terminal.printJSON(report)
            } else {
                print(Drift.text(report))
            }
            let beyond = Drift.beyond(report, maxPSI: maxPSI, maxScorePSI: maxScorePSI)
            if !beyond.isEmpty {
                Terminal.error("the leads have drifted: " + beyond.joined(separator: "; "))
                throw ExitCode(2)
            }
        }
    }
}
