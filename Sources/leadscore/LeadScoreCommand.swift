import ArgumentParser
import LeadScore

@main
struct LeadScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "leadscore",
        abstract: "Predict which B2B leads will convert, and turn it into the list sales calls first.",
        version: LeadScoreVersion.current,
        subcommands: [InferCommand.self, TrainCommand.self, InspectCommand.self, ScoreCommand.self, EvaluateCommand.self,
                      RetrainCommand.self, RollbackCommand.self, RegistryCommand.self, DriftCommand.self, DiffCommand.self, ExportSQLCommand.self, ReportCommand.self, SynthCommand.self]
    )

    static func main() {
        BLASKernels.chooseIfUnrecognised()
        BLASKernels.stopIdleThreads()
        MemoryPolicy.returnLargeBlocks()
        main(nil)
    }
}
