import ArgumentParser
import Foundation
import LeadScore

struct RegistryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "registry", abstract: "List a model registry, or pin a chosen model as current.",
        subcommands: [RegistryListCommand.self, RegistryPromoteCommand.self])
}

struct RegistryListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "The registry's models, their metrics, which is current, and its history.")

    @Option(help: ArgumentHelp("The model registry folder.", valueName: "DIR")) var registry: String
    @Flag(help: "Print one JSON object.") var json = false

    func run() throws {
        try Terminal.run {
            let listing = try Registry.existing(registry).listing()
            if json { try Terminal.printJSON(listing) } else { print(listing.text) }
        }
    }
}

struct RegistryPromoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "promote", abstract: "Make a chosen model current (logged; refused while a retrain runs).")

    @Argument(help: ArgumentHelp("A model file name in the registry's models folder.", valueName: "MODEL")) var model: String
    @Option(help: ArgumentHelp("The model registry folder.", valueName: "DIR")) var registry: String

    func run() throws {
        try Terminal.run {
            let (from, to) = try Retrainer.promote(registry: registry, model: model)
            print("current model: \(to) (was \(from ?? "none"))")
        }
    }
}
