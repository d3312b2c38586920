import Yams

/// A named set of feature columns whose contributions make a sub-score (spec `groups:`), such as `fit`
/// (firmographics) and `engagement` (behaviour).
///
/// ```yaml
/// groups:
///   fit: [industry, employees, annual_revenue, region, job_level]
///   engagement: [site_visits, pricing_page_views, email_clicks, demo_requested, days_since_last_activity]
/// ```
public struct FeatureGroup: Codable, Equatable, Sendable {
    public var name: String
    public var columns: [String]

    public init(name: String, columns: [String]) {
        self.name = name
        self.columns = columns
    }

    static func parse(_ node: Node, file: YAMLFile) throws -> [FeatureGroup] {
        var seen: [String: String] = [:]
        let pairs = try file.pairs(node, what: "groups")
        // Sub-scores travel as one byte each in a 64-bit word.
        if pairs.count > 8 { throw file.fail(node, "at most 8 groups (this spec has \(pairs.count))") }
        return try pairs.map { name, value in
            guard name.unicodeScalars.allSatisfy({ ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") || $0 == "_" }), !name.isEmpty else {
                throw file.fail(value, "group '\(name)': a group's name is lower-case letters, digits and _ (it names the column score_\(name))")
            }
            let columns = try file.strings(value, what: "group '\(name)'")
            if columns.isEmpty { throw file.fail(value, "group '\(name)' lists no column") }
            for c in columns {
                if let other = seen[c] { throw file.fail(value, "column '\(c)' is in two groups, '\(other)' and '\(name)'; put it in one") }
                seen[c] = name
            }
            return FeatureGroup(name: name, columns: columns)
        }
    }

    /// Checks the groups against the model's features: every column a feature.
    static func check(_ groups: [FeatureGroup], features: [String]) throws {
        let known = Set(features)
        for g in groups {
            if let c = g.columns.first(where: { !known.contains($0) }) {
                throw SpecError("group '\(g.name)' names '\(c)', which is not a feature of the model; the features are "
                    + features.map { "'\($0)'" }.joined(separator: ", "))
            }
        }
    }

    /// A first split for a person to review (`infer`): behaviour (visits, views, clicks, downloads, webinars,
    /// demos, trials, days since activity, activity from a log) as `engagement`, the rest as `fit`, leaving
    /// out the BANT qualification fields (budget, authority, need, timeline), which policies gate on.
    static func proposed(features: [String]) -> [FeatureGroup] {
        func has(_ name: String, _ words: [String]) -> Bool { words.contains { name.lowercased().contains($0) } }
        let behaviour = ["visit", "view", "click", "open", "download", "webinar", "demo", "trial", "unsubscri", "activity",
                         "session", "login", "page", "event", "engag", "last_seen", "days_since"]
        let qualification = ["budget", "decision", "authority", "need", "timeline", "bant"]
        var fit: [String] = [], engagement: [String] = []
        for f in features {
            if has(f, behaviour) { engagement.append(f) } else if !has(f, qualification) { fit.append(f) }
        }
        return [FeatureGroup(name: "fit", columns: fit), FeatureGroup(name: "engagement", columns: engagement)].filter { !$0.columns.isEmpty }
    }
}
