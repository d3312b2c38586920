import Yams

/// What a column is to the model.
public enum ColumnType: String, Codable, Sendable, CaseIterable {
    case numeric, boolean, categorical
}

/// A transform applied to a numeric column before it is standardised.
public enum Transform: String, Codable, Sendable {
    /// log(1 + x); defined for x > −1.
    case log1p
}

/// One declared feature column.
public struct FeatureDeclaration: Codable, Equatable, Sendable {
    public var name: String
    public var type: ColumnType
    var transform: Transform?

    public init(name: String, type: ColumnType, transform: Transform? = nil) {
        self.name = name
        self.type = type
        self.transform = transform
    }
}

/// How to read a lead file: the outcome column, the id, what to leave out, extra missing tokens and,
/// optionally, the exact feature columns with their types. Loaded from YAML; command-line flags win.
///
/// ```yaml
/// label: converted
/// positive: won
/// id: lead_id
/// exclude: [created_date]
/// missing: ["", "NA", "Select"]
/// time_column: created_date       # leadscore's extension: the default for --time-column
/// min_level_count: 10             # leadscore's extension: the default for --min-level-count
/// decimal: ","                    # leadscore's extension: decimal commas (--decimal-comma)
/// date_order: mdy                 # leadscore's extension: 11/1/2024 is November 1 (--date-order)
/// normalize: {case: lower}        # leadscore's extension: categorical values lower-cased (--case-fold)
/// events: {id: lead_id, type: activity_type, time: occurred_at}   # an activity log (EventsSpec)
/// snapshot_days: 30               # training: activity counts until created_date + 30 days (or as_of: COL)
/// maturity_days: 90               # leads younger than 90 days that have not converted are left out
/// features:
///   employees: numeric
///   annual_revenue: {type: numeric, transform: log1p}
/// ```
public struct FeatureSpec: Codable, Equatable, Sendable {
    public var label: String?
    public var positive: String?
    public var id: String?
    public var exclude: [String] = []
    public var missing: [String] = []
    public var features: [FeatureDeclaration]?
    public var timeColumn: String?
    public var minLevelCount: Int?
    /// The most levels a categorical may keep after folding (default 1,000): more is almost always an
    /// identifier or a parsing mistake.
    public var maxLevels: Int?
    /// The decimal mark, `.` (default) or `,` (exports that write `6946000,00`).
    public var decimal: String?
    /// How dates written as a locale displays them are read: `mdy` (`11/1/2024` is November 1) or `dmy`; nil: only
    /// ISO dates are dates (`LocalDate`).
    public var dateOrder: String?
    /// `normalize: {case: lower}`: categorical values are lower-cased before they become levels, at training
    /// and scoring alike (`Software` and `software` are one level).
    public var normalize: Normalize?
    /// An activity log whose decayed counts become features (`EventsSpec`).
    public var events: EventsSpec?
    /// Training history: the column holding each lead's as-of time (its snapshot date).
    public var asOf: String?
    /// Training history without `as_of`: each lead's as-of time is its time column plus this many days.
    public var snapshotDays: Double?
    /// Leads whose time is less than this many days before the data's newest (or `--as-of`) are left out of
    /// training and evaluation unless they already converted: too young to judge.
    public var maturityDays: Double?
    /// Named sets of feature columns, each giving a sub-score `score_<name>` (`FeatureGroup`).
    public var groups: [FeatureGroup]?
    /// A column whose levels get models of their own, pulled towards the global one (`--segment-by`).
    public var segmentBy: String?

    public struct Normalize: Codable, Equatable, Sendable {
        public var `case`: String
        public init(case: String) { self.case = `case` }
    }

    /// Whether categorical values are lower-cased.
    public var foldsCase: Bool { normalize?.case == "lower" }

    public init(label: String? = nil, positive: String? = nil, id: String? = nil, exclude: [String] = [],
                missing: [String] = [], features: [FeatureDeclaration]? = nil, timeColumn: String? = nil,
                minLevelCount: Int? = nil) {
        self.label = label
        self.positive = positive
        self.id = id
        self.exclude = exclude
        self.missing = missing
        self.features = features
        self.timeColumn = timeColumn
        self.minLevelCount = minLevelCount
    }

    enum CodingKeys: String, CodingKey {
        case label, positive, id, exclude, missing, features
        case timeColumn = "time_column"
        case minLevelCount = "min_level_count"
        case maxLevels = "max_levels"
        case decimal, normalize, events, groups
        case dateOrder = "date_order"
        case asOf = "as_of", snapshotDays = "snapshot_days", maturityDays = "maturity_days", segmentBy = "segment_by"
    }

    /// When a training row's activity stops counting: its `as_of` column, else its time column plus
    /// `snapshot_days`; nil when neither is set.
    public func historyAsOf(timeColumn: String?) -> AsOfRule? {
        if let c = asOf { return .column(c, plusDays: 0) }
        if let t = timeColumn ?? self.timeColumn, let d = snapshotDays { return .column(t, plusDays: d) }
        return nil
    }

    /// Loads a spec file, rejecting unknown keys and types so that a typo is not silently ignored.
    public static func load(path: String) throws -> FeatureSpec {
        let file = try YAMLFile(path: path)
        var spec = FeatureSpec()
        for (key, value) in try file.pairs(file.root, what: "the spec") {
            switch key {
            case "label": spec.label = try file.string(value, what: "label")
            case "positive": spec.positive = try file.string(value, what: "positive")
            case "id": spec.id = try file.string(value, what: "id")
            case "exclude": spec.exclude = try file.strings(value, what: "exclude")
            case "missing": spec.missing = try file.strings(value, what: "missing")
            case "time_column": spec.timeColumn = try file.string(value, what: "time_column")
            case "min_level_count": spec.minLevelCount = try file.integer(value, what: "min_level_count")
            case "max_levels": spec.maxLevels = try file.integer(value, what: "max_levels")
            case "decimal":
                let mark = try file.string(value, what: "decimal")
                guard mark == "." || mark == "," else {
                    throw file.fail(value, "decimal is \".\" or \",\" (the decimal mark of the numbers), not \"\(mark)\"")
                }
                spec.decimal = mark
            case "date_order":
                let order = try file.string(value, what: "date_order")
                guard DateOrder(rawValue: order) != nil else {
                    throw file.fail(value, "date_order is mdy (11/1/2024 is November 1) or dmy (11 January), not \"\(order)\"")
                }
                spec.dateOrder = order
            case "normalize":
                for (k, v) in try file.pairs(value, what: "normalize") {
                    guard k == "case" else { throw file.fail(v, "normalize knows one key, case (lower or none), not '\(k)'") }
                    let c = try file.string(v, what: "case")
                    guard c == "lower" || c == "none" else { throw file.fail(v, "normalize: case is lower or none, not '\(c)'") }
                    spec.normalize = Normalize(case: c)
                }
            case "features": spec.features = try features(value, file: file)
            case "events": spec.events = try EventsSpec.parse(value, file: file)
            case "groups": spec.groups = try FeatureGroup.parse(value, file: file)
            case "segment_by": spec.segmentBy = try file.string(value, what: "segment_by")
            case "as_of": spec.asOf = try file.string(value, what: "as_of")
            case "snapshot_days":
                spec.snapshotDays = try file.number(value, what: "snapshot_days")
                if spec.snapshotDays! < 0 { throw file.fail(value, "snapshot_days must be 0 or more days") }
            case "maturity_days":
                spec.maturityDays = try file.number(value, what: "maturity_days")
                if spec.maturityDays! < 0 { throw file.fail(value, "maturity_days must be 0 or more days") }
            default:
                throw file.fail(value, "unknown key '\(key)'; the spec knows label, positive, id, exclude,"
                    + " missing, decimal, date_order, normalize, time_column, min_level_count, max_levels, features, groups, segment_by,"
                    + " events, as_of, snapshot_days and maturity_days")
            }
        }
        return spec
    }

    private static func features(_ node: Node, file: YAMLFile) throws -> [FeatureDeclaration] {
        try file.pairs(node, what: "features").map { name, value in
            if case .scalar = value {
                return FeatureDeclaration(name: name, type: try type(value, file: file, column: name))
            }
            var decl = FeatureDeclaration(name: name, type: .numeric)
            var typed = false
            for (key, v) in try file.pairs(value, what: "feature '\(name)'") {
                switch key {
                case "type": decl.type = try type(v, file: file, column: name); typed = true
                case "transform":
                    let t = try file.string(v, what: "transform")
                    guard let transform = Transform(rawValue: t) else {
                        throw file.fail(v, "feature '\(name)': unknown transform '\(t)'; the one transform is log1p")
                    }
                    decl.transform = transform
                default: throw file.fail(v, "feature '\(name)': unknown key '\(key)'; use type and transform")
                }
            }
            if !typed { throw file.fail(value, "feature '\(name)' needs a type: numeric, boolean or categorical") }
            if decl.transform != nil && decl.type != .numeric {
                throw file.fail(value, "feature '\(name)': a transform applies to numeric columns only")
            }
            return decl
        }
    }

    private static func type(_ node: Node, file: YAMLFile, column: String) throws -> ColumnType {
        let t = try file.string(node, what: "a feature type")
        guard let type = ColumnType(rawValue: t) else {
            throw file.fail(node, "feature '\(column)': unknown type '\(t)'; use numeric, boolean or categorical")
        }
        return type
    }

    /// This spec with every value the other one sets taken from it (flags win over the file).
    public func overridden(by flags: FeatureSpec) -> FeatureSpec {
        var s = self
        if let v = flags.label { s.label = v }
        if let v = flags.positive { s.positive = v }
        if let v = flags.id { s.id = v }
        if !flags.exclude.isEmpty { s.exclude = flags.exclude }
        if !flags.missing.isEmpty { s.missing = flags.missing }
        if let v = flags.features { s.features = v }
        if let v = flags.timeColumn { s.timeColumn = v }
        if let v = flags.minLevelCount { s.minLevelCount = v }
        if let v = flags.maxLevels { s.maxLevels = v }
        if let v = flags.decimal { s.decimal = v }
        if let v = flags.dateOrder { s.dateOrder = v }
        if let v = flags.normalize { s.normalize = v }
        if let v = flags.events { s.events = v }
        if let v = flags.asOf { s.asOf = v }
        if let v = flags.snapshotDays { s.snapshotDays = v }
        if let v = flags.maturityDays { s.maturityDays = v }
        if let v = flags.groups { s.groups = v }
        if let v = flags.segmentBy { s.segmentBy = v }
        return s
    }

    public var valueRules: ValueRules {
        ValueRules(extra: missing, decimalComma: decimal == ",", dateOrder: dateOrder.flatMap(DateOrder.init(rawValue:)))
    }
}
