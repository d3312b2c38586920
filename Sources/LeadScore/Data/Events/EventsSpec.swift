import Yams

/// Where a lead's activity log is and how it becomes features (spec key `events:`).
///
/// ```yaml
/// events:
///   file: activities.csv        # or --events FILE; one row per activity
///   id: lead_id                 # joins to the leads file's id column
///   type: activity_type         # e.g. email_click, page_view:pricing, meeting
///   time: occurred_at           # ISO date or date-time (Z or ±HH:MM; none means UTC)
///   half_life_days: 30          # or {default: 30, meeting: 90}
///   types: [email_click, meeting]   # optional: which types become features (default: every type seen)
/// ```
///
/// Each type t gives the features `events:t` (Σ 2^(−age/half-life) over the lead's events of type t before its
/// as-of time, age in days) and `events:t:days_since_last` (days from the last such event to the as-of time,
/// capped at `EventsSpec.horizonDays`, which is also the value when there is none); and `events:any:count_30d`
/// counts the lead's events of any feature type in the 30 days before its as-of time.
public struct EventsSpec: Codable, Equatable, Sendable {
    /// The training run's log (a later run names its own with `--events`).
    public var file: String?
    public var id: String
    public var type: String
    public var time: String
    public var halfLifeDays: Double = 30
    /// Per-type half-lives that replace `halfLifeDays`.
    public var halfLives: [String: Double] = [:]
    /// The types that become features; nil until training fixes them (every valid type seen, sorted).
    public var types: [String]?

    /// `days_since_last` is capped here, and is this for a lead without such an event.
    public static let horizonDays = 365.0
    /// The window of `events:any:count_30d`, in days.
    public static let recentDays = 30.0

    public init(file: String? = nil, id: String, type: String, time: String) {
        self.file = file
        self.id = id
        self.type = type
        self.time = time
    }

    enum CodingKeys: String, CodingKey {
        case file, id, type, time, types
        case halfLifeDays = "half_life_days", halfLives = "half_lives"
    }

    public func halfLife(_ type: String) -> Double { halfLives[type] ?? halfLifeDays }

    /// The feature names for the types, in model order: per type the decayed sum and the days since the
    /// last event, then the 30-day count.
    public static func featureNames(types: [String]) -> [String] {
        types.flatMap { ["events:\($0)", "events:\($0):days_since_last"] } + ["events:any:count_30d"]
    }

    static func parse(_ node: Node, file: YAMLFile) throws -> EventsSpec {
        var path: String?, id: String?, type: String?, time: String?
        var halfLife = 30.0, halfLives: [String: Double] = [:], types: [String]?
        func positive(_ v: Node, _ what: String) throws -> Double {
            let d = try file.number(v, what: what)
            guard d > 0 else { throw file.fail(v, "\(what) must be a number of days above 0, such as 30") }
            return d
        }
        for (key, value) in try file.pairs(node, what: "events") {
            switch key {
            case "file": path = try file.string(value, what: "events: file")
            case "id": id = try file.string(value, what: "events: id")
            case "type": type = try file.string(value, what: "events: type")
            case "time": time = try file.string(value, what: "events: time")
            case "types":
                types = try file.strings(value, what: "events: types")
                if types!.isEmpty { throw file.fail(value, "events: types lists no type; leave it out to use every type") }
            case "half_life_days":
                if case .mapping = value {
                    for (t, v) in try file.pairs(value, what: "half_life_days") {
                        if t == "default" { halfLife = try positive(v, "half_life_days: default") }
                        else { halfLives[t] = try positive(v, "half_life_days: \(t)") }
                    }
                } else {
                    halfLife = try positive(value, "half_life_days")
                }
            default:
                throw file.fail(value, "events: unknown key '\(key)'; events knows file, id, type, time, half_life_days and types")
            }
        }
        guard let id, let type, let time else {
            throw file.fail(node, "events needs id, type and time: the columns of the activity log holding the lead's id,"
                + " the activity's type and when it happened")
        }
        var spec = EventsSpec(file: path, id: id, type: type, time: time)
        spec.halfLifeDays = halfLife
        spec.halfLives = halfLives
        spec.types = types
        return spec
    }
}
