extension SchemaInference {
    /// `leadscore infer`: reads a training file and decides every column's type.
    public static func infer(path: String, spec: FeatureSpec, delimiter: UInt8?) throws -> (decisions: [ColumnDecision], table: Table) {
        let header = try CSVReader(path: path, delimiter: delimiter).header
        var open = spec
        open.features = nil
        let plan = try ColumnPlan(header: header, spec: open, timeColumn: spec.timeColumn, file: path)
        let table = try TableReader.read(path: path, columns: plan.requests, missing: spec.missingTokens, delimiter: delimiter)
        return (SchemaInference.decisions(table, plan: plan), table)
    }
}
