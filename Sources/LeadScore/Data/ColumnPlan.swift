/// Which columns of a training file to read, and how, given the spec.
public struct ColumnPlan: Sendable {
    public let label: String
    /// The declared features, or nil when they are to be inferred.
    let declared: [FeatureDeclaration]?
    public let requests: [String: ColumnRequest]
    /// Columns left out by the spec (id, exclude, time), for the notes.
    let leftOut: [String]
    /// The order a locale's dates are read in (`date_order`), for the notes.
    let dateOrder: DateOrder?

    /// - Throws: when the label is not named, or a named column is not in the header.
    public init(header: [String], spec: FeatureSpec, timeColumn: String?, file: String) throws {
        guard let label = spec.label else {
            throw SpecError("name the outcome column with --label COL or `label:` in the spec")
        }
        let known = Set(header)
        func check(_ name: String, _ role: String) throws {
            if !known.contains(name) {
                throw FileError.header(file: file, message: "there is no \(role) column '\(name)'; the columns are "
                    + header.map { "'\($0)'" }.joined(separator: ", "))
            }
        }
        try check(label, "label")
        if let id = spec.id { try check(id, "id") }
        if let t = timeColumn { try check(t, "time") }
        for e in spec.exclude { try check(e, "excluded") }
        self.label = label
        var requests: [String: ColumnRequest] = [label: .text]
        if let t = timeColumn { requests[t] = .date }
        var leftOut = spec.exclude + [spec.id, timeColumn].compactMap { $0 }
        if let features = spec.features {
            for f in features {
                try check(f.name, "feature")
                if f.name == label { throw SpecError("the label '\(label)' cannot also be a feature") }
                requests[f.name] = f.type == .numeric ? .numeric : .text
            }
            declared = features
            leftOut = []
        } else {
            let skip = Set([label] + leftOut)
            for name in header where !skip.contains(name) { requests[name] = .infer }
            declared = nil
        }
        if let s = spec.segmentBy {
            try check(s, "segment")
            if requests[s] == nil { requests[s] = .text }
        }
        self.requests = requests
        self.leftOut = leftOut
        dateOrder = spec.valueRules.dateOrder
    }
}

/// A spec or flag combination that cannot work.
public struct SpecError: Error, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
