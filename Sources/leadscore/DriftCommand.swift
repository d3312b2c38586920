import ArgumentParser
import Foundation
import LeadScore

struct DriftCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drift", abstract: "Population stability (PSI) of new leads against the model's training rows.")

    @Option(help: ArgumentHelp("A model written by train.", valueName: "MODEL.json")) var model: String
    @Option(help: ArgumentHelp("New leads (CSV).", valueName: "FILE")) var leads: String
    @Flag(help: "Print one JSON object.") var json = false
    @Option(help: ArgumentHelp("Field delimiter (default: detected).", valueName: "c")) var delimiter: String?

    func run() throws {
        try Terminal.run {
            let report = try Drift.run(model: try ModelFile.load(path: model), leads: leads,
                                       delimiter: try DataOptions.delimiterByte(delimiter))
            if json {
                try Terminal.printJSON(report)
            } else {
                print(Drift.text(report))
            }
        }
    }
}

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff", abstract: "Coefficient changes between two models; with leads and a policy, the tier migration.")

    @Argument(help: ArgumentHelp("The older model.", valueName: "OLD.json")) var old: String
    @Argument(help: ArgumentHelp("The newer model.", valueName: "NEW.json")) var new: String
    @Option(help: ArgumentHelp("Leads to score with both models (with --policy).", valueName: "FILE")) var leads: String?
    @Option(help: ArgumentHelp("Gates and tiers (with --leads).", valueName: "POLICY.yaml")) var policy: String?
    @Flag(help: "Print one JSON object.") var json = false

    func validate() throws {
        if (leads == nil) != (policy == nil) { throw ValidationError("--leads and --policy go together") }
    }

    func run() throws {
        try Terminal.run {
            let report = try ModelDiff.run(old: try ModelFile.load(path: old), new: try ModelFile.load(path: new),
                                           leads: leads, policyPath: policy, delimiter: nil)
            if json {
                try Terminal.printJSON(report)
            } else {
                print(ModelDiff.text(report))
            }
        }
    }
}
