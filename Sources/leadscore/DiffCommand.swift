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

    @Option(help: ArgumentHelp("The leads' activity log, when a model has activity features.", valueName: "LOG.csv")) var events: String?
    @Option(name: .customLong("as-of"), help: ArgumentHelp("Activity counts until this time (default: now, UTC).", valueName: "TIME"))
    var asOf: String?
    @OptionGroup var trust: ModelTrustOption

    func validate() throws {
        if (leads == nil) != (policy == nil) { throw ValidationError("--leads and --policy go together") }
        if let asOf, ISODate.parse(asOf) == nil {
            throw ValidationError("--as-of \(asOf): give an ISO date or date-time, such as 2026-12-01 or 2026-12-01T09:00:00Z")
        }
    }

    func run() throws {
        try Terminal.run {
            let report = try ModelDiff.run(old: try trust.load(old), new: try trust.load(new),
                                           leads: try leads.map(StandardStreams.inputPath), policyPath: policy, delimiter: nil,
                                           events: events, asOf: asOf.flatMap(ISODate.parse))
            if json {
                try Terminal.printJSON(report)
            } else {
                print(ModelDiff.text(report))
            }
        }
    }
}
