/// One row of the calibration table: leads in a decile of predicted probability.
public struct CalibrationBin: Codable, Sendable, Equatable {
    public var count: Int
    var meanPredicted: Double
    var observedRate: Double

    enum CodingKeys: String, CodingKey {
        case count
        case meanPredicted = "mean_predicted", observedRate = "observed_rate"
    }
}

/// One row of the cumulative gains table: the top `fraction` of leads by predicted probability.
public struct GainsRow: Codable, Sendable, Equatable {
    public var fraction: Double
    public var leads: Int
    /// Share of all conversions found in these leads.
    var gain: Double
    /// gain / fraction: how many times better than calling at random.
    var lift: Double
}

extension BinaryMetrics {
    /// Ten bins of (as near as possible) equal size by predicted probability, lowest first. Bin k holds
    /// the rows ranked ⌊k·n/10⌋ ..< ⌊(k+1)·n/10⌋ from the bottom (ties in input order).
    public func calibration(bins: Int = 10) -> [CalibrationBin] {
        // Rank r from the bottom is position count − 1 − r of the descending order.
        let last = count - 1
        return (0..<bins).compactMap { k in
            let range = (count * k / bins)..<(count * (k + 1) / bins)
            if range.isEmpty { return nil }
            var p = 0.0, y = 0.0
            for r in range { p += sortedScores[last - r]; y += sortedLabels[last - r] }
            let n = Double(range.count)
            return CalibrationBin(count: range.count, meanPredicted: p / n, observedRate: y / n)
        }
    }

    /// Expected calibration error over the calibration table's bins: Σ_b (n_b / n)·|mean predicted_b − observed_b|.
    func ece(bins: Int = 10) -> Double {
        calibration(bins: bins).reduce(0) { $0 + Double($1.count) / Double(count) * abs($1.meanPredicted - $1.observedRate) }
    }

    /// Cumulative gains and lift at 10%, 20%, …, 100% of leads, highest probability first.
    public func gains(steps: Int = 10) -> [GainsRow] {
        let total = Double(positives)
        var found = 0.0, taken = 0
        return (1...steps).map { k in
            let upto = (count * k + steps - 1) / steps
            while taken < upto { found += sortedLabels[taken]; taken += 1 }
            let fraction = Double(k) / Double(steps)
            let gain = total > 0 ? found / total : .nan
            return GainsRow(fraction: fraction, leads: upto, gain: gain, lift: gain / fraction)
        }
    }
}
