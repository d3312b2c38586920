import ArgumentParser
import LeadScore

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff", abstract: "Coefficient changes between two models; with leads and a policy, the tier migration.")

    @Argument(help: ArgumentHelp("The older model.", valueName: "OLD.json")) var old: String
    @Argument(help: ArgumentHelp("The newer model.", valueName: "NEW.json")) var new: String
    @Option(help: ArgumentHelp("Leads to score with both models (with --policy; - for standard input).", valueName: "FILE")) var leads: String?
    @Option(help: ArgumentHelp("Gates and tiers (with --leads).", valueName: "POLICY.yaml")) var policy: String?
    @Flag(help: "Print one JSON object.") var json = false

    @OptionGroup var trust: ModelTrustOption

    func validate() throws {
        if (leads == nil) != (policy == nil) { throw ValidationError("--leads and --policy go together") }
    }

    func run() throws {
        try Terminal.run {
            let report = try ModelDiff.run(old: try trust.load(old), new: try trust.load(new),
                                           leads: try leads.map(StandardStreams.inputPath), policyPath: policy, delimiter: nil)
            if json {
                try Terminal.printJSON(report)
            } else {
                print(ModelDiff.text(report))
            }
        }
    }
}
