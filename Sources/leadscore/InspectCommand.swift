import ArgumentParser
import Foundation
import LeadScore

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect", abstract: "Show a model's metadata and its coefficient table, sorted by |z|.")

    @Argument(help: ArgumentHelp("A model file written by train.", valueName: "MODEL")) var model: String
    @Flag(help: "Print one JSON object instead of text.") var json = false

    @OptionGroup var trust: ModelTrustOption

    func run() throws {
        try Terminal.run {
            let m = try trust.load(model)
            if json {
                print(String(decoding: try ModelInspection.json(m), as: UTF8.self))
            } else {
                print(ModelInspection.text(m, path: model))
            }
        }
    }
}
