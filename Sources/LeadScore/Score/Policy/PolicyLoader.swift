import Yams

extension Policy {
    /// The model's index of group `name` (−1 when the model's groups are not given).
    static func group(_ name: String, in groups: [String]?, node: Node, file: YAMLFile) throws -> Int {
        guard let groups else { return -1 }
        guard let k = groups.firstIndex(of: name) else {
            throw file.fail(node, "group '\(name)' is not a group of the model; "
                + (groups.isEmpty ? "it has none (train it with `groups:` in the spec)" : "its groups are " + groups.map { "'\($0)'" }.joined(separator: ", ")))
        }
        return k
    }

    /// `grades: {group: fit, bands: {A: 75, B: 50, C: 25}}`: thresholds from 0 to 100, each letter once.
    static func grades(_ node: Node, file: YAMLFile) throws -> Grades {
        var group: String?, bands: [(letter: String, min: Int)] = []
        for (key, value) in try file.pairs(node, what: "grades") {
            switch key {
            case "group": group = try file.string(value, what: "grades: group")
            case "bands":
                for (letter, v) in try file.pairs(value, what: "grades: bands") {
                    let m = try file.integer(v, what: "band \(letter)")
                    guard (0...100).contains(m) else { throw file.fail(v, "band \(letter): a threshold is a score from 0 to 100, not \(m)") }
                    if letter == Grades.below || bands.contains(where: { $0.letter == letter }) {
                        throw file.fail(v, "band \(letter): each letter once, and \(Grades.below) is for the leads below every band")
                    }
                    bands.append((letter, m))
                }
            default: throw file.fail(value, "grades: unknown key '\(key)'; grades has group and bands")
            }
        }
        guard let group, !bands.isEmpty else {
            throw file.fail(node, "grades needs a group (of the model's spec) and bands, such as {group: fit, bands: {A: 75, B: 50, C: 25}}")
        }
        return Grades(group: group, bands: bands.sorted { $0.min > $1.min })
    }

    /// Loads a policy and checks it against the leads file's header; every mistake names the file and line.
    /// Without a header (a policy exported to SQL, whose table is not at hand) any field name is taken, and
    /// indices count the names in order of first use.
    /// - Parameter groups: the model's groups (spec `groups:`), which `min_group_scores:` and `grades:` name;
    ///   nil when the policy is not applied to a model's scores here (then such conditions stay unbound).
    public static func load(path: String, header: [String]?, groups: [String]? = nil) throws -> Policy {
        let file = try YAMLFile(path: path)
        var index: [String: Int] = [:]
        for (i, name) in (header ?? []).enumerated() { index[name] = i }
        var gatesNode: Node?, disqualifyNode: Node?, tiersNode: Node?
        var export: [String: String] = [:]
        var grades: Grades?, gradesNode: Node?
        for (key, value) in try file.pairs(file.root, what: "the policy") {
            switch key {
            case "gates": gatesNode = value
            case "disqualify": disqualifyNode = value
            case "tiers": tiersNode = value
            case "export":
                for (k, v) in try file.pairs(value, what: "export") {
                    guard ["score", "tier", "reasons", "scored_at"].contains(k) else {
                        throw file.fail(v, "export: unknown key '\(k)'; it names the CRM fields score, tier, reasons and scored_at")
                    }
                    export[k] = try file.string(v, what: "export: \(k)")
                }
            case "grades": grades = try Self.grades(value, file: file); gradesNode = value
            default: throw file.fail(value, "unknown key '\(key)'; a policy has gates, disqualify, tiers, grades and export")
            }
        }
        let parser = ConditionParser(file: file, index: index, header: header ?? [], open: header == nil)
        var gates: [Gate] = []
        if let gatesNode {
            for (name, node) in try file.pairs(gatesNode, what: "gates") {
                let c = try parser.parse(node)
                gates.append(Gate(name: name, condition: c))
            }
            // Checked here, once, for every command that loads a policy: gate states travel as 32-bit masks.
            if gates.count > Policy.maxGates {
                throw file.fail(gatesNode, "a policy may have at most \(Policy.maxGates) gates (this one has \(gates.count));"
                    + " combine some with any: or all:")
            }
        }
        let disqualify = try disqualifyNode.map(parser.parse)
        guard let tiersNode, case .sequence(let seq) = tiersNode, !seq.isEmpty else {
            throw file.fail(tiersNode ?? file.root, "the policy needs `tiers:`, a list ending with a tier without conditions")
        }
        var tiers: [Tier] = []
        for node in seq {
            var tier: Tier?
            var settings: [(String, Node)] = []
            for (key, value) in try file.pairs(node, what: "a tier") {
                if key == "name" { tier = Tier(name: try file.string(value, what: "name")) } else { settings.append((key, value)) }
            }
            guard var t = tier else { throw file.fail(node, "every tier needs a name") }
            if t.name == Policy.disqualified || tiers.contains(where: { $0.name == t.name }) {
                throw file.fail(node, "tier name '\(t.name)' is \(t.name == Policy.disqualified ? "reserved" : "used twice")")
            }
            for (key, value) in settings {
                switch key {
                case "min_score":
                    let s = try file.integer(value, what: "min_score")
                    guard (0...100).contains(s) else { throw file.fail(value, "min_score must be from 0 to 100") }
                    t.minScore = s
                case "min_gates": t.minGates = try file.integer(value, what: "min_gates")
                case "max_leads":
                    let m = try file.integer(value, what: "max_leads")
                    guard m >= 0 else { throw file.fail(value, "max_leads must be 0 or more") }
                    t.maxLeads = m
                case "require":
                    t.require = try file.strings(value, what: "require").map { name in
                        guard let g = gates.firstIndex(where: { $0.name == name }) else {
                            throw file.fail(value, "tier '\(t.name)' requires gate '\(name)', which is not defined;"
                                + " the gates are \(gates.map { "'\($0.name)'" }.joined(separator: ", "))")
                        }
                        return g
                    }
                case "min_group_scores":
                    for (g, v) in try file.pairs(value, what: "min_group_scores") {
                        let m = try file.integer(v, what: "min_group_scores: \(g)")
                        guard (0...100).contains(m) else { throw file.fail(v, "min_group_scores: \(g) must be from 0 to 100") }
                        t.minGroupScores.append((g, try Self.group(g, in: groups, node: v, file: file), m))
                    }
                case "grades":
                    guard let grades else {
                        throw file.fail(value, "tier '\(t.name)' takes grades, and the policy has no `grades:` saying what they are")
                    }
                    let letters = try file.strings(value, what: "grades")
                    let known = grades.bands.map(\.letter) + [Grades.below]
                    if let bad = letters.first(where: { !known.contains($0) }) {
                        throw file.fail(value, "tier '\(t.name)': grade '\(bad)' is not one of " + known.joined(separator: ", "))
                    }
                    t.grades = letters
                default:
                    throw file.fail(value, "tier '\(t.name)': unknown key '\(key)'; use min_score, min_gates, require, max_leads,"
                        + " min_group_scores, grades")
                }
            }
            tiers.append(t)
        }
        if tiers.last!.hasConditions {
            throw file.fail(seq.last!, "the last tier ('\(tiers.last!.name)') must have no conditions, so that every lead lands somewhere")
        }
        var policy = Policy(gates: gates, disqualify: disqualify, tiers: tiers)
        policy.export = export
        policy.grades = grades
        if let g = grades, let node = gradesNode { policy.gradeGroup = try Self.group(g.group, in: groups, node: node, file: file) }
        return policy
    }
}

/// Parses condition nodes, resolving field names against the header (or, when `open`, naming new fields).
final class ConditionParser {
    let file: YAMLFile
    private(set) var index: [String: Int]
    private(set) var header: [String]
    let open: Bool

    init(file: YAMLFile, index: [String: Int], header: [String], open: Bool) {
        self.file = file
        self.index = index
        self.header = header
        self.open = open
    }

    static let operators = ["is", "eq", "ne", "in", "not_in", "gt", "gte", "lt", "lte", "missing"]

    func parse(_ node: Node) throws -> Condition {
        let pairs = try file.pairs(node, what: "a condition")
        if pairs.count == 1, ["any", "all", "not"].contains(pairs[0].key) {
            let (key, value) = pairs[0]
            if key == "not" { return .not(try parse(value)) }
            guard case .sequence(let seq) = value, !seq.isEmpty else { throw file.fail(value, "`\(key)` needs a list of conditions") }
            let cs = try seq.map(parse)
            return key == "any" ? .any(cs) : .all(cs)
        }
        guard let fieldNode = pairs.first(where: { $0.key == "field" })?.value else {
            throw file.fail(node, "a condition is {field: F, OP: V} or any/all/not; this one has no field")
        }
        let field = try file.string(fieldNode, what: "field")
        if open, index[field] == nil { index[field] = header.count; header.append(field) }
        guard let i = index[field] else {
            throw file.fail(fieldNode, "field '\(field)' is not a column of the leads file; the columns are "
                + header.map { "'\($0)'" }.joined(separator: ", "))
        }
        let ops = pairs.filter { $0.key != "field" }
        guard ops.count == 1, let (op, value) = ops.first else {
            throw file.fail(node, "field '\(field)' needs exactly one operator: \(Self.operators.joined(separator: ", "))")
        }
        let operation: Condition.Operator
        switch op {
        case "is": operation = .isBool(try file.bool(value, what: "is"))
        case "missing": operation = .missing(try file.bool(value, what: "missing"))
        case "eq": operation = .eq(Condition.Value(try file.string(value, what: "eq")))
        case "ne": operation = .ne(Condition.Value(try file.string(value, what: "ne")))
        case "in": operation = .inSet(try file.strings(value, what: "in").map(Condition.Value.init))
        case "not_in": operation = .notIn(try file.strings(value, what: "not_in").map(Condition.Value.init))
        case "gt": operation = .gt(try file.number(value, what: "gt"))
        case "gte": operation = .gte(try file.number(value, what: "gte"))
        case "lt": operation = .lt(try file.number(value, what: "lt"))
        case "lte": operation = .lte(try file.number(value, what: "lte"))
        default:
            throw file.fail(value, "unknown operator '\(op)'; use \(Self.operators.joined(separator: ", ")), or any/all/not")
        }
        return .leaf(.init(field: field, index: i, op: operation))
    }
}
