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
    static func assign(_ policy: Policy, probabilities p: [Double], order: [Int32], passes: GateMasks,
                       disqualified: [Bool], groups: [UInt64] = []) -> [UInt8] {
        explained(policy, probabilities: p, order: order, passes: passes, disqualified: disqualified, groups: groups).tiers
    }

    /// The tiers, and what `TierReason` needs to explain them.
    /// - Returns:
    ///   - tiers: each lead's tier index into `policy.tierNames`.
    ///   - over: for a lead that met a `max_leads` tier's conditions but found it full, its 1-based position
    ///     among the leads that met them (0 otherwise), for the last such tier.
    ///   - eligible: per tier, how many leads met its conditions when its turn came.
    static func explained(_ policy: Policy, probabilities p: [Double], order: [Int32], passes: GateMasks,
                          disqualified: [Bool], groups: [UInt64] = []) -> (tiers: [UInt8], over: [Int32], eligible: [Int]) {
        precondition(!policy.usesGroups || groups.count == p.count, "the tiers' group conditions need every lead's sub-scores")
        let n = p.count
        let tiers = policy.tiers.count
        let disq = UInt8(tiers)
        var tier = [UInt8](repeating: UInt8.max, count: n)
        var over = [Int32](repeating: 0, count: n)
        var eligible = [Int](repeating: 0, count: tiers)
        // The tiers' conditions as plain values (reading a `Tier` per lead would retain its arrays).
        let minScore = policy.tiers.map { $0.minScore ?? Int.min }, minGates = policy.tiers.map { $0.minGates ?? 0 }
        let requireMask = policy.tiers.map { $0.require.reduce(UInt32(0)) { $0 | (1 << UInt32($1)) } }
        let maxLeads = policy.tiers.map { $0.maxLeads ?? Int.max }
        let grouped = policy.tiers.map { !$0.minGroupScores.isEmpty || $0.grades != nil }
        var taken = [Int](repeating: 0, count: tiers)
        // Each lead's score (255: disqualified) and gate mask in rank order, gathered on all cores: the walk
        // below then reads them in sequence (read at random, they made it a 0.13 s pause on 1M leads).
        var scores = [UInt8](repeating: 0, count: n), sortedPasses = [UInt32](repeating: 0, count: n)
        scores.withUnsafeMutableBufferPointer { sc in
            sortedPasses.withUnsafeMutableBufferPointer { sp in
                let (sc, sp) = (sc, sp)
                Cores.perform(stretchesOf: n) { stretch in
                    for k in stretch {
                        let i = Int(order[k])
                        sc[k] = disqualified[i] ? 255 : UInt8(score(p[i]))
                        sp[k] = passes[i]
                    }
                }
            }
        }
        // One walk down the leads, each meeting the tiers top to bottom: a tier's counts at a lead are those of
        // the leads above it, as when each tier walked the leads in turn (and each lead is read once, not once
        // per tier).
        policy.tiers.withUnsafeBufferPointer { rules in
            for k in 0..<n {
                let i = Int(order[k])
                if scores[k] == 255 { tier[i] = disq; continue }
                let score = Int(scores[k]), pass = sortedPasses[k]
                for t in 0..<tiers {
                    if score < minScore[t] || pass.nonzeroBitCount < minGates[t] || pass & requireMask[t] != requireMask[t] { continue }
                    if grouped[t] && !groups.isEmpty,
                       rules[t].groupFailure(groups[i], grades: policy.grades, gradeGroup: policy.gradeGroup) != nil { continue }
                    eligible[t] += 1
                    if taken[t] >= maxLeads[t] { over[i] = Int32(eligible[t]); continue }
                    tier[i] = UInt8(t)
                    taken[t] += 1
                    break
                }
            }
        }
        return (tier, over, eligible)
    }

    /// Lead indices by probability descending, ties in input order.
    ///
    /// Each core sorts a stretch of the leads with a least-significant-digit radix sort of the indices, 16
    /// bits of the key a pass, reading each key from `p` (for p ≥ 0 the bit pattern orders like the value, and
    /// each pass is stable, so ties stay in input order; digits every key of the stretch shares are skipped);
    /// then the sorted stretches are merged pairwise, the earlier stretch first on ties. Besides the result it
    /// needs one more index array (4 bytes a lead; sorting (key, index) pairs needed 24). On one core the
    /// sort of 1M leads was most of a 0.2–0.3 s pause between score's two passes.
    /// - Parameter stretches: how many stretches are sorted apart (default: one per core from 65,536 leads).
    static func byProbability(_ p: [Double], stretches: Int? = nil) -> [Int32] {
        let n = p.count
        var order = [Int32](repeating: 0, count: n)
        if n < 2 { return (0..<Int32(n)).map { $0 } }
        var scratch = [Int32](repeating: 0, count: n)
        let stretches = min(n, stretches ?? (n < 1 << 16 ? 1 : Cores.count))
        var bounds = (0...stretches).map { n * $0 / stretches }
        var inScratch = false
        p.withUnsafeBufferPointer { p in
            order.withUnsafeMutableBufferPointer { o in
                scratch.withUnsafeMutableBufferPointer { s in
                    let (o, s) = (o, s)
                    let b = bounds
                    Cores.perform(stretches) { c in radixSort(p, b[c]..<b[c + 1], into: o, scratch: s) }
                    // Merge neighbouring runs until one is left, from one array into the other. Where there are fewer
                    // pairs than cores (the last merge), each pair is merged in one slice a core (`split`): the last
                    // merge of two runs on one core left the other idle for 40–50 ms on 1M leads (perf timeline).
                    while bounds.count > 2 {
                        let (from, to) = inScratch ? (s, o) : (o, s)
                        let runs = bounds, pairs = (runs.count - 1) / 2
                        let slices = max(1, Cores.count / max(1, pairs))
                        Cores.perform((pairs + (runs.count - 1) % 2) * slices) { task in
                            let k = task / slices, slice = task % slices
                            let lo = runs[2 * k], mid = runs[2 * k + 1]
                            let hi = 2 * k + 2 < runs.count ? runs[2 * k + 2] : mid
                            let total = hi - lo
                            let (i0, j0) = split(p, from, lo..<mid, mid..<hi, taking: total * slice / slices)
                            let (i1, j1) = split(p, from, lo..<mid, mid..<hi, taking: total * (slice + 1) / slices)
                            merge(p, from, i0..<i1, j0..<j1, into: to, at: lo + (i0 - lo) + (j0 - mid))
                        }
                        bounds = stride(from: 0, to: runs.count, by: 2).map { runs[$0] } + (runs.count % 2 == 0 ? [runs.last!] : [])
                        inScratch.toggle()
                    }
                }
            }
        }
        return inScratch ? scratch : order
    }

    /// Sorts the leads `range` into `o[range]` (indices by probability descending, ties in input order).
    private static func radixSort(_ p: UnsafeBufferPointer<Double>, _ range: Range<Int>, into o: UnsafeMutableBufferPointer<Int32>,
                                  scratch s: UnsafeMutableBufferPointer<Int32>) {
        for i in range { o[i] = Int32(i) }
        let bits: UInt64 = 16, buckets = 1 << Int(bits), mask = UInt64(buckets - 1)
        var counts = [Int](repeating: 0, count: buckets)
        var (from, to) = (o, s)
        counts.withUnsafeMutableBufferPointer { counts in
            var shift: UInt64 = 0
            while shift < 64 {
                @inline(__always) func digit(_ i: Int32) -> Int { Int(((UInt64.max - p[Int(i)].bitPattern) >> shift) & mask) }
                for k in 0..<buckets { counts[k] = 0 }
                for i in range { counts[digit(Int32(i))] += 1 }
                if counts[digit(Int32(range.lowerBound))] != range.count {
                    var sum = range.lowerBound
                    for k in 0..<buckets { let c = counts[k]; counts[k] = sum; sum += c }
                    for i in range { let j = from[i], d = digit(j); to[counts[d]] = j; counts[d] += 1 }
                    swap(&from, &to)
                }
                shift += bits
            }
        }
        if from.baseAddress != o.baseAddress { for i in range { o[i] = from[i] } }
    }

    /// Merges the sorted stretches from[a] (of the first run) and from[b] (of the second) into to[at…], the first
    /// run's first on ties.
    private static func merge(_ p: UnsafeBufferPointer<Double>, _ from: UnsafeMutableBufferPointer<Int32>, _ a: Range<Int>,
                              _ b: Range<Int>, into to: UnsafeMutableBufferPointer<Int32>, at: Int) {
        var i = a.lowerBound, j = b.lowerBound, k = at
        while i < a.upperBound && j < b.upperBound {
            if p[Int(from[i])].bitPattern >= p[Int(from[j])].bitPattern { to[k] = from[i]; i += 1 } else { to[k] = from[j]; j += 1 }
            k += 1
        }
        while i < a.upperBound { to[k] = from[i]; i += 1; k += 1 }
        while j < b.upperBound { to[k] = from[j]; j += 1; k += 1 }
    }

    /// Where the merge of the sorted runs from[a] and from[b] has taken `count` leads: how many from each, as
    /// the indices it has reached in them (a binary search for the one split where every lead taken comes
    /// before every lead not taken, in `merge`'s order: probability descending, the first run's first on ties).
    static func split(_ p: UnsafeBufferPointer<Double>, _ from: UnsafeMutableBufferPointer<Int32>, _ a: Range<Int>,
                      _ b: Range<Int>, taking count: Int) -> (Int, Int) {
        @inline(__always) func key(_ k: Int) -> UInt64 { p[Int(from[k])].bitPattern }
        var lo = max(0, count - b.count), hi = min(count, a.count)
        while lo < hi {
            let i = (lo + hi) / 2, j = count - i
            // Taking i from the first run is too few when its next lead comes before the second run's last taken.
            if j > 0 && key(a.lowerBound + i) >= key(b.lowerBound + j - 1) { lo = i + 1 } else { hi = i }
        }
        return (a.lowerBound + lo, b.lowerBound + count - lo)
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
