import ArgumentParser
import LeadScore

/// Options shared by every command that reads a lead file with a spec.
struct DataOptions: ParsableArguments {
    @Option(help: "The outcome column (converted or not).")
    var label: String?

    @Option(help: "The label value that means converted (default: one of 1, true, yes, y, won).")
    var positive: String?

    @Option(help: "The lead id column, carried into outputs.")
    var id: String?

    @Option(help: ArgumentHelp("Columns that are never features, comma-separated.", valueName: "a,b"))
    var exclude: String?

    @Option(help: ArgumentHelp("Extra values that mean missing, comma-separated (always: empty, NA, N/A, null, NaN, \\N and"
                               + " spreadsheet error values such as #DIV/0!).",
                               valueName: "a,b"))
    var missing: String?

    @Option(help: ArgumentHelp("A spec file (YAML) declaring label, id, exclusions and feature types.", valueName: "SPEC.yaml"))
    var features: String?

    @OptionGroup var delimiter: DelimiterOption

    @Flag(name: .customLong("decimal-comma"), help: "Numbers use a decimal comma (6946000,00), as in many European exports (spec: decimal: \",\").")
    var decimalComma = false

    @Option(name: .customLong("date-order"), help: ArgumentHelp("Read dates written as a locale displays them: mdy (11/1/2024 is November 1, US) or dmy (11 January) (spec: date_order).", valueName: "mdy|dmy"))
    var dateOrder: String?

    @Flag(name: .customLong("case-fold"), help: "Lower-case categorical values, so Software and software are one level (spec: normalize: {case: lower}).")
    var caseFold = false

    @Option(name: .customLong("min-level-count"), help: "Categorical levels seen fewer times fold into (other) (default 10).")
    var minLevelCount: Int?

    @Option(name: .customLong("max-levels"), help: "Refuse a categorical with more levels than this after folding (default 1000).")
    var maxLevels: Int?

    /// The spec file, as an input of the check before any work.
    var specInput: [FilePlan.Entry] { features.map { [("--features", $0)] } ?? [] }

    /// The spec file (if any) with the flags laid over it.
    func spec() throws -> FeatureSpec {
        let base = try features.map(FeatureSpec.load(path:)) ?? FeatureSpec()
        var flags = FeatureSpec(label: label, positive: positive, id: id)
        flags.exclude = split(exclude)
        flags.missing = split(missing)
        flags.minLevelCount = minLevelCount
        flags.maxLevels = maxLevels
        if decimalComma { flags.decimal = "," }
        if let dateOrder {
            guard DateOrder(rawValue: dateOrder) != nil else {
                throw UsageError("--date-order is mdy (11/1/2024 is November 1) or dmy (11 January), not \"\(dateOrder)\"")
            }
            flags.dateOrder = dateOrder
        }
        if caseFold { flags.normalize = FeatureSpec.Normalize(case: "lower") }
        return base.overridden(by: flags)
    }

    private func split(_ s: String?) -> [String] {
        (s ?? "").split(separator: ",", omittingEmptySubsequences: true).map(String.init)
    }
}
