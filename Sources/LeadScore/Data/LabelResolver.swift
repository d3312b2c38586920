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

    /// The outcome column read as labels.
    struct Resolved {
        var labels: [Double]
        /// The value taken as converted, as written.
        var positive: String
        /// Said to the user: values that differed only in case or spaces, or the several values read as not converted.
        var notes: [String]
        /// The values read as not converted (first spellings, sorted) when there are several: the label was
        /// named value against the rest (`--positive` on a column such as a lifecycle stage); empty otherwise.
        var others: [String]
    }

    /// Two values, one of them converted; or, when `positive` is named, that value against every other (a CRM's
    /// lifecycle stage or lead status: `customer` against `lead`, `opportunity`, …), said in a note.
    static func resolve(_ column: Column, positive: String?, file: String) throws -> Resolved {
        guard case .text(let codes, let levels) = column.values else {
            throw TrainingError("\(StandardStreams.displayName(file)): column '\(column.name)': the label could not be read as text")
        }
        // Which levels occur, and how often: a count per level (a set of codes cost a hash insertion per row).
        var occurs = [Int](repeating: 0, count: levels.count)
        for c in codes where c != Column.missingCode { occurs[Int(c)] += 1 }
        let seen = levels.indices.filter { occurs[$0] > 0 }.map { levels[$0] }.sorted()
        var rows: [String: Int] = [:]
        for k in levels.indices where occurs[k] > 0 { rows[folded(levels[k]), default: 0] += occurs[k] }
        // The values as compared, each with the spellings it was written in.
        var spellings: [String: [String]] = [:]
        for s in seen { spellings[folded(s), default: []].append(s) }
        let values = spellings.keys.sorted()
        let shown = seen.prefix(10).map { "\"\($0)\"" }.joined(separator: ", ") + (seen.count > 10 ? ", …" : "")
        let named = positive.flatMap { p in values.first { $0 == folded(p) } }
        guard values.count == 2 || (values.count > 2 && named != nil) else {
            if let positive, values.count > 2 {
                throw TrainingError("\(StandardStreams.displayName(file)): column '\(column.name)': the positive value \"\(positive)\" does not"
                    + " occur; the values are \(shown)")
            }
            let rest = values.count > 2 ? ", name the converted value with --positive (every other value then counts as not converted)" : ""
            throw TrainingError("\(StandardStreams.displayName(file)): column '\(column.name)': the label must have exactly two values, and it has"
                + " \(values.count)\(seen.isEmpty ? "" : ": \(shown)"); choose the outcome column with --label\(rest),"
                + " or mark extra values as missing with --missing")
        }
        let first = spellings[values[0]]![0], second = spellings[values[1]]![0]
        let chosen: String
        if let positive {
            guard let match = named else {
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
        var notes: [String] = []
        if seen.count > values.count {
            notes.append("label values that differ only in case or spaces taken as one: "
                + values.map { spellings[$0]!.map { "\"\($0)\"" }.joined(separator: " = ") }.joined(separator: "; "))
        }
        let others = values.filter { $0 != key }.map { spellings[$0]![0] }
        if others.count > 1 {
            let counts = values.filter { $0 != key }.map { "\"\(spellings[$0]![0])\" (\(rows[$0]!))" }
            notes.append("label '\(column.name)': \"\(chosen)\" is converted and the other \(others.count) values are not: "
                + counts.joined(separator: ", ") + "; a stage still open is not yet lost: mark such values missing with"
                + " --missing (or leave young leads out with maturity_days)")
        }
        return Resolved(labels: codes.map { $0 == Column.missingCode ? .nan : table[Int($0)] }, positive: chosen, notes: notes,
                        others: others.count > 1 ? others : [])
    }
}
