import Foundation
import Yams

/// Reads a YAML file into a `Node` and turns shape mistakes into errors that name the file and line.
///
/// A spec or policy is a page of settings, so the file is refused before it can cost much: above
/// `maxBytes`, nested deeper than `maxDepth`, or with more than `maxNodes` values once its aliases are
/// expanded (an alias bomb: a few lines whose `*alias` references multiply into billions of values).
/// libyaml itself stops at 1,000 levels of nesting while parsing.
struct YAMLFile {
    static let maxBytes = 1 << 20
    static let maxDepth = 64
    static let maxNodes = 100_000

    let path: String
    let root: Node

    init(path: String) throws {
        self.path = path
        guard let bytes = try WholeFile.read(path, atMost: Self.maxBytes, what: "spec or policy") else {
            throw FileError(file: path, line: nil, message: "cannot read the file; check the path")
        }
        let data = Data(bytes)
        guard let text = String(data: data, encoding: .utf8) else {
            throw FileError(file: path, line: nil, message: "is not UTF-8 text; save it as UTF-8")
        }
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw FileError(file: path, line: nil, message: "is empty")
            }
            root = node
        } catch let error as YamlError {
            throw FileError(file: path, line: nil, message: "is not valid YAML: \(error)")
        }
        var budget = Self.maxNodes
        try checkSize(root, depth: 1, budget: &budget)
    }

    /// Walks the tree as a reader of it would (aliases expanded), stopping as soon as a limit is passed, so
    /// the walk itself costs at most `maxNodes` steps.
    private func checkSize(_ node: Node, depth: Int, budget: inout Int) throws {
        budget -= 1
        if budget < 0 {
            throw fail(node, "holds more than \(Self.maxNodes) values once its aliases are expanded;"
                + " write the settings out without nested aliases")
        }
        if depth > Self.maxDepth {
            throw fail(node, "is nested more than \(Self.maxDepth) levels deep; flatten the conditions")
        }
        switch node {
        case .scalar, .alias: return
        case .sequence(let seq): for child in seq { try checkSize(child, depth: depth + 1, budget: &budget) }
        case .mapping(let map):
            for pair in map {
                try checkSize(pair.key, depth: depth + 1, budget: &budget)
                try checkSize(pair.value, depth: depth + 1, budget: &budget)
            }
        }
    }

    func fail(_ node: Node?, _ message: String) -> FileError {
        FileError(file: path, line: node?.mark?.line, message: message)
    }

    /// The key/value pairs of a mapping, in file order.
    func pairs(_ node: Node, what: String) throws -> [(key: String, value: Node)] {
        guard case .mapping(let m) = node else { throw fail(node, "\(what) must be a mapping (key: value)") }
        return try m.map { pair in
            guard let k = pair.key.string else { throw fail(pair.key, "\(what) has a key that is not text") }
            return (k, pair.value)
        }
    }

    func string(_ node: Node, what: String) throws -> String {
        guard case .scalar(let s) = node else { throw fail(node, "\(what) must be a single value") }
        return s.string
    }

    func strings(_ node: Node, what: String) throws -> [String] {
        if case .scalar = node { return [try string(node, what: what)] }
        guard case .sequence(let seq) = node else { throw fail(node, "\(what) must be a list like [a, b]") }
        return try seq.map { try string($0, what: what) }
    }

    func number(_ node: Node, what: String) throws -> Double {
        guard case .scalar(let s) = node, let v = Double(s.string), v.isFinite else {
            throw fail(node, "\(what) must be a number")
        }
        return v
    }

    func integer(_ node: Node, what: String) throws -> Int {
        guard case .scalar(let s) = node, let v = Int(s.string) else { throw fail(node, "\(what) must be a whole number") }
        return v
    }

    func bool(_ node: Node, what: String) throws -> Bool {
        guard case .scalar(let s) = node, let v = BooleanTokens.value(of: s.string) else {
            throw fail(node, "\(what) must be true or false")
        }
        return v
    }
}
