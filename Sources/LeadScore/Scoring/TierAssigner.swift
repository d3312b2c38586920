/// Puts every lead in a tier and ranks them.
///
/// Disqualified leads go to the Disqualified tier whatever their score. The others meet the tiers top to
/// bottom, highest probability first (ties in input order): a lead takes the first tier whose conditions it
/// meets and which still has room under `max_leads`; the last tier has no conditions and takes the rest.
/// Rank 1 is called first: tiers in policy order with Disqualified last, then probability descending, then
/// input order.
public enum TierAssigner {
    /// Score as shown to users: round-half-up(100·p), an integer 0–100.
    @inline(__always)
    public static func score(_ p: Double) -> Int { Int((100 * p + 0.5).rounded(.down)) }

    /// - Parameters:
    ///   - passes: per lead, a bit per gate that passed.
    ///   - disqualified: per lead.
    /// - Returns: each lead's tier index into `policy.tierNames`.
    ///   - order: lead indices by probability descending (``byProbability(_:)``).
    public static func assign(_ policy: Policy, probabilities p: [Double], order: [Int32], passes: [UInt32],
                              disqualified: [Bool]) -> [UInt8] {
        let n = p.count
        let disq = UInt8(policy.tiers.count)
        var tier = [UInt8](repeating: UInt8.max, count: n)
        for i in 0..<n where disqualified[i] { tier[i] = disq }
        for (t, rule) in policy.tiers.enumerated() {
            var taken = 0
            let requireMask = rule.require.reduce(UInt32(0)) { $0 | (1 << UInt32($1)) }
            for i32 in order {
                let i = Int(i32)
                if tier[i] != UInt8.max { continue }
                if let m = rule.maxLeads, taken >= m { break }
                if let s = rule.minScore, score(p[i]) < s { continue }
                if let g = rule.minGates, passes[i].nonzeroBitCount < g { continue }
                if passes[i] & requireMask != requireMask { continue }
                tier[i] = UInt8(t)
                taken += 1
            }
        }
        return tier
    }

    /// Lead indices by probability descending, ties in input order.
    ///
    /// Sorts (key, index) pairs rather than indices through the probabilities: for p ≥ 0 the bit pattern
    /// orders like the value, and a stable sort keeps ties in input order.
    public static func byProbability(_ p: [Double]) -> [Int32] {
        var keyed = p.enumerated().map { (UInt64.max - $1.bitPattern, Int32($0)) }
        keyed.sort { $0.0 < $1.0 }
        return keyed.map(\.1)
    }

    /// rank[i] (0-based) for every lead: tier order, then probability descending, then input order.
    /// `order` is ``byProbability(_:)``; tiers are laid out with one stable counting pass.
    public static func ranks(order: [Int32], tiers: [UInt8]?) -> [Int32] {
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
