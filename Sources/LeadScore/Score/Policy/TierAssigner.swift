/// Puts every lead in a tier and ranks them.
///
/// Disqualified leads go to the Disqualified tier whatever their score. The others meet the tiers top to
/// bottom, highest probability first (ties in input order): a lead takes the first tier whose conditions it
/// meets and which still has room under `max_leads`; the last tier has no conditions and takes the rest.
/// Rank 1 is called first: tiers in policy order with Disqualified last, then probability descending, then
/// input order.
enum TierAssigner {
    /// Score as shown to users: round-half-up(100·p), an integer 0–100.
    @inline(__always)
    public static func score(_ p: Double) -> Int { Int((100 * p + 0.5).rounded(.down)) }

    /// - Parameters:
    ///   - passes: per lead, a bit per gate that passed.
    ///   - disqualified: per lead.
    /// - Returns: each lead's tier index into `policy.tierNames`.
    ///   - order: lead indices by probability descending (``byProbability(_:)``).
    ///   - groups: per lead, its sub-scores (byte g: group g), when the policy's tiers have group conditions.
    static func assign(_ policy: Policy, probabilities p: [Double], order: [Int32], passes: [UInt32],
                       disqualified: [Bool], groups: [UInt64] = []) -> [UInt8] {
        explained(policy, probabilities: p, order: order, passes: passes, disqualified: disqualified, groups: groups).tiers
    }

    /// The tiers, and what `TierReason` needs to explain them.
    /// - Returns:
    ///   - tiers: each lead's tier index into `policy.tierNames`.
    ///   - over: for a lead that met a `max_leads` tier's conditions but found it full, its 1-based position
    ///     among the leads that met them (0 otherwise), for the last such tier.
    ///   - eligible: per tier, how many leads met its conditions when its turn came.
    static func explained(_ policy: Policy, probabilities p: [Double], order: [Int32], passes: [UInt32],
                          disqualified: [Bool], groups: [UInt64] = []) -> (tiers: [UInt8], over: [Int32], eligible: [Int]) {
        precondition(!policy.usesGroups || groups.count == p.count, "the tiers' group conditions need every lead's sub-scores")
        let n = p.count
        let disq = UInt8(policy.tiers.count)
        var tier = [UInt8](repeating: UInt8.max, count: n)
        var over = [Int32](repeating: 0, count: n)
        var eligible = [Int](repeating: 0, count: policy.tiers.count)
        for i in 0..<n where disqualified[i] { tier[i] = disq }
        for (t, rule) in policy.tiers.enumerated() {
            var taken = 0, met = 0
            let requireMask = rule.require.reduce(UInt32(0)) { $0 | (1 << UInt32($1)) }
            for i32 in order {
                let i = Int(i32)
                if tier[i] != UInt8.max { continue }
                if let s = rule.minScore, score(p[i]) < s { continue }
                if let g = rule.minGates, passes[i].nonzeroBitCount < g { continue }
                if passes[i] & requireMask != requireMask { continue }
                if !groups.isEmpty, rule.groupFailure(groups[i], grades: policy.grades, gradeGroup: policy.gradeGroup) != nil { continue }
                met += 1
                if let m = rule.maxLeads, taken >= m { over[i] = Int32(met); continue }
                tier[i] = UInt8(t)
                taken += 1
            }
            eligible[t] = met
        }
        return (tier, over, eligible)
    }

    /// Lead indices by probability descending, ties in input order.
    ///
    /// A least-significant-digit radix sort of the indices, 16 bits of the key a pass, reading each key from
    /// `p`: for p ≥ 0 the bit pattern orders like the value, and each pass is stable, so ties stay in input
    /// order. Besides the result it needs one more index array (4 bytes a lead; sorting (key, index) pairs
    /// needed 24), and digits every key shares are skipped.
    static func byProbability(_ p: [Double]) -> [Int32] {
        let n = p.count
        var order = (0..<Int32(n)).map { $0 }
        if n < 2 { return order }
        var scratch = [Int32](repeating: 0, count: n)
        let bits: UInt64 = 16, buckets = 1 << Int(bits), mask = UInt64(buckets - 1)
        var counts = [Int](repeating: 0, count: buckets)
        p.withUnsafeBufferPointer { p in
            counts.withUnsafeMutableBufferPointer { counts in
                var shift: UInt64 = 0
                while shift < 64 {
                    @inline(__always) func digit(_ i: Int32) -> Int { Int(((UInt64.max - p[Int(i)].bitPattern) >> shift) & mask) }
                    for k in 0..<buckets { counts[k] = 0 }
                    for i in 0..<Int32(n) { counts[digit(i)] += 1 }
                    if counts[digit(0)] != n {
                        var sum = 0
                        for k in 0..<buckets { let c = counts[k]; counts[k] = sum; sum += c }
                        order.withUnsafeBufferPointer { from in
                            scratch.withUnsafeMutableBufferPointer { to in
                                for i in from { let d = digit(i); to[counts[d]] = i; counts[d] += 1 }
                            }
                        }
                        swap(&order, &scratch)
                    }
                    shift += bits
                }
            }
        }
        return order
    }

    /// rank[i] (0-based) for every lead: tier order, then probability descending, then input order.
    /// `order` is ``byProbability(_:)``; tiers are laid out with one stable counting pass.
    static func ranks(order: [Int32], tiers: [UInt8]?) -> [Int32] {
        var rank = [Int32](repeating: 0, count: order.count)
        guard let tiers else {
            for (r, i) in order.enumerated() { rank[Int(i)] = Int32(r) }
            return rank
        }
        var next = [Int](repeating: 0, count: 257)
        for t in tiers { next[Int(t) + 1] += 1 }
        for k in 1..<next.count { next[k] += next[k - 1] }
        for i in order {
            let t = Int(tiers[Int(i)])
            rank[Int(i)] = Int32(next[t])
            next[t] += 1
        }
        return rank
    }
}
