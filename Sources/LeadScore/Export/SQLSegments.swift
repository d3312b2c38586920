/// Segment models in SQL (`train --segment-by`): each feature's contribution and the baseline become a CASE on
/// the segment column's value, one branch per segment model with that model's own constants (`SQLFeatures` of
/// the model with the segment's coefficients), the global model's otherwise, as `RowScorer` picks them.
struct SQLSegments {
    let models: [ModelFile]
    let levels: [String]
    let names: [String]
    /// The segment column's value as looked up (lower-cased with `normalize: {case: lower}`).
    let subject: String
    let dialect: SQLDialect
    private(set) var baseline = ""

    init?(model: ModelFile, values: inout SQLValues) {
        guard let seg = model.segments, !seg.models.isEmpty else { return nil }
        var global = model
        global.segments = nil
        models = [global] + seg.models.map { m in
            var one = global
            one.coefficients = m.coefficients
            return one
        }
        levels = seg.models.map(\.level)
        names = seg.models.indices.map(seg.name)
        values.use(seg.by)
        let s = values.value(seg.by)
        subject = model.spec.foldsCase ? "LOWER(\(s))" : s
        dialect = values.dialect
    }

    /// A CASE on the segment: branch k + 1 is segment k's expression, the ELSE the global one's.
    private func pick(_ expressions: [String]) -> String {
        "CASE \(subject)" + levels.indices.map { " WHEN \(dialect.string(levels[$0])) THEN \(expressions[$0 + 1])" }.joined()
            + " ELSE \(expressions[0]) END"
    }

    /// The features, their contributions picked by segment; the reject reasons (which no β changes) the
    /// global model's. Sets `baseline`.
    mutating func features(_ values: inout SQLValues) throws -> SQLFeatures {
        let each = try models.map { try SQLFeatures(model: $0, values: &values) }
        baseline = pick(each.map { dialect.double($0.baseline) })
        return SQLFeatures(features: each[0].features.indices.map { k in
            SQLFeatures.Feature(name: each[0].features[k].name, contribution: pick(each.map { $0.features[k].contribution }),
                                problem: each[0].features[k].problem)
        }, baseline: each[0].baseline)
    }

    /// The `model` column: `global` or `region=emea`.
    var modelName: String { pick([dialect.string("global")] + names.map(dialect.string)) }
}
