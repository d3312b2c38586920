import Foundation

/// Turns the outcome column into 1 (converted), 0 (not) or NaN (missing: the row is skipped).
///
/// Values are compared as written, but for case and surrounding spaces (`Won`, `won `, `WON` are one value):
/// a CRM export that mixes them meant one outcome, and telling them apart made the column look like four
/// values. `evaluate` compares the same way (`LabelMatch`).
enum LabelResolver {
    /// Values meaning converted when the spec names none, in any case: the usual spellings of yes, PostgreSQL's
    /// `t` (how `COPY … CSV` writes a boolean), and the CRMs' closed-won stage (`Closed Won` in Salesforce,
    /// `closedwon` in HubSpot's exports).
    static let defaultPositives: Set<String> = ["1", "true", "yes", "won", "y", "t", "closed won", "closedwon", "closed-won",
                                                "converted"]

    /// Whether `folded` (a value as `folded` gives it) is a usual spelling of converted: one of `defaultPositives`,
    /// or a number equal to 1 (`1.0`: pandas writes an integer column with gaps as floats).
    static func isUsualPositive(_ folded: String) -> Bool {
        defaultPositives.contains(folded) || ValueRules().number(folded) == 1
    }

    /// `value` without the blanks around it (spaces, tabs), in lower case: the form in which label values are compared.
    static func folded(_ value: String) -> String { value.trimmingCharacters(in: .whitespaces).lowercased() }

    /// - Returns: the labels, the value taken as converted, and a note when some values differed only in case or
    ///   spaces.
    static func resolve(_ column: Column, positive: String?, file: String) throws -> (labels: [Double], positive: String, note: String?) {
        guard case .text(let codes, let levels) = column.values else {
            throw TrainingError("\(StandardStreams.displayName(file)): column '\(column.name)': the label could not be read as text")
        }
        // Which levels occur: a flag per level (a set of codes cost a hash insertion per row).
        var occurs = [Bool](repeating: false, count: levels.count)
        for c in codes where c != Column.missingCode { occurs[Int(c)] = true }
        let seen = levels.indices.filter { occurs[$0] }.map { levels[$0] }.sorted()
        // The values as compared, each with the spellings it was written in.
        var spellings: [String: [String]] = [:]
        for s in seen { spellings[folded(s), default: []].append(s) }
        let values = spellings.keys.sorted()
        guard values.count == 2 else {
            let shown = seen.prefix(10).map { "\"\($0)\"" }.joined(separator: ", ")
            throw TrainingError("\(StandardStreams.displayName(file)): column '\(column.name)': the label must have exactly two values, and it has"
                + " \(values.count)\(seen.isEmpty ? "" : ": \(shown)\(seen.count > 10 ? ", …" : "")");"
                + " choose the outcome column with --label, or mark extra values as missing with --missing")
        }
        let first = spellings[values[0]]![0], second = spellings[values[1]]![0]
        let chosen: String
        if let positive {
            guard let match = values.first(where: { $0 == folded(positive) }) else {
                throw TrainingError("\(StandardStreams.displayName(file)): column '\(column.name)': the positive value \"\(positive)\" does not occur;"
                    + " the values are \"\(first)\" and \"\(second)\"")
            }
            chosen = spellings[match]!.contains(positive) ? positive : spellings[match]![0]
        } else {
            let matches = values.filter(isUsualPositive)
            guard matches.count == 1 else {
                throw TrainingError("\(StandardStreams.displayName(file)): column '\(column.name)': cannot tell which of \"\(first)\" and"
                    + " \"\(second)\" means converted; say it with `positive:` in the spec or --positive")
            }
            chosen = spellings[matches[0]]![0]
        }
        let key = folded(chosen)
        let table = levels.map { folded($0) == key ? 1.0 : 0.0 }
        let variants = seen.count > 2
            ? "label values that differ only in case or spaces taken as one: "
                + values.map { spellings[$0]!.map { "\"\($0)\"" }.joined(separator: " = ") }.joined(separator: "; ")
            : nil
        return (codes.map { $0 == Column.missingCode ? .nan : table[Int($0)] }, chosen, variants)
    }
}
