import ArgumentParser
import Foundation
import LeadScore

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write one self-contained HTML page about a model and a batch, for a sales manager's browser.")

    @Option(help: ArgumentHelp("A model written by train.", valueName: "MODEL.json")) var model: String
    @Option(help: ArgumentHelp("Labelled leads for the accuracy section (CSV; - for standard input).", valueName: "LABELLED.csv"))
    var data: String?
    @Option(help: ArgumentHelp("New leads for the batch and drift sections (CSV; - for standard input).", valueName: "FILE"))
    var leads: String?
    @Option(help: ArgumentHelp("Gates and tiers (YAML).", valueName: "POLICY.yaml")) var policy: String?
    @Option(help: ArgumentHelp("A model registry, for its history.", valueName: "DIR")) var registry: String?
    @Option(help: "Bootstrap resamples for the accuracy intervals (0: none).") var bootstrap: Int = 1000
    @OptionGroup var delimiter: DelimiterOption
    @Option(help: ArgumentHelp("Where to write the page.", valueName: "report.html")) var out: String
    @Option(help: ArgumentHelp("The activity log of the leads in --data and --leads, when the model has activity features.",
                               valueName: "LOG.csv")) var events: String?
    @Option(name: .customLong("as-of"), help: ArgumentHelp("The new leads' activity counts until this time (default: now, UTC).",
                                                          valueName: "TIME")) var asOf: String?
    @OptionGroup var trust: ModelTrustOption

    func validate() throws {
        if bootstrap < 0 { throw ValidationError("--bootstrap must be 0 or more") }
        if let asOf, ISODate.parse(asOf) == nil {
            throw ValidationError("--as-of \(asOf): give an ISO date or date-time, such as 2026-12-01 or 2026-12-01T09:00:00Z")
        }
        if out == StandardStreams.dash { throw ValidationError("--out names the HTML file to write; - is not supported") }
        if data == StandardStreams.dash && leads == StandardStreams.dash {
            throw ValidationError("--data and --leads cannot both be standard input; name a file for one of them")
        }
    }

    func run() throws {
        try Terminal.run {
            let inputs = [("--model", model)] + [("--data", data), ("--leads", leads), ("--policy", policy), ("--events", events)].compactMap { f, p in p.map { (f, $0) } }
            try FilePlan(inputs: inputs, outputs: [("--out", out)]).check()
            let m = try trust.load(model)
            var options = HTMLReport.Options(model: model, out: out)
            options.data = try data.map(StandardStreams.inputPath)
            options.leads = try leads.map(StandardStreams.inputPath)
            options.policy = policy
            options.registry = registry
            options.bootstrap = bootstrap
            options.delimiter = delimiter.byte
            options.events = events
            options.asOf = asOf.flatMap(ISODate.parse)
            let page = try HTMLReport.page(model: m, options: options)
            try OutputFile.write(Array(page.utf8), to: out)
            print("report written to \(out)")
        }
    }
}
