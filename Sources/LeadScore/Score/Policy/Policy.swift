/// The business rules that turn probabilities into tiers: named gates (usually Budget, Authority, Need,
/// Timeline), an optional disqualify rule, and tiers checked top to bottom.
struct Policy: Sendable {
    struct Gate: Sendable {
        public let name: String
        let condition: Condition
        /// Header indices the gate reads: when all are missing for a lead, the gate is `unknown`.
        public let fields: [Int]

        init(name: String, condition: Condition) {
            self.name = name
            self.condition = condition
            fields = condition.fields.sorted()
        }
    }

    struct Tier: Sendable {
        public let name: String
        var minScore: Int?
        var minGates: Int?
        /// Indices into `gates` that must pass.
        var require: [Int] = []
        var maxLeads: Int?
        /// `min_group_scores: {fit: 50}`: the model's group (its index, −1 when the policy was loaded without the
        /// model's groups) and the lowest sub-score.
        var minGroupScores: [(group: String, index: Int, min: Int)] = []
        /// `grades: [A, B]`: the letters (of the policy's `grades:`) the tier takes.
        var grades: [String]?

        var hasConditions: Bool {
            minScore != nil || minGates != nil || !require.isEmpty || maxLeads != nil || !minGroupScores.isEmpty || grades != nil
        }

        /// Whether sub-scores `packed` (byte g: group g's sub-score) meet the tier's group conditions, and if not
        /// which failed first: the index into `minGroupScores`, or `minGroupScores.count` for the grade.
        func groupFailure(_ packed: UInt64, grades letters: Grades?, gradeGroup: Int) -> Int? {
            for (k, c) in minGroupScores.enumerated() where Int((packed >> (8 * UInt64(c.index))) & 0xFF) < c.min { return k }
            if let grades, let letters, !grades.contains(letters.letter(Int((packed >> (8 * UInt64(gradeGroup))) & 0xFF))) {
                return minGroupScores.count
            }
            return nil
        }
    }

    /// Whether some tier has group conditions: leads then need their sub-scores in the first pass.
    var usesGroups: Bool { tiers.contains { !$0.minGroupScores.isEmpty || $0.grades != nil } }
    /// Whether a pass over labelled leads keeps their sub-scores (tiers on them, or grades to tabulate).
    var needsSubScores: Bool { usesGroups || grades != nil }
    /// The model's group index of `grades:` (−1 unbound).
    var gradeGroup = -1

    public let gates: [Gate]
    let disqualify: Condition?
    public let tiers: [Tier]
    /// `export:`: the CRM import file's property names for score, tier, reasons and scored_at.
    var export: [String: String] = [:]
    /// `grades:`: letters for a group's sub-score (`Grades`).
    var grades: Grades?
    /// The gates' conditions (roots 0..<gates.count), then the disqualify rule's.
    let program: CompiledCondition
    /// Gate g reads header fields gateFields[gateFieldEnds[g-1]..<gateFieldEnds[g]].
    let gateFields: [Int]
    let gateFieldEnds: [Int]

    init(gates: [Gate], disqualify: Condition?, tiers: [Tier]) {
        self.gates = gates
        self.disqualify = disqualify
        self.tiers = tiers
        program = CompiledCondition(gates.map(\.condition) + (disqualify.map { [$0] } ?? []))
        gateFields = gates.flatMap(\.fields)
        gateFieldEnds = gates.indices.map { g in gates[...g].reduce(0) { $0 + $1.fields.count } }
    }

    static let disqualified = "Disqualified"

    /// Gate states travel as bits of a 32-bit mask, one bit kept free.
    static let maxGates = 31

    /// Tier names in rank order, Disqualified last.
    var tierNames: [String] { tiers.map(\.name) + [Policy.disqualified] }

    enum GateState: UInt8, Sendable {
        case fail = 0, pass = 1, unknown = 2

        /// Gate `g`'s state from the masks of ``Policy/evaluate(_:missing:)``.
        @inline(__always)
        public static func of(gate g: Int, pass: UInt32, unknown: UInt32) -> GateState {
            let bit: UInt32 = 1 << UInt32(g)
            return pass & bit != 0 ? .pass : unknown & bit != 0 ? .unknown : .fail
        }

        /// The word written in outputs, without building a string.
        var word: StaticString {
            switch self {
            case .fail: return "fail"
            case .pass: return "pass"
            case .unknown: return "unknown"
            }
        }

        public var text: String { "\(word)" }
    }

    /// Every gate's state for one lead.
    func gateStates(_ record: borrowing CSVRecord, missing: ValueRules) -> [GateState] {
        let m = evaluate(record, missing: missing)
        return states(pass: m.pass, unknown: m.unknown)
    }

    /// A bit per gate that passes, a bit per gate that is unknown, and whether the disqualify rule matches.
    /// A gate is unknown when every field it reads is missing for the lead.
    public func evaluate(_ record: borrowing CSVRecord, missing: ValueRules)
        -> (pass: UInt32, unknown: UInt32, disqualified: Bool) {
        var pass: UInt32 = 0, unknown: UInt32 = 0
        gateFields.withUnsafeBufferPointer { fields in
            gateFieldEnds.withUnsafeBufferPointer { ends in
                var start = 0
                for g in 0..<ends.count {
                    var allMissing = true
                    for k in start..<ends[g] where !missing.isMissing(record[fields[k]]) { allMissing = false; break }
                    start = ends[g]
                    if allMissing { unknown |= 1 << UInt32(g) }
                    else if program.evaluate(g, record, missing: missing) { pass |= 1 << UInt32(g) }
                }
            }
        }
        let disqualified = program.roots.count > gates.count && program.evaluate(gates.count, record, missing: missing)
        return (pass, unknown, disqualified)
    }

    /// Gate states back from the masks of ``evaluate(_:missing:)``.
    func states(pass: UInt32, unknown: UInt32) -> [GateState] {
        (0..<gates.count).map { GateState.of(gate: $0, pass: pass, unknown: unknown) }
    }
}
