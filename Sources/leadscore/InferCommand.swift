import ArgumentParser
import Foundation
import LeadScore

struct InferCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "infer", abstract: "Infer each column's type from a training file and write a spec to review.")

    @Option(help: ArgumentHelp("Labelled history (CSV; - for standard input).", valueName: "FILE")) var data: String
    @OptionGroup var dataOptions: DataOptions
    @Option(name: .customLong("time-column"), help: "ISO-date column ordering the rows in time.") var timeColumn: String?
    @Option(help: ArgumentHelp("Where to write the spec (YAML).", valueName: "spec.yaml")) var out: String
    @Flag(help: "Print each column's decision as one JSON object.") var json = false

    func run() throws {
        try Terminal.run {
            try FilePlan(inputs: [("--data", data)] + dataOptions.specInput, outputs: [("--out", out)]).check()
            var spec = try dataOptions.spec()
            if let t = timeColumn { spec.timeColumn = t }
            var (decisions, table) = try SchemaInference.infer(path: try StandardStreams.inputPath(data), spec: spec, delimiter: dataOptions.delimiter.byte)
            let blanks = SchemaInference.proposedMissing(table, spec: spec)
            if !blanks.isEmpty {
                // Read again with them missing, so that the types and levels written are those training will see.
                spec.missing += blanks
                (decisions, table) = try SchemaInference.infer(path: try StandardStreams.inputPath(data), spec: spec,
                                                               delimiter: dataOptions.delimiter.byte)
                Terminal.note("missing: proposes " + blanks.map { "'\($0)'" }.joined(separator: ", ")
                    + (blanks.count == 1 ? " (it looks" : " (they look") + " like what an export writes for an empty field); review the spec")
            }
            let commas = SchemaInference.decimalCommaColumns(table, spec: spec)
            if !commas.isEmpty {
                // Read again with decimal commas, so that those columns are numbers rather than thousands of levels.
                spec.decimal = ","
                (decisions, table) = try SchemaInference.infer(path: try StandardStreams.inputPath(data), spec: spec,
                                                               delimiter: dataOptions.delimiter.byte)
                Terminal.note("decimal: \",\" proposed: " + commas.map { "'\($0)'" }.joined(separator: ", ")
                    + (commas.count == 1 ? " reads" : " read") + " as numbers only with a decimal comma (6946000,00); review the spec")
            }
            if spec.timeColumn == nil, let t = SchemaInference.proposedTimeColumn(table) {
                spec.timeColumn = t
                Terminal.note("time_column: \(t) (the file's one date column), so that holdouts and CV folds follow time")
            }
            let text = SpecWriter.yaml(spec: spec, decisions: decisions, source: (data as NSString).lastPathComponent,
                                       rows: table.rowCount)
            try OutputFile.write(Array(text.utf8), to: out)
            for n in table.notes { Terminal.note(n) }
            if json {
                print(try ReportJSON.inference(decisions, spec: out, rows: table.rowCount))
            } else {
                let kept = decisions.filter { $0.type != nil }.count
                print("\(kept) feature columns, \(decisions.count - kept) left out; spec written to \(out)")
            }
        }
    }
}
