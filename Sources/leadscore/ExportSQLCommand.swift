import ArgumentParser
import Foundation
import LeadScore

extension SQLDialect: ExpressibleByArgument {}

struct ExportSQLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-sql",
        abstract: "Write the model (and policy) as one SQL query that scores a table inside DuckDB, PostgreSQL, Spark, BigQuery or Snowflake.")

    @Option(help: ArgumentHelp("A model written by train, with an id column.", valueName: "MODEL.json")) var model: String
    @Option(help: ArgumentHelp("Gates and tiers (YAML).", valueName: "POLICY.yaml")) var policy: String?
    @Option(help: "duckdb, postgres, spark, bigquery or snowflake.") var dialect: SQLDialect
    @Option(help: ArgumentHelp("The table of leads, with the leads file's column names (NAME or SCHEMA.NAME).", valueName: "NAME"))
    var table: String
    @Option(help: "Add a reasons column with K reasons per lead, as score writes.") var reasons: Int?
    @Option(help: ArgumentHelp("Where to write the query (default: standard output).", valueName: "FILE")) var out: String?

    @OptionGroup var trust: ModelTrustOption

    func validate() throws {
        if let reasons, reasons < 0 { throw ValidationError("--reasons must be 0 or more") }
    }

    func run() throws {
        try Terminal.run {
            try FilePlan(inputs: [("--model", model)] + (policy.map { [("--policy", $0)] } ?? []),
                         outputs: out.map { [("--out", $0)] } ?? []).check()
            let m = try trust.load(model)
            var options = SQLExport.Options(dialect: dialect, table: table)
            options.reasons = reasons
            options.policy = policy
            let sql = try SQLExport.query(model: m, modelPath: model, options: options)
            if let out, out != StandardStreams.dash {
                let file = try OutputFile(path: out)
                try file.write(sql)
                try file.commit()
            } else {
                FileHandle.standardOutput.write(Data(sql.utf8))
            }
        }
    }
}
