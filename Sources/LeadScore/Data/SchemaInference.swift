/// What inference decided for one column, and why (the reason becomes a comment in `leadscore infer`).
public struct ColumnDecision: Sendable, Equatable {
    public let name: String
    /// The feature type, or nil when the column is left out.
    public let type: ColumnType?
    let reason: String
}

/// Decides each column's type from the training file's values.
///
/// - numeric: every non-missing value is a number (a 0/1 column is boolean instead);
/// - boolean: the values are one pair among true/false, yes/no, y/n, t/f, 1/0, in any case, both present;
/// - categorical: anything else;
/// left out, with a note: identifiers (text whose values are all distinct, or more than
/// `TableReader.maxLevels` of them), ISO dates and dates in a locale's format (`LocalDate`), numbers with
/// thousands separators, currency or percent signs (`DisplayedNumber`), constant columns, and columns with no
/// value at all.
public enum SchemaInference {
    /// A decision for every column the plan asked to infer, in header order.
    public static func decisions(_ table: Table, plan: ColumnPlan) -> [ColumnDecision] {
        let columns = table.header.compactMap { name in plan.requests[name] == .infer ? table[name] : nil }
        // Each column on its own, spread over the cores (a pass over its values each).
        return Cores.map(columns.count) { decide(columns[$0], rows: table.rowCount, dateOrder: plan.dateOrder) }
    }

    /// - Parameter dateOrder: the order dates in a locale's format were read in (nil: only ISO dates were).
    static func decide(_ column: Column, rows: Int, dateOrder: DateOrder? = nil) -> ColumnDecision {
        let name = column.name
        let present = rows - column.missingCount
        if present == 0 { return ColumnDecision(name: name, type: nil, reason: "every value is missing: left out") }
        let missingNote = column.missingCount > 0 ? ", \(column.missingCount) missing" : ""
        switch column.values {
        case .tooManyLevels:
            return ColumnDecision(name: name, type: nil,
                                  reason: "more than \(TableReader.maxLevels) distinct text values: an identifier or free text, left out")
        case .dates:
            let kind = dateOrder.map { "dates, ISO or " + ($0 == .mdy ? "month/day" : "day/month") + " (date_order: \($0.rawValue))" }
            return ColumnDecision(name: name, type: nil, reason: (kind ?? "ISO dates") + ": left out of the features (usable as --time-column)")
        case .numbers(let v):
            // Some value is present (present > 0 above).
            let (lo, hi, zeroOne) = v.extremes() ?? (0, 0, false)
            if lo == hi && column.missingCount == 0 {
                return ColumnDecision(name: name, type: nil, reason: "constant (\(NumberFormat.shortest(lo))): left out")
            }
            if zeroOne && lo == 0 && hi == 1 {
                return ColumnDecision(name: name, type: .boolean, reason: "only 0 and 1\(missingNote)")
            }
            return ColumnDecision(name: name, type: .numeric,
                                  reason: "numbers from \(NumberFormat.shortest(lo)) to \(NumberFormat.shortest(hi))\(missingNote)")
        case .text(_, let levels):
            if levels.count == 1 && column.missingCount == 0 {
                return ColumnDecision(name: name, type: nil, reason: "constant (\"\(levels[0])\"): left out")
            }
            // Dates a spreadsheet or a CRM report wrote in a locale's format (`11/1/2024`): as a categorical every day
            // would be a level, and new leads' days unseen ones.
            if let sample = levels.first, levels.allSatisfy(LocalDate.matches) {
                return ColumnDecision(name: name, type: nil, reason: "dates as a locale displays them (\"\(sample)\"), which"
                    + " leadscore reads as dates only with --date-order (11/1 is November 1 in one locale, 11 January in another)"
                    + Self.dateOrderHint(levels) + ": left out; to order by it (--time-column), train with --date-order"
                    + " (spec: date_order) or export ISO dates (YYYY-MM-DD)")
            }
            // Numbers a spreadsheet wrote in its display format: as a categorical their values would be rare levels
            // that fold away, silently (the CLI reads no thousands separators: `12,000` is twelve in some locales).
            // A column whose commas could be decimal commas (one, three digits after it, no point: 1,500) is left to
            // train's decimal-comma check, which names both readings.
            if let grouped = levels.first(where: { v in
                   // Counted on the bytes: this runs over every level of every text column inferred.
                   let commas = v.utf8.reduce(0) { $0 + ($1 == UInt8(ascii: ",") ? 1 : 0) }
                   return commas > 1 || (commas == 1 && v.utf8.contains(UInt8(ascii: ".")))
               }),
               levels.allSatisfy({ Self.isGrouped($0) || ValueRules().number($0) != nil }) {
                return ColumnDecision(name: name, type: nil, reason: "numbers written with thousands separators (\"\(grouped)\"),"
                    + " which leadscore reads as text: left out; export the column without separators to use it")
            }
            // Currency and percentages as a spreadsheet displays them (`$6,946,000.00`, `25%`): likewise.
            if let (shown, mark) = levels.lazy.compactMap({ v in DisplayedNumber.mark(v).map { (v, $0) } }).first,
               levels.allSatisfy({ DisplayedNumber.mark($0) != nil || Self.isGrouped($0) || ValueRules().number($0) != nil }) {
                return ColumnDecision(name: name, type: nil, reason: "numbers written with \(mark) (\"\(shown)\") as a spreadsheet"
                    + " displays them, which leadscore reads as text: left out; export the column as plain numbers to use it")
            }
            if levels.count == present && present >= 20 {
                return ColumnDecision(name: name, type: nil, reason: "every value is distinct: an identifier, left out")
            }
            if Set(levels.map { $0.lowercased() }).count == 2 && BooleanTokens.formOnePair(levels) {
                return ColumnDecision(name: name, type: .boolean,
                                      reason: "only \(levels.sorted().joined(separator: "/"))\(missingNote)")
            }
            let shown = levels.sorted().prefix(4).joined(separator: ", ")
            let many = levels.count > TrainingLimits.maxLevels
                ? "; more than \(TrainingLimits.maxLevels) levels: often an identifier or a parsing mistake, and train refuses"
                    + " it unless --max-levels allows (rare levels fold into (other) first)" : ""
            return ColumnDecision(name: name, type: .categorical,
                                  reason: "text, \(levels.count) levels (\(shown)\(levels.count > 4 ? ", …" : ""))\(missingNote)\(many)")
        }
    }

    /// What a column of dates in a locale's format says of its order: `; its values read only as month/day
    /// (mdy)` when some day is above 12 in second place and none in first, likewise for dmy; "" when they do not tell.
    static func dateOrderHint(_ levels: [String]) -> String {
        let fits = DateOrder.allCases.filter { order in
            levels.allSatisfy { v in Array(v.utf8).withUnsafeBufferPointer { LocalDate.seconds($0, order: order) } != nil }
        }
        guard fits.count == 1 else { return "" }
        return "; its values read only as " + (fits[0] == .mdy ? "month/day (mdy)" : "day/month (dmy)")
    }

    /// `[+-]d{1,3}(,ddd)+(.d+)?`: a number with thousands separators, as a spreadsheet displays it.
    static func isGrouped(_ s: String) -> Bool {
        var u = Substring(s)
        if let f = u.first, f == "+" || f == "-" { u = u.dropFirst() }
        let digits = { (t: Substring) in !t.isEmpty && t.allSatisfy { ("0"..."9").contains($0) } }
        let parts = u.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        if parts.count == 2, !digits(parts[1]) { return false }
        let groups = parts[0].split(separator: ",", omittingEmptySubsequences: false)
        guard groups.count >= 2, groups[0].count <= 3 else { return false }
        return groups.allSatisfy(digits) && groups.dropFirst().allSatisfy { $0.count == 3 }
    }
}
