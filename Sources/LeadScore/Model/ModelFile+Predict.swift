import Foundation

extension ModelFile {
    /// The columns a file must have for this model, with how to read them.
    var columnRequests: [String: ColumnRequest] {
        var r: [String: ColumnRequest] = [:]
        for f in encoder.features { r[f.name] = f.type == .numeric ? .numeric : .text }
        return r
    }

    /// P(converted) for the given rows of a table read with `columnRequests`, through the design matrix.
    func probabilities(table: Table, rows: [Int]? = nil) throws -> [Double] {
        let design = try DesignMatrix(encoder: encoder, table: table, rows: rows ?? Array(0..<table.rowCount))
        return design.probabilities(beta: beta)
    }
}
