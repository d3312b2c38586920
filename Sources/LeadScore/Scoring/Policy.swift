/// The business rules that turn probabilities into tiers: named gates (usually Budget, Authority, Need,
/// Timeline), an optional disqualify rule, and tiers checked top to bottom.
public struct Policy: Sendable {
    public struct Gate: Sendable {
        public let name: String
        public let condition: Condition
        /// Header indices the gate reads: when all are missing for a lead, the gate is `unknown`.
        public let fields: [Int]
        let compiled: CompiledCondition

        init(name: String, condition: Condition) {
            self.name = name
            self.condition = condition
            fields = condition.fields.sorted()
            compiled = CompiledCondition(condition)
        }
    }

    public struct Tier: Sendable {
        public let name: String
        public var minScore: Int?
        public var minGates: Int?
        /// Indices into `gates` that must pass.
        public var require: [Int] = []
        public var maxLeads: Int?

        public var hasConditions: Bool { minScore != nil || minGates != nil || !require.isEmpty || maxLeads != nil }
    }

    public let gates: [Gate]
    public let disqualify: Condition?
    public let tiers: [Tier]
    let compiledDisqualify: CompiledCondition?

    init(gates: [Gate], disqualify: Condition?, tiers: [Tier]) {
        self.gates = gates
        self.disqualify = disqualify
        self.tiers = tiers
        compiledDisqualify = disqualify.map(CompiledCondition.init)
    }

    /// Whether the disqualify rule matches this lead.
    public func isDisqualified(_ record: borrowing CSVRecord, missing: MissingTokens) -> Bool {
        compiledDisqualify?.evaluate(record, missing: missing) ?? false
    }

    public static let disqualified = "Disqualified"

    /// Tier names in rank order, Disqualified last.
    public var tierNames: [String] { tiers.map(\.name) + [Policy.disqualified] }

    public enum GateState: UInt8, Sendable {
        case fail = 0, pass = 1, unknown = 2
        public var text: String { ["fail", "pass", "unknown"][Int(rawValue)] }
    }

    /// Every gate's state for one lead.
    public func gateStates(_ record: borrowing CSVRecord, missing: MissingTokens) -> [GateState] {
        let m = masks(record, missing: missing)
        return states(pass: m.pass, unknown: m.unknown)
    }

    /// A bit per gate that passes, and a bit per gate that is unknown.
    public func masks(_ record: borrowing CSVRecord, missing: MissingTokens) -> (pass: UInt32, unknown: UInt32) {
        var pass: UInt32 = 0, unknown: UInt32 = 0
        gates.withUnsafeBufferPointer { gates in
            for g in gates.indices {
                switch state(gates[g], record, missing: missing) {
                case .pass: pass |= 1 << UInt32(g)
                case .unknown: unknown |= 1 << UInt32(g)
                case .fail: break
                }
            }
        }
        return (pass, unknown)
    }

    /// Gate states back from the masks of ``masks(_:missing:)``.
    public func states(pass: UInt32, unknown: UInt32) -> [GateState] {
        (0..<gates.count).map { g in
            pass & (1 << UInt32(g)) != 0 ? .pass : unknown & (1 << UInt32(g)) != 0 ? .unknown : .fail
        }
    }

    @inline(__always)
    func state(_ gate: Gate, _ record: borrowing CSVRecord, missing: MissingTokens) -> GateState {
        var allMissing = true
        for f in gate.fields where !missing.isMissing(record[f]) { allMissing = false; break }
        if allMissing { return .unknown }
        return gate.compiled.evaluate(record, missing: missing) ? .pass : .fail
    }
}
