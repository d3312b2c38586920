/// Training distributions stored in the model for drift checks.
public enum Distributions {
    /// Quantiles at 0, 0.1, …, 1 with linear interpolation (numpy's default), of the non-NaN values.
    public static func deciles(_ values: [Double]) -> [Double] {
        let v = values.filter { !$0.isNaN }.sorted()
        if v.isEmpty { return [] }
        return (0...10).map { k in
            let pos = Double(k) / 10 * Double(v.count - 1)
            let lo = Int(pos.rounded(.down)), hi = min(lo + 1, v.count - 1)
            return v[lo] + (pos - Double(lo)) * (v[hi] - v[lo])
        }
    }

    public static func of(_ column: Column, rows: [Int]) -> FeatureDistribution {
        let n = max(1, rows.count)
        switch column.values {
        case .numbers(let v), .dates(let v):
            let present = rows.map { v[$0] }
            let missing = present.filter(\.isNaN).count
            return FeatureDistribution(name: column.name, deciles: deciles(present), shares: nil,
                                       missingShare: Double(missing) / Double(n))
        case .text:
            var counts: [String: Int] = [:]
            for i in rows { counts[column.text(at: i) ?? EncodedFeature.missingLevel, default: 0] += 1 }
            let missing = counts[EncodedFeature.missingLevel] ?? 0
            return FeatureDistribution(name: column.name, deciles: nil,
                                       shares: counts.mapValues { Double($0) / Double(n) },
                                       missingShare: Double(missing) / Double(n))
        case .tooManyLevels:
            return FeatureDistribution(name: column.name, deciles: nil, shares: nil, missingShare: 0)
        }
    }
}
