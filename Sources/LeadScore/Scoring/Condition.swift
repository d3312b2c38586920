/// A rule over a lead's raw columns: a leaf `{field: F, OP: V}`, or `any`, `all`, `not` of rules.
///
/// A leaf on a missing value is false, except `missing: true`.
public indirect enum Condition: Sendable {
    case any([Condition])
    case all([Condition])
    case not(Condition)
    case leaf(Leaf)

    public struct Leaf: Sendable {
        public let field: String
        /// Index of the field in the leads file's header, resolved at load.
        public let index: Int
        public let op: Operator
    }

    public enum Operator: Sendable {
        case isBool(Bool)
        case eq(Value), ne(Value)
        case inSet([Value]), notIn([Value])
        case gt(Double), gte(Double), lt(Double), lte(Double)
        case missing(Bool)
    }

    /// A literal from the policy: compared as a number when both sides are numbers, else as exact text.
    public struct Value: Sendable {
        public let text: String
        let bytes: [UInt8]
        let number: Double?

        public init(_ text: String) {
            self.text = text
            bytes = Array(text.utf8)
            number = Double(text)
        }

        func matches(_ field: UnsafeBufferPointer<UInt8>, number fieldNumber: Double?) -> Bool {
            if let number, let fieldNumber { return number == fieldNumber }
            return field.elementsEqual(bytes)
        }
    }

    /// The header indices every leaf reads.
    public var fields: Set<Int> {
        switch self {
        case .any(let cs), .all(let cs): return cs.reduce(into: Set<Int>()) { $0.formUnion($1.fields) }
        case .not(let c): return c.fields
        case .leaf(let l): return [l.index]
        }
    }

    public func evaluate(_ record: borrowing CSVRecord, missing: MissingTokens) -> Bool {
        switch self {
        case .any(let cs):
            for c in cs where c.evaluate(record, missing: missing) { return true }
            return false
        case .all(let cs):
            for c in cs where !c.evaluate(record, missing: missing) { return false }
            return true
        case .not(let c):
            return !c.evaluate(record, missing: missing)
        case .leaf(let leaf):
            let f = record[leaf.index]
            let isMissing = missing.isMissing(f)
            if case .missing(let want) = leaf.op { return isMissing == want }
            if isMissing { return false }
            switch leaf.op {
            case .isBool(let want):
                return BooleanTokens.value(f) == want
            case .eq(let v): return v.matches(f, number: v.number == nil ? nil : NumberParser.parse(f))
            case .ne(let v): return !v.matches(f, number: v.number == nil ? nil : NumberParser.parse(f))
            case .inSet(let vs):
                let n = vs.contains { $0.number != nil } ? NumberParser.parse(f) : nil
                return vs.contains { $0.matches(f, number: n) }
            case .notIn(let vs):
                let n = vs.contains { $0.number != nil } ? NumberParser.parse(f) : nil
                return !vs.contains { $0.matches(f, number: n) }
            case .gt(let x): return NumberParser.parse(f).map { $0 > x } ?? false
            case .gte(let x): return NumberParser.parse(f).map { $0 >= x } ?? false
            case .lt(let x): return NumberParser.parse(f).map { $0 < x } ?? false
            case .lte(let x): return NumberParser.parse(f).map { $0 <= x } ?? false
            case .missing: return false
            }
        }
    }
}
