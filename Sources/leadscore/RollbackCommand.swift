import ArgumentParser
import LeadScore

struct RollbackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback", abstract: "Make the previously promoted model current again (and log it).")

    @Option(help: ArgumentHelp("The model registry folder.", valueName: "DIR")) var registry: String

    func run() throws {
        try Terminal.run {
            let (from, to) = try Retrainer.rollback(registry: registry)
            print("current model: \(to) (was \(from))")
        }
    }
}
