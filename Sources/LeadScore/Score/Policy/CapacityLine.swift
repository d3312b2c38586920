/// Where the line falls for a tier with `max_leads`: the leads that could enter it, and the `min_score` that
/// would let in as many as it has room for (`score --suggest-min-score`, `evaluate --capacity`).
///
/// The candidates are the leads not disqualified, not taken by an earlier tier, that meet the tier's other
/// conditions (`min_gates`, `require`, group conditions): its `min_score` and `max_leads` set aside. Earlier tiers have no
/// `max_leads` (this is the first tier that has one), so which leads they take does not depend on this tier.
struct CapacityLine {
    /// The first tier with `max_leads`, and that number.
    let tier: Int
    let room: Int

    init?(_ policy: Policy, room: Int? = nil) {
        guard let t = policy.tiers.firstIndex(where: { $0.maxLeads != nil }) else { return nil }
        tier = t
        self.room = room ?? policy.tiers[t].maxLeads!
    }

    /// Whether lead i is a candidate (see the type's comment).
    func isCandidate(_ policy: Policy, _ i: Int, probabilities p: [Double], passes: GateMasks, disqualified: [Bool],
                     groups: [UInt64] = []) -> Bool {
        if disqualified[i] { return false }
        for (t, rule) in policy.tiers.enumerated() {
            let requireMask = rule.require.reduce(UInt32(0)) { $0 | (1 << UInt32($1)) }
            let gatesOK = (rule.minGates.map { passes[i].nonzeroBitCount >= $0 } ?? true) && passes[i] & requireMask == requireMask
                && (groups.isEmpty || rule.groupFailure(groups[i], grades: policy.grades, gradeGroup: policy.gradeGroup) == nil)
            if t == tier { return gatesOK }
            if gatesOK && (rule.minScore.map { TierAssigner.score(p[i]) >= $0 } ?? true) { return false }
        }
        return false
    }

    /// The candidates' scores, highest first.
    func candidateScores(_ policy: Policy, probabilities p: [Double], passes: GateMasks, disqualified: [Bool],
                         groups: [UInt64] = []) -> [Int] {
        p.indices.filter { isCandidate(policy, $0, probabilities: p, passes: passes, disqualified: disqualified, groups: groups) }
            .map { TierAssigner.score(p[$0]) }.sorted(by: >)
    }

    /// The `min_score` that lets in `room` candidates: the room-th highest score (0 with fewer candidates), and
    /// how many candidates score that much or more (more than `room` when several tie at it).
    func suggestion(scores: [Int]) -> (minScore: Int, atOrAbove: Int) {
        guard scores.count >= room, room > 0 else { return (0, scores.count) }
        let s = scores[room - 1]
        return (s, scores.filter { $0 >= s }.count)
    }
}
