import ArgumentParser
import Foundation
import LeadScore

struct DriftCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drift", abstract: "Population stability (PSI) of new leads against the model's training rows.")

    @Option(help: ArgumentHelp("A model written by train.", valueName: "MODEL.json")) var model: String
    @Option(help: ArgumentHelp("New leads (CSV; - for standard input).", valueName: "FILE")) var leads: String
    @Flag(help: "Print one JSON object.") var json = false
    @OptionGroup var delimiter: DelimiterOption

    @OptionGroup var trust: ModelTrustOption

    func run() throws {
        try Terminal.run {
            let report = try Drift.run(model: try trust.load(model), leads: try StandardStreams.inputPath(leads),
                                       delimiter: delimiter.byte)
            if json {
                try Terminal.printJSON(report)
            } else {
                print(Drift.text(report))
            }
        }
    }
}
