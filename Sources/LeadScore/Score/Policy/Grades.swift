/// Letters for a sub-score (policy `grades: {group: fit, bands: {A: 75, B: 50, C: 25}}`): the first band whose
/// threshold the sub-score reaches, highest first; else `D`.
struct Grades: Sendable, Equatable {
    let group: String
    /// Letters and their lowest sub-score, highest threshold first.
    let bands: [(letter: String, min: Int)]
    static let below = "D"

    static func == (a: Grades, b: Grades) -> Bool {
        a.group == b.group && a.bands.map(\.letter) == b.bands.map(\.letter) && a.bands.map(\.min) == b.bands.map(\.min)
    }

    func letter(_ score: Int) -> String { bands.first { score >= $0.min }?.letter ?? Self.below }
}
