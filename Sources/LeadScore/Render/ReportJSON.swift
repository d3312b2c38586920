import Foundation

/// The `--json` objects of `train`, `infer` and `rollback`: every key present, `null` when empty, written by
/// `JSONOutput` like every other JSON leadscore prints.
public enum ReportJSON {
    /// `train --json`: what was fitted, how well, where the model went, and the notes.
    public static func training(_ m: ModelFile, path: String, seconds: Double, notes: [String]) throws -> String {
        let d = m.data
        return try JSONOutput.text(Fields([
            "model": .of(path), "rows": .of(d.rows), "labelled": .of(d.rows - d.skipped), "skipped_no_label": .of(d.skipped),
            "positives": .of(d.positives), "fitted_rows": .of(d.fittedRows), "fitted_positives": .of(d.fittedPositives),
            "time_column": .of(d.timeColumn), "time_from": .of(d.timeFrom), "time_to": .of(d.timeTo),
            "fitted_from": .of(d.fittedFrom.map(ISODate.day)), "fitted_until": .of(d.fittedUntil.map(ISODate.day)),
            "terms": .of(m.encoder.terms.count), "columns": .of(m.encoder.features.count), "l2": .of(m.l2),
            "class_weight": .of(m.classWeight), "solver": .of(m.solver), "validation": .of(m.validation), "notes": .of(notes),
            "elapsed_seconds": .of(seconds),
        ]))
    }

    /// `infer --json`: the spec written and each column's decision.
    public static func inference(_ decisions: [ColumnDecision], spec: String, rows: Int) throws -> String {
        let columns = decisions.map { Fields(["name": .of($0.name), "type": .of($0.type?.rawValue), "reason": .of($0.reason)]) }
        return try JSONOutput.text(Fields(["spec": .of(spec), "rows": .of(rows), "columns": .of(columns)]))
    }

    /// `rollback --json`.
    public static func rollback(from: String, to: String) throws -> String {
        try JSONOutput.text(Fields(["from": .of(from), "to": .of(to)]))
    }

    /// A JSON object of named values; a nil value is written as `null`, not left out.
    struct Fields: Encodable {
        struct Value: Encodable {
            let write: (Encoder) throws -> Void
            func encode(to encoder: Encoder) throws { try write(encoder) }
            static func of<T: Encodable>(_ v: T?) -> Value {
                Value { encoder in
                    var c = encoder.singleValueContainer()
                    if let v { try c.encode(v) } else { try c.encodeNil() }
                }
            }
        }
        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }
        let values: [String: Value]
        init(_ values: [String: Value]) { self.values = values }
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            for (k, v) in values { try c.encode(v, forKey: Key(stringValue: k)) }
        }
    }
}
