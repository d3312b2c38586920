import Foundation

/// Capacity planning on labelled history (`evaluate --capacity N[/week]`): how the first `max_leads` tier of a
/// policy would have done, week by week, had it had room for N leads a week.
///
/// The leads are cut into weeks (Monday to Sunday, UTC, by the time column), or taken as one batch. In each
/// week the tier's candidates (`CapacityLine`) are counted at every score; the `min_score` reported is the
/// highest score s at which the weeks hold, on average, at least N candidates scoring s or more (0 when even
/// s = 0 does not). With that `min_score`, each week's tier takes its N most probable candidates at or above
/// it; the report gives the tier's leads and conversions a week (the conversions with a 95% interval from
/// 1,000 bootstrap resamples of the weeks, seeded), its precision (conversion rate) and recall (share of all
/// conversions), and the conversions that met the tier's other conditions but fell below the line.
public struct CapacityPlan: Codable, Sendable, Equatable {
    var tier: String
    var capacity: Int
    /// `week` or `batch`.
    var per: String
    var periods: Int
    var minScore: Int
    /// Candidates a period at or above `minScore`, on average.
    var candidatesPerPeriod: Double
    var leadsPerPeriod: Double
    var conversionsPerPeriod: Double
    var conversionsInterval: Interval?
    var precision: Double
    var recall: Double
    var conversionsBelowLine: Int

    enum CodingKeys: String, CodingKey {
        case tier, capacity, per, periods, precision, recall
        case minScore = "min_score", candidatesPerPeriod = "candidates_per_period", leadsPerPeriod = "leads_per_period"
        case conversionsPerPeriod = "conversions_per_period", conversionsInterval = "conversions_interval"
        case conversionsBelowLine = "conversions_below_line"
    }

    /// The week (Monday first) of a time in seconds since 1970: 1970-01-01 was a Thursday.
    static func week(_ seconds: Double) -> Int { Int((((seconds / 86_400).rounded(.down) + 3) / 7).rounded(.down)) }

    /// - Parameters: per lead (the evaluated rows): probability, gate masks, disqualified, label (1/0), and
    ///   time (nil: one batch).
    static func replay(_ policy: Policy, capacity: Int, probabilities p: [Double], passes: GateMasks,
                       disqualified: [Bool], groups: [UInt64] = [], labels y: [Double], times: [Double]?,
                       seed: UInt64 = 42) -> CapacityPlan? {
        guard let line = CapacityLine(policy, room: capacity) else { return nil }
        // Leads by period, most probable first (ties in input order).
        var periods: [Int: [Int]] = [:]
        for i in TierAssigner.byProbability(p).map(Int.init)
        where line.isCandidate(policy, i, probabilities: p, passes: passes, disqualified: disqualified, groups: groups) {
            periods[times.map { Self.week($0[i]) } ?? 0, default: []].append(i)
        }
        // Weeks with leads but no candidate count too (as zero candidates).
        let keys = Set(times.map { t in p.indices.map { Self.week(t[$0]) } } ?? [0]).sorted()
        let n = Double(max(1, keys.count))
        var atOrAbove = [Double](repeating: 0, count: 102)
        for (_, members) in periods { for i in members { atOrAbove[TierAssigner.score(p[i])] += 1 } }
        for s in stride(from: 100, through: 0, by: -1) { atOrAbove[s] += atOrAbove[s + 1] }
        let minScore = (0...100).last { atOrAbove[$0] / n >= Double(capacity) } ?? 0
        var leads: [Double] = [], conversions: [Double] = [], below = 0
        for k in keys {
            let members = periods[k] ?? []
            var taken = 0, converted = 0
            for i in members {
                if TierAssigner.score(p[i]) >= minScore && taken < capacity {
                    taken += 1
                    if y[i] == 1 { converted += 1 }
                } else if y[i] == 1 {
                    below += 1
                }
            }
            leads.append(Double(taken))
            conversions.append(Double(converted))
        }
        let totalLeads = leads.reduce(0, +), totalConversions = conversions.reduce(0, +)
        let positives = Double(y.filter { $0 == 1 }.count)
        var interval: Interval?
        if keys.count > 1 {
            var rng = SeededGenerator(seed: seed)
            var means: [Double] = []
            for _ in 0..<1000 {
                var sum = 0.0
                for _ in keys.indices { sum += conversions[rng.below(keys.count)] }
                means.append(sum / n)
            }
            means.sort()
            interval = Interval(low: means[24], high: means[974])
        }
        return CapacityPlan(tier: policy.tierNames[line.tier], capacity: capacity, per: times == nil ? "batch" : "week",
                            periods: keys.count, minScore: minScore, candidatesPerPeriod: atOrAbove[minScore] / n,
                            leadsPerPeriod: totalLeads / n, conversionsPerPeriod: totalConversions / n, conversionsInterval: interval,
                            precision: totalLeads > 0 ? totalConversions / totalLeads : .nan,
                            recall: positives > 0 ? totalConversions / positives : .nan, conversionsBelowLine: below)
    }
}
