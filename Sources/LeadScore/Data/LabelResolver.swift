/// Turns the outcome column into 1 (converted), 0 (not) or NaN (missing: the row is skipped).
enum LabelResolver {
    /// Values meaning converted when the spec names none, in any case.
    static let defaultPositives: Set<String> = ["1", "true", "yes", "won", "y"]

    /// - Returns: the labels and the value taken as converted.
    static func resolve(_ column: Column, positive: String?, file: String) throws -> (labels: [Double], positive: String) {
        guard case .text(let codes, let levels) = column.values else {
            throw TrainingError("\(file): column '\(column.name)': the label could not be read as text")
        }
        // Which levels occur: a flag per level (a set of codes cost a hash insertion per row).
        var occurs = [Bool](repeating: false, count: levels.count)
        for c in codes where c != Column.missingCode { occurs[Int(c)] = true }
        let seen = levels.indices.filter { occurs[$0] }.map { levels[$0] }.sorted()
        guard seen.count == 2 else {
            let shown = seen.prefix(10).map { "\"\($0)\"" }.joined(separator: ", ")
            throw TrainingError("\(file): column '\(column.name)': the label must have exactly two values, and it has"
                + " \(seen.count)\(seen.isEmpty ? "" : ": \(shown)\(seen.count > 10 ? ", …" : "")");"
                + " choose the outcome column with --label, or mark extra values as missing with --missing")
        }
        let chosen: String
        if let positive {
            guard seen.contains(positive) else {
                throw TrainingError("\(file): column '\(column.name)': the positive value \"\(positive)\" does not occur;"
                    + " the values are \"\(seen[0])\" and \"\(seen[1])\"")
            }
            chosen = positive
        } else {
            let matches = seen.filter { defaultPositives.contains($0.lowercased()) }
            guard matches.count == 1 else {
                throw TrainingError("\(file): column '\(column.name)': cannot tell which of \"\(seen[0])\" and"
                    + " \"\(seen[1])\" means converted; say it with `positive:` in the spec or --positive")
            }
            chosen = matches[0]
        }
        let table = levels.map { $0 == chosen ? 1.0 : 0.0 }
        return (codes.map { $0 == Column.missingCode ? .nan : table[Int($0)] }, chosen)
    }
}
