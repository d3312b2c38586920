import CKernels

/// Training distributions stored in the model for drift checks.
enum Distributions {
    /// Quantiles at 0, 0.1, …, 1 with linear interpolation (numpy's default), of the non-NaN values.
    ///
    /// Complexity: O(n) expected: the needed order statistics are selected (quickselect), not sorted for.
    /// Above `sampleLimit` values, the deciles are those of an evenly spaced (deterministic) sample of that
    /// size: within a fraction of a percentile of the exact ones, which is ample for drift checks.
    /// `withoutNaN`: the caller knows `values` holds none (no pass to look for them).
    static func deciles(_ values: [Double], sampleLimit: Int = 100_000, withoutNaN: Bool = false) -> [Double] {
        // Without NaNs (the usual case) the sample is taken from `values` directly, not from a copy of it.
        var v = !withoutNaN && values.contains(where: \.isNaN) ? values.filter { !$0.isNaN } : values
        if v.count > sampleLimit {
            let step = Double(v.count) / Double(sampleLimit)
            v = v.withUnsafeBufferPointer { p in (0..<sampleLimit).map { p[Int(Double($0) * step)] } }
        }
        let n = v.count
        return v.withUnsafeMutableBufferPointer { b in
            withUnsafeTemporaryAllocation(of: Double.self, capacity: selectionScratch(n)) { decilesInPlace(b, scratch: $0.baseAddress!) }
        }
    }

    /// How many doubles of scratch `decilesInPlace` needs for `n` values.
    static func selectionScratch(_ n: Int) -> Int { 2 * n + 16 }

    /// `deciles` of all of `b` (no NaN, no sampling), which it reorders; `scratch` holds `selectionScratch(b.count)`
    /// doubles, whatever they are.
    static func decilesInPlace(_ b: UnsafeMutableBufferPointer<Double>, scratch: UnsafeMutablePointer<Double>) -> [Double] {
        let n = b.count
        if n == 0 { return [] }
        // The order statistics the interpolation needs (each decile's lower neighbour, and the upper one when
        // the position falls between two), selected in one pass that partitions towards all of them at once.
        let spots = (0...10).map { k -> (pos: Double, lo: Int) in
            let pos = Double(k) / 10 * Double(n - 1)
            return (pos, Int(pos.rounded(.down)))
        }
        var wanted: [Int] = []
        for s in spots {
            let needed = s.pos > Double(s.lo) && s.lo + 1 < n ? [s.lo, s.lo + 1] : [s.lo]
            for p in needed where wanted.last.map({ $0 < p }) ?? true { wanted.append(p) }
        }
        let selected = ckernels_select(b.baseAddress, Int64(n), wanted.map(Int64.init), Int64(wanted.count), scratch)
        if selected == 0 { select(b, wanted[...], lo: 0, hi: n - 1) }
        return spots.map { s in
            let low = b[s.lo]
            let high = s.pos > Double(s.lo) && s.lo + 1 < n ? b[s.lo + 1] : low
            return low + (s.pos - Double(s.lo)) * (high - low)
        }
    }

    /// Puts the order statistic of b[lo...hi] belonging at each of `positions` (ascending, within lo...hi) in
    /// its place: quickselect (median-of-three pivot, Hoare partition) that follows every side holding a
    /// wanted position, so the deciles cost about one pass more than a single selection, not eleven.
    static func select(_ b: UnsafeMutableBufferPointer<Double>, _ positions: ArraySlice<Int>, lo: Int, hi: Int) {
        var lo = lo, hi = hi, positions = positions
        while hi > lo, !positions.isEmpty {
            let pivot = Swift.max(Swift.min(b[lo], b[hi]), Swift.min(Swift.max(b[lo], b[hi]), b[(lo + hi) / 2]))
            var i = lo, j = hi
            while i <= j {
                while b[i] < pivot { i += 1 }
                while b[j] > pivot { j -= 1 }
                if i <= j { b.swapAt(i, j); i += 1; j -= 1 }
            }
            // Now b[lo...j] ≤ pivot ≤ b[i...hi], and any place between j and i holds the pivot: in its place.
            let left = positions.prefix { $0 <= j }
            if !left.isEmpty { select(b, left, lo: lo, hi: j) }
            positions = positions.drop { $0 < i }
            lo = i
        }
    }

    /// The distribution of each column over `rows`, the columns spread over the cores.
    static func of(_ columns: [Column], rows: [Int]) -> [FeatureDistribution] {
        let scratch = ScratchColumns()
        // Whether the rows are a run, asked once: a pass over 8 MB a million rows, which every column of the
        // numeric bench file's 40 made again (perf: 1.2% of its train's samples).
        let run = rows.withUnsafeBufferPointer { NumberColumn.consecutive($0) }
        return Cores.map(columns.count) { of(columns[$0], rows: rows, scratch: scratch, consecutive: run) }
    }

    /// One column's distribution over `rows`, its numbers gathered into an array `scratch` lends. `consecutive`:
    /// whether `rows` are a run (`NumberColumn.consecutive`), when the caller knows.
    static func of(_ column: Column, rows: [Int], scratch: ScratchColumns, consecutive: Bool? = nil) -> FeatureDistribution {
        let n = max(1, rows.count)
        switch column.values {
        case .numbers, .dates:
            let v = column.numbers!
            if let d = rows.withUnsafeBufferPointer({ ofScaled(v, rows: $0, name: column.name, scratch: scratch,
                                                               consecutive: consecutive) }) { return d }
            if let d = rows.withUnsafeBufferPointer({ ofStoredDoubles(v, rows: $0, name: column.name, scratch: scratch,
                                                                      consecutive: consecutive) }) {
                return d
            }
            return scratch.with(count: rows.count) { present in
                present.withUnsafeMutableBufferPointer { out in rows.withUnsafeBufferPointer { v.gather($0, into: out) } }
                // Gaps are closed in place (no second array: the columns run two at a time, and each copy is 8 MB
                // a million rows); most columns have none and are left as they are.
                if present.contains(where: \.isNaN) {
                    let kept = present.withUnsafeMutableBufferPointer { out -> Int in
                        var k = 0
                        for r in 0..<out.count where !out[r].isNaN { out[k] = out[r]; k += 1 }
                        return k
                    }
                    present.removeLast(present.count - kept)
                }
                let missing = rows.count - present.count
                let d = deciles(present, withoutNaN: true)
                return FeatureDistribution(name: column.name, deciles: d, shares: nil,
                                           missingShare: Double(missing) / Double(n), bins: Bins.of(present: present, deciles: d))
            }
        case .text:
            let counts = FeatureEncoder.levelCounts(column, rows: rows)
            let missing = counts[EncodedFeature.missingLevel] ?? 0
            return FeatureDistribution(name: column.name, deciles: nil,
                                       shares: counts.mapValues { Double($0) / Double(n) },
                                       missingShare: Double(missing) / Double(n), bins: nil)
        case .tooManyLevels:
            return FeatureDistribution(name: column.name, deciles: nil, shares: nil, missingShare: 0, bins: nil)
        }
    }

    /// The deciles of `present` values through their sample as `deciles` takes it (all of them up to `sampleLimit`,
    /// else the values at ⌊k · present / sampleLimit⌋), in one array `scratch` lends (the columns run two at a time,
    /// and fresh pages cost more than the selection on this VM): `fill` writes the sample's values into its first
    /// argument, given the selection's scratch that follows them (free until the selection) and each sample
    /// place's index among the present values.
    static func sampledDeciles(present: Int, sampleLimit: Int, scratch: ScratchColumns,
                               fill: (UnsafeMutableBufferPointer<Double>, UnsafeMutablePointer<Double>, (Int) -> Int) -> Void)
        -> [Double] {
        let picks = Swift.min(present, sampleLimit)
        let step = Double(present) / Double(sampleLimit)
        func place(_ k: Int) -> Int { picks == present ? k : Int(Double(k) * step) }
        return scratch.with(count: picks + selectionScratch(picks)) { lent -> [Double] in
            lent.withUnsafeMutableBufferPointer { space -> [Double] in
                let values = UnsafeMutableBufferPointer(rebasing: space[0..<picks])
                let rest = space.baseAddress! + picks
                fill(values, rest, place)
                return decilesInPlace(values, scratch: rest)
            }
        }
    }

    /// `of` for a column stored as doubles over consecutive rows with no missing value: the deciles' sample and the
    /// bins' counts taken from the stored values, not from a copy of them (8 MB a million rows a column; on the
    /// floats bench file the copies and their fresh pages were about 1.3% of train's CPU), and the sample in an
    /// array `scratch` lends (`sampledDeciles`; fresh ones, 2.4 MB a column, were 9% of that train's page faults).
    /// The same deciles and bins. nil for other columns and rows.
    static func ofStoredDoubles(_ column: NumberColumn, rows: UnsafeBufferPointer<Int>, name: String,
                                sampleLimit: Int = 100_000, scratch: ScratchColumns = ScratchColumns(),
                                consecutive: Bool? = nil) -> FeatureDistribution? {
        guard let first = rows.first, consecutive ?? NumberColumn.consecutive(rows) else { return nil }
        return column.withDoubles { all -> FeatureDistribution? in
            let v = UnsafeBufferPointer(rebasing: all[first..<(first + rows.count)])
            if v.contains(where: \.isNaN) { return nil }
            let d = sampledDeciles(present: v.count, sampleLimit: sampleLimit, scratch: scratch) { values, _, place in
                for k in values.indices { values[k] = v[place(k)] }
            }
            let bins = Bins.of(presentCount: v.count, deciles: d) { Bins.countAbove(v, edges: $0) }
            return FeatureDistribution(name: name, deciles: d, shares: nil, missingShare: 0, bins: bins)
        } ?? nil
    }

    /// `of` for a column kept as scaled integers over consecutive rows (a fit on every row, or on a time split's
    /// first part), from the integers: the deciles' sample decoded alone (the values at the same places as
    /// `of` takes them from the decoded present values), and the bins counted by comparing the integers with
    /// the largest integer at or below each edge (the decoding m / 10^k is monotonic, so m lies above that
    /// integer exactly when its value lies above the edge; −0 has its own code and is counted as 0). The
    /// same deciles and bins, without decoding a million values into a lent 8 MB array to sample 100,000 of them
    /// and compare each with nine edges (perf, numeric bench file: the distributions' share of train's CPU time
    /// about 3.6% → 2.0%, and 8 MB less at the peak). nil for other columns and rows. `consecutive`: whether
    /// `rows` are a run, when the caller knows (nil: checked here).
    static func ofScaled(_ column: NumberColumn, rows: UnsafeBufferPointer<Int>, name: String,
                         sampleLimit: Int = 100_000, portable: Bool = false,
                         scratch: ScratchColumns = ScratchColumns(), consecutive: Bool? = nil) -> FeatureDistribution? {
        guard let first = rows.first, consecutive ?? NumberColumn.consecutive(rows) else { return nil }
        return column.withScaled(rows: first..<(first + rows.count), scratch: scratch) { m, divisor -> FeatureDistribution in
            // Values above the missing code, and above the code of −0 (the lowest stored integers).
            var sentinels = [Int64](repeating: 0, count: 9)
            let low = [NumberColumn.missing, NumberColumn.negativeZero] + Array(repeating: Int32.max, count: 7)
            ckernels_count_above_i32(m.baseAddress, Int64(m.count), low, &sentinels, portable ? 1 : 0)
            let absent = m.count - Int(sentinels[0]), negativeZeros = Int(sentinels[0] - sentinels[1])
            let present = m.count - absent
            // The sample's integers wait in the selection's scratch before they are decoded.
            let d = sampledDeciles(present: present, sampleLimit: sampleLimit, scratch: scratch) { values, rest, place in
                let picks = values.count, step = Double(present) / Double(sampleLimit)
                rest.withMemoryRebound(to: Int32.self, capacity: picks) { out in
                    if absent == 0 {
                        for k in 0..<picks { out[k] = m[place(k)] }
                    } else {
                        // The present values at those places, skipping the missing ones (a kernel: a walk
                        // branching on each value cost 2.5% of train's CPU on a file of 120 such columns).
                        _ = ckernels_pick_present_i32(m.baseAddress, Int64(m.count), NumberColumn.missing, Int64(picks),
                                                      step, picks == present ? 1 : 0, out, portable ? 1 : 0)
                    }
                    ckernels_decode_scaled(out, Int64(picks), divisor, values.baseAddress)
                }
            }
            let bins = Bins.of(presentCount: present, deciles: d) { edges in
                let bounds = edges.map { Self.largestAtOrBelow($0, divisor: divisor) }
                var above = [Int64](repeating: 0, count: 9)
                ckernels_count_above_i32(m.baseAddress, Int64(m.count), bounds, &above, portable ? 1 : 0)
                return zip(above, edges).map { Int($0) + ($1 < 0 ? negativeZeros : 0) }
            }
            let n = Double(Swift.max(1, rows.count))
            return FeatureDistribution(name: name, deciles: d, shares: nil, missingShare: Double(absent) / n, bins: bins)
        }
    }

    /// The largest stored integer m (not a sentinel) whose value m / divisor is at most `edge`, as an Int32
    /// bound: −Int32.max (the code of −0, which no value lies at or below here) when there is none, Int32.max
    /// when every one is.
    static func largestAtOrBelow(_ edge: Double, divisor: Double) -> Int32 {
        var lo = Int64(NumberColumn.negativeZero), hi = Int64(Int32.max)  // value(lo) ≤ edge is assumed, value(hi) tested
        if Double(hi) / divisor <= edge { return Int32.max }
        // Invariant: every m ≤ lo (above the sentinel) has value ≤ edge; value(hi) > edge.
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2
            if Double(mid) / divisor <= edge { lo = mid } else { hi = mid }
        }
        return Int32(lo)
    }
}
