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
    public static func assign(_ policy: Policy, probabilities p: [Double], passes: [UInt32], disqualified: [Bool]) -> [UInt8] {
        let n = p.count
        let disq = UInt8(policy.tiers.count)
        var tier = [UInt8](repeating: UInt8.max, count: n)
        for i in 0..<n where disqualified[i] { tier[i] = disq }
        let order = byProbability(p)
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
    public static func byProbability(_ p: [Double]) -> [Int32] {
        var order = (0..<Int32(p.count)).map { $0 }
        order.sort { p[Int($0)] > p[Int($1)] || (p[Int($0)] == p[Int($1)] && $0 < $1) }
        return order
    }

    /// rank[i] (0-based) for every lead: tier order, then probability descending, then input order.
    public static func ranks(probabilities p: [Double], tiers: [UInt8]?) -> [Int32] {
        var order = (0..<Int32(p.count)).map { $0 }
        if let tiers {
            order.sort {
                let a = Int($0), b = Int($1)
                if tiers[a] != tiers[b] { return tiers[a] < tiers[b] }
                return p[a] > p[b] || (p[a] == p[b] && a < b)
            }
        } else {
            order.sort { p[Int($0)] > p[Int($1)] || (p[Int($0)] == p[Int($1)] && $0 < $1) }
        }
        var rank = [Int32](repeating: 0, count: p.count)
        for (r, i) in order.enumerated() { rank[Int(i)] = Int32(r) }
        return rank
    }
}
