import Foundation
import Yams

/// A problem in a YAML file (spec or policy), with its line: `policy.yaml:12: …`.
public struct YAMLFileError: Error, CustomStringConvertible {
    public let file: String
    public let line: Int?
    public let message: String
    public var description: String {
        line.map { "\(file):\($0): \(message)" } ?? "\(file): \(message)"
    }
}

/// Reads a YAML file into a `Node` and turns shape mistakes into errors that name the file and line.
struct YAMLFile {
    let path: String
    let root: Node

    init(path: String) throws {
        self.path = path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw YAMLFileError(file: path, line: nil, message: "cannot read the file; check the path")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw YAMLFileError(file: path, line: nil, message: "is not UTF-8 text; save it as UTF-8")
        }
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw YAMLFileError(file: path, line: nil, message: "is empty")
            }
            root = node
        } catch let error as YamlError {
            throw YAMLFileError(file: path, line: nil, message: "is not valid YAML: \(error)")
        }
    }

    func fail(_ node: Node?, _ message: String) -> YAMLFileError {
        YAMLFileError(file: path, line: node?.mark?.line, message: message)
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
