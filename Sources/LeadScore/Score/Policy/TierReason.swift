/// Why a lead is in its tier, in words a sales manager reads (`score`'s `tier_reason` column):
///
/// - `Disqualified: unsubscribed`: the part of the disqualify rule that matched (the first matching
///   alternative of a top-level `any`, else the whole rule);
/// - the top tier: the conditions it met, `SQL: score 62 ≥ 30, gates 3/4 incl. authority` (`SQL: every
///   lead` when it has none);
/// - any lower tier: why the lead is not in the tier just above, the first of its checks that failed, in
///   `TierAssigner`'s order: `MQL: score 8 < 10 for SQL`, `MQL: gates 2/4 < 3 for SQL`,
///   `MQL: gate authority failed` (or `unknown`), `MQL: fit 40 < 50 for SQL`, `MQL: grade C not A or B for SQL`,
///   and a lead pushed down by `max_leads` `MQL: over SQL capacity (rank 101 of 140 eligible)`.
final class TierReason: Sendable {  // a class: handed to every lead's line, it is shared, never copied
    let policy: Policy
    /// The disqualify rule's alternatives (the children of a top-level `any`, or the rule itself), compiled,
    /// with their descriptions.
    let parts: CompiledCondition?
    let partTexts: [String]

    init(policy: Policy) {
        self.policy = policy
        let alternatives = policy.disqualify.map(Self.alternatives)
        parts = alternatives.map { CompiledCondition($0) }
        partTexts = (alternatives ?? []).map(\.description)
    }

    /// The parts of a disqualify rule one of which is named: a top-level `any`'s children, else the rule.
    static func alternatives(_ rule: Condition) -> [Condition] {
        if case .any(let cs) = rule { return cs } else { return [rule] }
    }

    /// The top tier's met conditions, `score 62 ≥ 30, gates 3/4 incl. authority`.
    static func met(_ rule: Policy.Tier, score: Int, passed: Int, gates: [String], groups: UInt64 = 0, grade: String? = nil) -> String {
        var parts: [String] = []
        if let s = rule.minScore { parts.append("score \(score) ≥ \(s)") }
        var g = rule.minGates != nil || !rule.require.isEmpty ? "gates \(passed)/\(gates.count)" : ""
        if !rule.require.isEmpty { g += " incl. " + rule.require.map { gates[$0] }.joined(separator: ", ") }
        if !g.isEmpty { parts.append(g) }
        for c in rule.minGroupScores { parts.append("\(c.group) \(Self.byte(groups, c.index)) ≥ \(c.min)") }
        if rule.grades != nil, let grade { parts.append("grade \(grade)") }
        return parts.isEmpty ? "every lead" : parts.joined(separator: ", ")
    }

    static func byte(_ w: UInt64, _ g: Int) -> Int { Int((w >> (8 * UInt64(g))) & 0xFF) }

    /// What a lead's text depends on, but for the record (Disqualified) and the capacity position.
    struct Key: Equatable {
        var tier: UInt8, score: UInt8
        var pass: UInt32, unknown: UInt32
        var groups: UInt64 = 0
    }

    /// Texts already made, back to back in one array, by key: a hit copies bytes from it without retaining
    /// anything (a dictionary of arrays retained and released the hit's array for every lead). The keys are in
    /// a table of our own, open addressing by a multiplicative hash: a `Dictionary` hashed each lead's key with
    /// SipHash, 7% of score's second pass.
    struct Cache {
        private var keys: [Key] = []
        private var places: [(start: Int, count: Int)] = []
        private var filled = 0
        var bytes: [UInt8] = []

        init() {
            keys = Array(repeating: Key(tier: 0, score: 0, pass: 0, unknown: 0), count: 256)
            places = Array(repeating: (-1, 0), count: 256)
        }

        private static func slot(_ k: Key, _ mask: Int) -> Int {
            let a = UInt64(k.tier) | UInt64(k.score) << 8 | UInt64(k.pass) << 16 ^ UInt64(k.unknown) << 40
            let h = (a &* 0x9E37_79B9_7F4A_7C15) ^ (k.groups &* 0xC2B2_AE3D_27D4_EB4F)
            return Int(truncatingIfNeeded: ((h ^ (h >> 29)) &* 0xBF58_476D_1CE4_E5B9) >> 32) & mask
        }

        /// Where `key`'s text is in `bytes`.
        func place(_ key: Key) -> (start: Int, count: Int)? {
            let mask = keys.count - 1
            var i = Self.slot(key, mask)
            while places[i].start >= 0 {
                if keys[i] == key { return places[i] }
                i = (i + 1) & mask
            }
            return nil
        }

        /// Adds `text` under `key` (not in the table yet).
        mutating func add(_ key: Key, _ text: [UInt8]) {
            if 2 * (filled + 1) > keys.count {
                let old = zip(keys, places).filter { $0.1.start >= 0 }
                keys = Array(repeating: keys[0], count: 2 * keys.count)
                places = Array(repeating: (-1, 0), count: keys.count)
                for (k, p) in old { put(k, p) }
            }
            put(key, (bytes.count, text.count))
            filled += 1
            bytes.append(contentsOf: text)
        }

        private mutating func put(_ key: Key, _ place: (start: Int, count: Int)) {
            let mask = keys.count - 1
            var i = Self.slot(key, mask)
            while places[i].start >= 0 { i = (i + 1) & mask }
            keys[i] = key
            places[i] = place
        }
    }

    /// `text(…)` as UTF-8 bytes, the same text, from `cache` when a lead with the same tier, score and gate
    /// states was explained before (scoring explains a million leads; they share a few hundred texts).
    /// - Parameter groups: the lead's sub-scores (byte g: group g), when tiers have group conditions.
    func append(to out: inout ByteScratch, tier t: Int, probability p: Double, pass: UInt32, unknown: UInt32, over: Int32,
                eligible: [Int], record: borrowing CSVRecord, missing: ValueRules, cache: inout Cache, groups: UInt64 = 0) {
        if t == policy.tiers.count || over > 0 {
            out.append(utf8: text(tier: t, probability: p, pass: pass, unknown: unknown, over: over, eligible: eligible,
                                  record: record, missing: missing, groups: groups))
            return
        }
        let key = Key(tier: UInt8(t), score: UInt8(TierAssigner.score(p)), pass: pass, unknown: unknown, groups: groups)
        if let hit = cache.place(key) {
            cache.bytes.withUnsafeBufferPointer { out.append(contentsOf: UnsafeBufferPointer(rebasing: $0[hit.start..<(hit.start + hit.count)])) }
            return
        }
        let bytes = Array(text(tier: t, probability: p, pass: pass, unknown: unknown, over: over, eligible: eligible,
                               record: record, missing: missing, groups: groups).utf8)
        cache.add(key, bytes)
        out.append(contentsOf: bytes)
    }

    func text(tier t: Int, probability p: Double, pass: UInt32, unknown: UInt32, over: Int32, eligible: [Int],
              record: borrowing CSVRecord, missing: ValueRules, groups: UInt64 = 0) -> String {
        let grade = policy.grades.map { $0.letter(Self.byte(groups, policy.gradeGroup)) }
        let names = policy.tierNames
        let gates = policy.gates.map(\.name)
        if t == policy.tiers.count {
            guard let parts else { return names[t] }
            for k in partTexts.indices where parts.evaluate(k, record, missing: missing) { return names[t] + ": " + partTexts[k] }
            return names[t]
        }
        let score = TierAssigner.score(p)
        if t == 0 {
            return names[0] + ": " + Self.met(policy.tiers[0], score: score, passed: pass.nonzeroBitCount, gates: gates, groups: groups,
                                              grade: grade)
        }
        let above = policy.tiers[t - 1]
        if let s = above.minScore, score < s { return names[t] + ": score \(score) < \(s) for \(above.name)" }
        if let g = above.minGates, pass.nonzeroBitCount < g {
            return names[t] + ": gates \(pass.nonzeroBitCount)/\(gates.count) < \(g) for \(above.name)"
        }
        for g in above.require where pass & (1 << UInt32(g)) == 0 {
            return names[t] + ": gate \(gates[g]) " + (unknown & (1 << UInt32(g)) != 0 ? "unknown" : "failed")
        }
        if let k = above.groupFailure(groups, grades: policy.grades, gradeGroup: policy.gradeGroup) {
            if k < above.minGroupScores.count {
                let c = above.minGroupScores[k]
                return names[t] + ": \(c.group) \(Self.byte(groups, c.index)) < \(c.min) for \(above.name)"
            }
            return names[t] + ": grade \(grade ?? "?") not " + (above.grades ?? []).joined(separator: " or ") + " for \(above.name)"
        }
        return names[t] + ": over \(above.name) capacity (rank \(over) of \(eligible[t - 1]) eligible)"
    }
}

extension Condition: CustomStringConvertible {
    /// The rule in words: `unsubscribed`, `not trial_started`, `industry missing`, `email_domain = competitor`,
    /// `region in [apac, latam]`, `employees < 5`, `a and b`, `(a or b)`.
    var description: String {
        switch self {
        case .any(let cs): return "(" + cs.map(\.description).joined(separator: " or ") + ")"
        case .all(let cs): return cs.map(\.description).joined(separator: " and ")
        case .not(let c): return "not (" + c.description + ")"
        case .leaf(let l):
            let f = l.field
            switch l.op {
            case .isBool(let b): return b ? f : "not " + f
            case .missing(let b): return f + (b ? " missing" : " present")
            case .eq(let v): return "\(f) = \(v.text)"
            case .ne(let v): return "\(f) ≠ \(v.text)"
            case .inSet(let vs): return "\(f) in [" + vs.map(\.text).joined(separator: ", ") + "]"
            case .notIn(let vs): return "\(f) not in [" + vs.map(\.text).joined(separator: ", ") + "]"
            case .gt(let x): return "\(f) > \(NumberFormat.shortest(x))"
            case .gte(let x): return "\(f) ≥ \(NumberFormat.shortest(x))"
            case .lt(let x): return "\(f) < \(NumberFormat.shortest(x))"
            case .lte(let x): return "\(f) ≤ \(NumberFormat.shortest(x))"
            }
        }
    }
}
