import ArgumentParser
import Foundation
import LeadScore

struct ScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score new leads into a ranked list: probability, BANT gates, tiers, reasons; bad rows set aside.")

    @Option(help: ArgumentHelp("A model written by train.", valueName: "MODEL.json")) var model: String
    @Option(help: ArgumentHelp("New leads (CSV; - for standard input).", valueName: "FILE")) var leads: String
    @Option(help: ArgumentHelp("Gates and tiers (YAML).", valueName: "POLICY.yaml")) var policy: String?
    @Option(help: ArgumentHelp("Where to write the ranked leads (- for standard output).", valueName: "FILE")) var out: String
    @Option(help: ArgumentHelp("Where rejected rows go (default: <out>.rejects.csv).", valueName: "FILE")) var rejects: String?
    @Option(help: "How many reasons per lead.") var reasons: Int = 3
    @Option(help: "Write only the first N ranked leads.") var top: Int?
    @Option(help: "csv, jsonl, or an import file for a CRM: hubspot or salesforce.") var format: ScoreOptions.Format = .csv
    @Option(help: ArgumentHelp("The last run's output (same --format): adds previous_score, previous_tier and change.",
                               valueName: "FILE")) var previous: String?
    @Flag(name: .customLong("changed-only"), help: "With --previous: write only leads that are new, changed tier or moved by --min-change points.")
    var changedOnly = false
    @Option(name: .customLong("min-change"), help: "With --previous: the points a score must move to count as up or down.")
    var minChange: Int = 5
    @Flag(name: .customLong("suggest-min-score"), help: "Say which min_score would fill the first max_leads tier with this batch (the policy is not changed).")
    var suggestMinScore = false
    @Option(name: .customLong("crm-id"), help: ArgumentHelp("The column holding the CRM's record id (default: the model's id column).",
                                                           valueName: "COL")) var crmID: String?
    @OptionGroup var delimiter: DelimiterOption
    @Flag(help: "Exit 1 when any row was rejected (the outputs are still written).") var strict = false
    @Flag(help: "No summary on stderr.") var quiet = false

    @OptionGroup var eventOptions: EventOptions
    @OptionGroup var trust: ModelTrustOption

    func validate() throws {
        if out == StandardStreams.dash && rejects == nil {
            throw ValidationError("--out - writes the scored leads to standard output; name a file for rejected rows with --rejects FILE")
        }
        if reasons < 0 { throw ValidationError("--reasons must be 0 or more") }
        if let top, top < 1 { throw ValidationError("--top must be 1 or more") }
        if changedOnly && previous == nil { throw ValidationError("--changed-only needs --previous FILE, the last run's output") }
        if minChange < 1 || minChange > 100 { throw ValidationError("--min-change must be a number of points from 1 to 100, such as 5") }
    }

    func run() throws {
        try Terminal.run {
            var options = ScoreOptions(leads: leads, out: out)
            options.policy = policy
            options.rejects = rejects
            options.previous = previous
            options.changedOnly = changedOnly
            options.minChange = minChange
            options.crmID = crmID
            options.suggestMinScore = suggestMinScore
            options.events = eventOptions.events
            options.eventsRejects = eventOptions.eventsRejects
            options.asOf = eventOptions.asOfSeconds
            try options.files(model: model).check()
            options.leads = try StandardStreams.inputPath(leads)
            let m = try trust.load(model)
            options.reasons = reasons
            options.top = top
            options.format = format
            options.delimiter = delimiter.byte
            options.progress = Terminal.progressIfShown(quiet: quiet)
            let summary = try ScoreRun.run(model: m, options: options)
            Terminal.clearProgress(quiet: quiet)
            if !quiet { FileHandle.standardError.write(Data((summary.text + "\n").utf8)) }
            if strict && summary.rejected > 0 { throw ExitCode(1) }
        }
    }
}
