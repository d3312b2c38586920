/// Training distributions stored in the model for drift checks.
enum Distributions {
    /// Quantiles at 0, 0.1, …, 1 with linear interpolation (numpy's default), of the non-NaN values.
    ///
    /// Complexity: O(n) expected: the needed order statistics are selected (quickselect), not sorted for.
    /// Above `sampleLimit` values, the deciles are those of an evenly spaced (deterministic) sample of that
    /// size: within a fraction of a percentile of the exact ones, which is ample for drift checks.
    static func deciles(_ values: [Double], sampleLimit: Int = 100_000) -> [Double] {
        // Without NaNs (the usual case) the sample is taken from `values` directly, not from a copy of it.
        var v = values.contains(where: \.isNaN) ? values.filter { !$0.isNaN } : values
        if v.count > sampleLimit {
            let step = Double(v.count) / Double(sampleLimit)
            v = v.withUnsafeBufferPointer { p in (0..<sampleLimit).map { p[Int(Double($0) * step)] } }
        }
        if v.isEmpty { return [] }
        let n = v.count
        return v.withUnsafeMutableBufferPointer { b -> [Double] in
            var result: [Double] = []
            var from = 0
            for k in 0...10 {
                let pos = Double(k) / 10 * Double(n - 1)
                let lo = Int(pos.rounded(.down))
                select(b, lo, from: from)
                let low = b[lo]
                // Everything after lo is ≥ b[lo]; the next order statistic is their minimum.
                let high = pos > Double(lo) && lo + 1 < n ? b[(lo + 1)...].min()! : low
                result.append(low + (pos - Double(lo)) * (high - low))
                from = lo
            }
            return result
        }
    }

    /// Places the k-th smallest of b[from...] at index k, smaller ones before it and larger ones after.
    static func select(_ b: UnsafeMutableBufferPointer<Double>, _ k: Int, from: Int) {
        var lo = from, hi = b.count - 1
        while hi > lo {
            let pivot = Swift.max(Swift.min(b[lo], b[hi]), Swift.min(Swift.max(b[lo], b[hi]), b[(lo + hi) / 2]))
            var i = lo, j = hi
            while i <= j {
                while b[i] < pivot { i += 1 }
                while b[j] > pivot { j -= 1 }
                if i <= j { b.swapAt(i, j); i += 1; j -= 1 }
            }
            if k <= j { hi = j } else if k >= i { lo = i } else { return }
        }
    }

    /// The distribution of each column over `rows`, the columns spread over the cores.
    static func of(_ columns: [Column], rows: [Int]) -> [FeatureDistribution] {
        Cores.map(columns.count) { of(columns[$0], rows: rows) }
    }

    public static func of(_ column: Column, rows: [Int]) -> FeatureDistribution {
        let n = max(1, rows.count)
        switch column.values {
        case .numbers, .dates:
            let v = column.numbers!
            let present = [Double](unsafeUninitializedCapacity: rows.count) { out, count in
                rows.withUnsafeBufferPointer { v.gather($0, into: out) }
                var k = 0
                for r in 0..<rows.count where !out[r].isNaN { out[k] = out[r]; k += 1 }
                count = k
            }
            let missing = rows.count - present.count
            let d = deciles(present)
            return FeatureDistribution(name: column.name, deciles: d, shares: nil,
                                       missingShare: Double(missing) / Double(n), bins: Bins.of(present: present, deciles: d))
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
