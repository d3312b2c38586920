import ArgumentParser
import Foundation
import LeadScore

struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Measure a model on labelled history it did not train on; exit 2 when it falls short.")

    @Option(help: ArgumentHelp("A model written by train.", valueName: "MODEL.json")) var model: String
    @Option(help: ArgumentHelp("Labelled history the model did not train on (CSV; - for standard input).", valueName: "FILE")) var data: String
    @Option(help: "The outcome column (default: the model's).") var label: String?
    @Option(help: ArgumentHelp("Gates and tiers, for per-tier conversion and the gate audit.", valueName: "POLICY.yaml"))
    var policy: String?
    @Flag(help: "Print one JSON object instead of text.") var json = false
    @Flag(help: "No progress on a terminal.") var quiet = false
    @Option(help: ArgumentHelp("Write roc.svg, calibration.svg and gains.svg here.", valueName: "DIR")) var plots: String?
    @Option(help: "Bootstrap resamples for the 95% intervals (0 for none).") var bootstrap: Int = 1000
    @Option(help: "Seed for the bootstrap.") var seed: UInt64 = 42
    @Option(name: .customLong("min-auc"), help: "Exit 2 when the AUC is below this.") var minAUC: Double?
    @Option(name: .customLong("max-log-loss"), help: "Exit 2 when the log loss is above this.") var maxLogLoss: Double?
    @OptionGroup var delimiter: DelimiterOption

    @OptionGroup var eventOptions: EventOptions
    @Option(name: .customLong("maturity-days"),
            help: ArgumentHelp("Leave out leads younger than N days (to the newest date or --as-of) that have not converted (default: the model's maturity_days).", valueName: "N"))
    var maturityDays: Double?
    @Option(help: ArgumentHelp("With --policy: replay the first max_leads tier with room for N leads a week (N/week, by --time-column) or in the whole file (N).",
                               valueName: "N[/week]")) var capacity: String?
    @Option(name: .customLong("time-column"), help: ArgumentHelp("The ISO-date column for --capacity N/week and --maturity-days (default: the model's).",
                                                                valueName: "COL")) var timeColumn: String?
    @OptionGroup var trust: ModelTrustOption

    /// `100/week` or `100`.
    var parsedCapacity: (leads: Int, weekly: Bool)? {
        guard let capacity else { return nil }
        let parts = capacity.split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let n = Int(parts[0]), n >= 1, parts.count == 1 || parts[1] == "week" else { return nil }
        return (n, parts.count == 2)
    }

    func validate() throws {
        if let m = maturityDays, !(m >= 0 && m.isFinite) { throw ValidationError("--maturity-days must be a number of days, 0 or more") }
        if capacity != nil && parsedCapacity == nil {
            throw ValidationError("--capacity \(capacity!): give leads a week, such as 100/week, or leads in the whole file, such as 100")
        }
        if capacity != nil && policy == nil { throw ValidationError("--capacity replays a policy's max_leads tier: give --policy FILE") }
        if bootstrap < 0 { throw ValidationError("--bootstrap must be 0 or more") }
        if let a = minAUC, !(0...1).contains(a) { throw ValidationError("--min-auc must be between 0 and 1") }
        if let l = maxLogLoss, !(l > 0) { throw ValidationError("--max-log-loss must be above 0") }
    }

    func run() throws {
        try Terminal.run {
            let events = eventOptions.files(out: nil)
            try FilePlan(inputs: [("--model", model), ("--data", data)] + (policy.map { [("--policy", $0)] } ?? []) + events.inputs,
                         outputs: (plots.map { dir in (EvaluationCharts.fileNames + (policy == nil ? [] : [GradeHeatMap.fileName]))
                             .map { ("--plots", dir + "/" + $0) } } ?? []) + events.outputs,
                         folders: plots.map { [("--plots", $0)] } ?? []).check()
            let m = try trust.load(model)
            var options = Evaluator.Options(data: try StandardStreams.inputPath(data))
            options.label = label
            options.policy = policy
            options.bootstrap = bootstrap
            options.seed = seed
            options.delimiter = delimiter.byte
            options.events = eventOptions.events
            options.eventsRejects = eventOptions.eventsRejects
            options.asOf = eventOptions.asOfSeconds
            options.maturityDays = maturityDays
            options.capacity = parsedCapacity
            options.timeColumn = timeColumn
            options.progress = Terminal.progressIfShown(quiet: quiet)
            let (report, metrics) = try Evaluator.run(model: m, options: options)
            Terminal.clearProgress(quiet: quiet)
            let name = data == StandardStreams.dash ? "standard input" : data
            if report.sameFileAsTraining {
                Terminal.warning("\(name) is the file the model was trained on (the same SHA-256): these metrics are optimistic,"
                    + " since the model has seen these rows; evaluate on rows it did not see, such as newer leads")
            } else if report.trainingData, let share = report.trainingIDShare {
                Terminal.warning("about \(Int((share * 100).rounded()))% of the ids in \(name) were rows the model was fitted on"
                    + " (estimated from its id sketch): these metrics are optimistic; evaluate on leads it did not see, such as newer ones")
            }
            if let plots {
                let subtitle = "\((model as NSString).lastPathComponent) on \(data == StandardStreams.dash ? "standard input" : (data as NSString).lastPathComponent),"
                    + " " + ISODate.day(Date().timeIntervalSince1970)
                try EvaluationCharts.write(report, metrics: metrics, into: plots, subtitle: subtitle)
                try GradeHeatMap.write(report, into: plots, subtitle: subtitle)
            }
            if json {
                try Terminal.printJSON(report)
            } else {
                print(EvaluationText.render(report))
            }
            let failures = report.shortfalls(minAUC: minAUC, maxLogLoss: maxLogLoss)
            if !failures.isEmpty {
                Terminal.error("the model falls short: " + failures.joined(separator: "; "))
                throw ExitCode(2)
            }
        }
    }
}
