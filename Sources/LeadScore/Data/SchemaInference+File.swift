extension SchemaInference {
    /// `leadscore infer`: reads a training file and decides every column's type.
    public static func infer(path: String, spec: FeatureSpec, delimiter: UInt8?) throws -> (decisions: [ColumnDecision], table: Table) {
        let header = try CSVReader(path: path, delimiter: delimiter).header
        var open = spec
        open.features = nil
        let plan = try ColumnPlan(header: header, spec: open, timeColumn: spec.timeColumn, file: path)
        let table = try TableReader.read(path: path, columns: plan.requests, missing: spec.valueRules, delimiter: delimiter)
        return (SchemaInference.decisions(table, plan: plan), table)
    }

    /// The time column to propose when none was named: the file's one ISO-date column, if it has exactly one
    /// (with two or more, the choice is the user's).
    public static func proposedTimeColumn(_ table: Table) -> String? {
        let dates = table.columns.filter { if case .dates = $0.value.values { return true } else { return false } }.map(\.key)
        return dates.count == 1 ? dates[0] : nil
    }

    /// The text columns that read as numbers only with a decimal comma (`6946000,00`: every value a number
    /// with `,` as the mark, at least one holding a comma); empty when the spec already names a decimal mark.
    /// A `.` anywhere in the column rules it out, so that `1,234.50` (a thousands comma) is not taken for one.
    public static func decimalCommaColumns(_ table: Table, spec: FeatureSpec) -> [String] {
        guard spec.decimal == nil else { return [] }
        let comma = ValueRules(extra: spec.missing, decimalComma: true)
        return table.columns.compactMap { name, column -> String? in
            guard case .text(_, let levels) = column.values, !levels.isEmpty else { return nil }
            let present = levels.filter { !comma.isMissing($0) }
            guard !present.isEmpty, present.contains(where: { $0.contains(",") }),
                  present.allSatisfy({ comma.number($0) != nil }) else { return nil }
            return name
        }.sorted()
    }

    /// Values that CRM exports use for "nothing entered", as they appear in a column's levels (any case,
    /// spaces around ignored): proposed for the spec's `missing:` list so that they become missing values
    /// instead of a level of their own. Values already missing (built in, or in the spec) are not proposed.
    static let blankMarkers: Set<String> = ["select", "--", "-", "?", "unknown", "none", "(blank)", "blank", "(none)",
                                            "not provided", "not specified", "n.a.", "tbd"]

    public static func proposedMissing(_ table: Table, spec: FeatureSpec) -> [String] {
        let missing = spec.valueRules
        var found = Set<String>()
        for column in table.columns.values {
            guard case .text(_, let levels) = column.values else { continue }
            for level in levels where blankMarkers.contains(level.trimmingCharacters(in: .whitespaces).lowercased()) {
                if !missing.isMissing(level) { found.insert(level) }
            }
        }
        return found.sorted()
    }
}
