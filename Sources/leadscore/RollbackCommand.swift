import ArgumentParser
import LeadScore

struct RollbackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback", abstract: "Undo the decision that made the current model current (and log it).")

    @Option(help: ArgumentHelp("The model registry folder.", valueName: "DIR")) var registry: String
    @Flag(help: "Print one JSON object: from, to.") var json = false

    func run() throws {
        try Terminal.run {
            let (from, to) = try Retrainer.rollback(registry: registry)
            print(json ? try ReportJSON.rollback(from: from, to: to) : "current model: \(to) (was \(from))")
        }
    }
}
