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
        if v.isEmpty { return [] }
        let n = v.count
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
        return v.withUnsafeMutableBufferPointer { b -> [Double] in
            let selected = withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * n + 16) { scratch in
                ckernels_select(b.baseAddress, Int64(n), wanted.map(Int64.init), Int64(wanted.count), scratch.baseAddress)
            }
            if selected == 0 { select(b, wanted[...], lo: 0, hi: n - 1) }
            return spots.map { s in
                let low = b[s.lo]
                let high = s.pos > Double(s.lo) && s.lo + 1 < n ? b[s.lo + 1] : low
                return low + (s.pos - Double(s.lo)) * (high - low)
            }
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
        return Cores.map(columns.count) { of(columns[$0], rows: rows, scratch: scratch) }
    }

    /// One column's distribution over `rows`, its numbers gathered into an array `scratch` lends.
    static func of(_ column: Column, rows: [Int], scratch: ScratchColumns) -> FeatureDistribution {
        let n = max(1, rows.count)
        switch column.values {
        case .numbers, .dates:
            let v = column.numbers!
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
}
