import ArgumentParser
import LeadScore

struct SynthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth", abstract: "Write deterministic synthetic CRM leads (history, or new leads with --new).")

    @Option(help: "How many leads.") var rows: Int = 5000
    @Option(help: "Seed: the same seed gives the same file.") var seed: UInt64 = 1
    @Flag(help: "New leads: no outcome column, dated after the history, with two bad rows.") var new = false
    @Option(help: ArgumentHelp("Where to write the CSV.", valueName: "FILE")) var out: String
    @Flag(help: "No progress on a terminal.") var quiet = false
    @Option(help: ArgumentHelp("Also write an activity log here, whose decayed counts drive the outcome (see datasets/README.md).",
                               valueName: "FILE")) var events: String?

    func validate() throws {
        if rows < 1 { throw ValidationError("--rows must be 1 or more") }
    }

    func run() throws {
        try Terminal.run {
            try FilePlan(outputs: [("--out", out)] + (events.map { [("--events", $0)] } ?? [])).check()
            let file = try OutputFile(path: out)
            let log = try events.map { try OutputFile(path: $0) }
            try SyntheticLeads(rows: rows, seed: seed, newLeads: new, events: events != nil)
                .write(progress: Terminal.progress(quiet: quiet), eventSink: { try log?.write($0) }) { try file.write($0) }
            Terminal.clearProgress(quiet: quiet)
            try file.commit()
            try log?.commit()
        }
    }
}
