import Foundation
import XCTest
@testable import LeadScore

/// Two tables of the same values for comparing a path over every row with one over picked rows: `plain` holds
/// `rows` generated rows; in `doubled` each is followed by `junk`, so its even rows are `plain`'s rows.
enum PickedTables {
    static func make(header: [String], rows: Int, text: Set<String>, junk: String,
                     row: () -> [String]) throws -> (plain: Table, doubled: Table) {
        var plain = header.joined(separator: ",") + "\n", doubled = plain
        for _ in 0..<rows {
            let line = row().joined(separator: ",") + "\n"
            plain += line
            doubled += line + junk + "\n"
        }
        let requests = Dictionary(uniqueKeysWithValues: header.map { ($0, text.contains($0) ? ColumnRequest.text : .numeric) })
        return (try TableReader.read(path: TestFiles.write(plain, name: "plain.csv"), columns: requests, missing: ValueRules()),
                try TableReader.read(path: TestFiles.write(doubled, name: "doubled.csv"), columns: requests, missing: ValueRules()))
    }
}

/// Files and paths the tests share.
enum TestFiles {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static func fixture(_ name: String) -> String { root.appendingPathComponent("Tests/LeadScoreTests/Fixtures/\(name)").path }
    static let bank = root.appendingPathComponent("datasets/bank-marketing/bank-additional-full.csv").path

    /// The folder every test's folder is made in, one for the test process, removed when the process exits: the
    /// suite wrote 1–2 GB a run to the temporary folder and never removed it (a machine that runs CI filled its
    /// disk). Some tests run the executable as the user nobody, who must reach the folder. Names are
    /// short: a PostgreSQL test puts its server's socket in its folder, and a socket's path has at most 107 bytes.
    static let runFolder: String = {
        sweepFoldersOfEndedRuns()
        let dir = madeFolder(NSTemporaryDirectory() + "leadscore-tests-\(getpid())-")
        atexit { try? FileManager.default.removeItem(atPath: TestFiles.runFolder) }
        return dir
    }()

    /// Removes the folders of test processes that ended without removing theirs (a crash skips `atexit`): each
    /// name carries its process's id, and a folder whose process is gone is removed.
    private static func sweepFoldersOfEndedRuns() {
        let temp = NSTemporaryDirectory()
        for name in (try? FileManager.default.contentsOfDirectory(atPath: temp)) ?? [] where name.hasPrefix("leadscore-tests-") {
            let parts = name.split(separator: "-")
            guard parts.count == 4, let pid = Int32(parts[2]), kill(pid, 0) != 0, errno == ESRCH else { continue }
            try? FileManager.default.removeItem(atPath: temp + name)
        }
    }

    /// A fresh temporary folder for one test, inside `runFolder`.
    static func folder() -> String { madeFolder(runFolder + "/") }

    /// A new folder (`mkdtemp`): `prefix` and six characters that make it one no other has; 0755 as a folder
    /// made by `mkdir` is (a test's PostgreSQL server runs as the user postgres).
    private static func madeFolder(_ prefix: String) -> String {
        var template = Array((prefix + "XXXXXX").utf8CString)
        guard mkdtemp(&template) != nil else { fatalError("cannot make a temporary folder at \(prefix): errno \(errno)") }
        let dir = String(cString: template)
        chmod(dir, 0o755)
        return dir
    }

    /// Writes `text` to a new temporary file and returns its path.
    static func write(_ text: String, name: String = "data.csv") -> String {
        let path = folder() + "/" + name
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }

    static func writeBytes(_ bytes: [UInt8], name: String = "data.csv") -> String {
        let path = folder() + "/" + name
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    /// The debug executable, which `swift test` builds first (the test target depends on it): its absence
    /// fails the test, never skips it.
    static func executable() throws -> String {
        let binary = root.appendingPathComponent(".build/debug/leadscore").path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw TestSetupError("no debug build at \(binary); run the suite with `swift test` or `make test`")
        }
        return binary
    }
}

struct TestSetupError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Reads every record of a CSV as strings.
func readAll(_ path: String, delimiter: UInt8? = nil, chunk: Int = 1 << 20) throws -> (header: [String], rows: [[String]], lines: [Int]) {
    let reader = try CSVReader(path: path, delimiter: delimiter, chunkSize: chunk)
    var rows: [[String]] = [], lines: [Int] = []
    try reader.forEachRecord { r in rows.append(r.allStrings()); lines.append(r.line) }
    return (reader.header, rows, lines)
}

/// |a − b| ≤ max(abs, rel·max(|a|, |b|)), as swift-numerics' `isApproximatelyEqual`: `rel` for values far
/// from zero, `abs` for values that may be zero or nearly so (a zero in a design matrix, a log-odds near 0).
/// Each call says why its tolerances are what they are.
func XCTAssertClose(_ a: Double, _ b: Double, rel: Double, abs absolute: Double = 0, _ message: String = "",
                    file: StaticString = #filePath, line: UInt = #line) {
    let scale = max(abs(a), abs(b))
    XCTAssert(abs(a - b) <= max(absolute, rel * scale), "\(a) vs \(b) (rel \(rel), abs \(absolute)) \(message)", file: file, line: line)
}
