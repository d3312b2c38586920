/// Conversion by grade × quartile of another group's sub-score (`evaluate --policy` with `grades:` and a model
/// of two groups or more): rows are the grade letters (the bands, then `D`), columns the quartiles of the first
/// other group's sub-score among the evaluated leads (Q1: at most the 25% quantile, …, Q4: above the 75%;
/// quantiles by nearest rank, so tied sub-scores stay in one quartile and counts may differ).
public struct GradeMatrix: Codable, Sendable, Equatable {
    var group: String
    var by: String
    var grades: [String]
    /// Each quartile's lowest and highest sub-score among its leads (nil for an empty quartile).
    var ranges: [[Int]?]
    var leads: [[Int]]
    var conversions: [[Int]]

    static func of(grades: Grades, group: Int, by: Int, names: [String], scores: [UInt64], labels y: [Double]) -> GradeMatrix {
        func byte(_ w: UInt64, _ g: Int) -> Int { Int((w >> (8 * UInt64(g))) & 0xFF) }
        let letters = grades.bands.map(\.letter) + [Grades.below]
        let sorted = scores.map { byte($0, by) }.sorted()
        let cuts = [0.25, 0.5, 0.75].map { q in sorted.isEmpty ? 0 : sorted[max(0, Int((q * Double(sorted.count)).rounded(.up)) - 1)] }
        var leads = [[Int]](repeating: [0, 0, 0, 0], count: letters.count), conversions = leads
        var lo = [Int](repeating: .max, count: 4), hi = [Int](repeating: .min, count: 4)
        for (i, w) in scores.enumerated() {
            let s = byte(w, by)
            let q = cuts.filter { s > $0 }.count
            let r = letters.firstIndex(of: grades.letter(byte(w, group)))!
            leads[r][q] += 1
            if y[i] == 1 { conversions[r][q] += 1 }
            lo[q] = min(lo[q], s); hi[q] = max(hi[q], s)
        }
        return GradeMatrix(group: names[group], by: names[by], grades: letters,
                           ranges: (0..<4).map { lo[$0] <= hi[$0] ? [lo[$0], hi[$0]] : nil }, leads: leads, conversions: conversions)
    }
}
