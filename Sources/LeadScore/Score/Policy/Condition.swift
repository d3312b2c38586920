/// A rule over a lead's raw columns: a leaf `{field: F, OP: V}`, or `any`, `all`, `not` of rules, as parsed
/// from the policy. `CompiledCondition` evaluates it.
///
/// A leaf on a missing value is false, except `missing`.
indirect enum Condition: Sendable {
    case any([Condition])
    case all([Condition])
    case not(Condition)
    case leaf(Leaf)

    struct Leaf: Sendable {
        public let field: String
        /// Index of the field in the leads file's header, resolved at load.
        let index: Int
        let op: Operator
    }

    enum Operator: Sendable {
        case isBool(Bool)
        case eq(Value), ne(Value)
        case inSet([Value]), notIn([Value])
        case gt(Double), gte(Double), lt(Double), lte(Double)
        case missing(Bool)
    }

    /// A literal from the policy: compared as a number when both sides are numbers, else as exact text.
    struct Value: Sendable {
        public let text: String
        let bytes: [UInt8]
        let number: Double?

        public init(_ text: String) {
            self.text = text
            bytes = Array(text.utf8)
            number = Double(text)
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
}
