import XCTest

/// The library's folders are layers (`Sources/LeadScore/README.md` lists them in order): a file may name
/// types declared in its own layer or in earlier ones, never in a later one. This test reads every source
/// file, maps each declared type (struct, enum, class, protocol, typealias) to its layer, strips comments
/// and string literals, and reports every capitalised name that belongs to a later layer.
final class LayeringTests: XCTestCase {
    let library = TestFiles.root.appendingPathComponent("Sources/LeadScore")

    func layers() throws -> [String] {
        let readme = try String(contentsOf: library.appendingPathComponent("README.md"), encoding: .utf8)
        let block = try XCTUnwrap(readme.components(separatedBy: "```layers\n").dropFirst().first?.components(separatedBy: "```").first)
        return block.split(separator: "\n").map(String.init)
    }

    func testNoFileNamesATypeOfALaterLayer() throws {
        let order = try layers()
        func layer(of file: String) -> Int? {
            order.indices.filter { file.hasPrefix(order[$0] + "/") }.max { order[$0].count < order[$1].count }
        }
        var files: [(path: String, layer: Int, code: String)] = []
        let walker = try XCTUnwrap(FileManager.default.enumerator(atPath: library.path))
        while let name = walker.nextObject() as? String {
            guard name.hasSuffix(".swift") else { continue }
            let l = try XCTUnwrap(layer(of: name), "\(name) is in no layer of Sources/LeadScore/README.md")
            let text = try String(contentsOf: library.appendingPathComponent(name), encoding: .utf8)
            files.append((name, l, Self.code(text)))
        }
        var declared: [String: Int] = [:]
        // Top-level declarations only: a nested type is named through its parent.
        let declaration = try NSRegularExpression(
            pattern: #"^(?:(?:public|internal|private|fileprivate|final|indirect)\s+)*(?:struct|enum|class|protocol|typealias|actor)\s+([A-Z][A-Za-z0-9_]*)"#,
            options: .anchorsMatchLines)
        for f in files {
            for m in declaration.matches(in: f.code, range: NSRange(f.code.startIndex..., in: f.code)) {
                let name = String(f.code[Range(m.range(at: 1), in: f.code)!])
                declared[name] = min(declared[name] ?? .max, f.layer)
            }
        }
        XCTAssertGreaterThan(declared.count, 50, "the declarations were not found")
        let word = try NSRegularExpression(pattern: #"\b[A-Z][A-Za-z0-9_]*\b"#)
        var violations: [String] = []
        for f in files {
            var seen = Set<String>()
            for m in word.matches(in: f.code, range: NSRange(f.code.startIndex..., in: f.code)) {
                let name = String(f.code[Range(m.range, in: f.code)!])
                if let l = declared[name], l > f.layer, seen.insert(name).inserted {
                    violations.append("\(f.path) (\(order[f.layer])) names \(name) (\(order[l]))")
                }
            }
        }
        XCTAssertEqual(violations, [], "\n" + violations.joined(separator: "\n"))
    }

    /// The source without comments and string literals (their text may name anything).
    static func code(_ text: String) -> String {
        var out = "", chars = Array(text), i = 0
        while i < chars.count {
            if chars[i] == "/", i + 1 < chars.count, chars[i + 1] == "/" {
                while i < chars.count, chars[i] != "\n" { i += 1 }
            } else if chars[i] == "/", i + 1 < chars.count, chars[i + 1] == "*" {
                i += 2
                while i + 1 < chars.count, !(chars[i] == "*" && chars[i + 1] == "/") { i += 1 }
                i += 2
            } else if chars[i] == "\"" {
                // A string literal, with its interpolations kept (they are code): "…\(expr)…".
                let triple = i + 2 < chars.count && chars[i + 1] == "\"" && chars[i + 2] == "\""
                i += triple ? 3 : 1
                while i < chars.count {
                    if chars[i] == "\\", i + 1 < chars.count, chars[i + 1] == "(" {
                        var depth = 1
                        i += 2
                        out.append(" ")
                        while i < chars.count, depth > 0 {
                            if chars[i] == "(" { depth += 1 } else if chars[i] == ")" { depth -= 1 }
                            if depth > 0 { out.append(chars[i]) }
                            i += 1
                        }
                        out.append(" ")
                        continue
                    }
                    if chars[i] == "\\" { i += 2; continue }
                    if triple, i + 2 < chars.count, chars[i] == "\"", chars[i + 1] == "\"", chars[i + 2] == "\"" { i += 3; break }
                    if !triple, chars[i] == "\"" { i += 1; break }
                    i += 1
                }
                out.append(" ")
            } else {
                out.append(chars[i])
                i += 1
            }
        }
        return out
    }
}
