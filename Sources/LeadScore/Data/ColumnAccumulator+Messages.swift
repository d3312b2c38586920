/// What `ColumnAccumulator` tells of a value it cannot read.
extension ColumnAccumulator {
    /// Why `text` in a time column is no date, and what to do.
    static func notADate(_ text: String, order: DateOrder?) -> String {
        if let order, LocalDate.matches(text) { return order.noDay(text) }
        return "\"\(text)\" is not an ISO date (YYYY-MM-DD); " + (LocalDate.matches(text)
            ? "it is a date as a locale displays it, whose day and month order the value does not tell: say it with"
                + " --date-order mdy or dmy (spec: date_order), or export ISO dates"
            : "fix the value or choose another time column")
    }
}
