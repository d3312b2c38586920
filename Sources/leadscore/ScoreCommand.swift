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
    @Option(help: "csv or jsonl.") var format: ScoreOptions.Format = .csv
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
    }

    func run() throws {
        try Terminal.run {
            var options = ScoreOptions(leads: leads, out: out)
            options.policy = policy
            options.rejects = rejects
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
