import XCTest

/// The catalogue of hostile and broken command lines, run through the real executable: each case states the
/// exit code, a fragment of the message (which names the flags or file and what to do), and that the files
/// the run was given are byte-for-byte unchanged afterwards with no partial or temporary file left beside
/// them. The table is `HostileInputTests.cases`; the README's "What a bad run does" summarises it.
final class HostileInputTests: XCTestCase {
    /// One case: the arguments (with `$D` standing for the case's own folder), the exit code, a message fragment.
    struct Case {
        let name: String
        let args: [String]
        let exit: Int32
        let message: String
        /// Shell commands run in the case's folder before it (links, read-only files, big policies).
        var setup: String = ""
        /// Run as an unprivileged user (for permissions, which root bypasses).
        var unprivileged = false
        /// Files a successful run creates (nothing else may appear).
        var creates: [String] = []
        /// For a run that scores: the data rows in, which must equal rows scored + rows rejected.
        var rows: Int?
    }

    func testCatalogue() throws {
        let base = try Self.prepared()
        let dump = ProcessInfo.processInfo.environment["LEADSCORE_CATALOGUE_DUMP"]
        var dumped = ""
        XCTAssertGreaterThanOrEqual(Self.cases.count, 80)
        for c in Self.cases {
            let dir = TestFiles.folder()
            // Readable and writable for the unprivileged runs.
            chmod(dir, 0o777)
            for name in try FileManager.default.contentsOfDirectory(atPath: base) {
                try FileManager.default.copyItem(atPath: base + "/" + name, toPath: dir + "/" + name)
            }
            if !c.setup.isEmpty {
                let s = try CommandLineTests.shell(c.setup, in: dir)
                XCTAssertEqual(s.status, 0, "\(c.name): setup failed: \(s.err)")
            }
            let limit = FileManager.default.contents(atPath: dir + "/limit").flatMap {
                Int(String(decoding: $0, as: UTF8.self).split(separator: " ").last?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "")
            }
            let before = try snapshot(dir)
            let args = c.args.map { $0.replacingOccurrences(of: "$D", with: dir) }
            let started = Date()
            let run = try CommandLineTests.run(args, unprivileged: c.unprivileged && getuid() == 0, fileSizeLimit: limit)
            dumped += "## \(c.name)\nexit \(run.status)\n\(run.err)\n"
            XCTAssertLessThan(Date().timeIntervalSince(started), 20, "\(c.name): took too long")
            XCTAssertEqual(run.status, c.exit, "\(c.name): \(run.err)")
            let message = c.message.replacingOccurrences(of: "$D", with: dir)
            XCTAssertTrue(run.err.contains(message), "\(c.name): expected «\(message)» in «\(run.err)»")
            XCTAssertFalse(run.err.contains("Fatal error") || run.err.contains("Stack dump") || run.err.contains("Current stack trace"),
                           "\(c.name): crashed: \(run.err)")
            var after = try snapshot(dir)
            for name in c.creates {
                XCTAssertNotNil(after[name], "\(c.name): \(name) was not written")
                if before[name] == nil { after[name] = nil }
            }
            XCTAssertEqual(after.keys.sorted(), before.keys.sorted(), "\(c.name): files appeared or vanished")
            // A registry's lock file holds the pid of the last run that took it, whatever that run did.
            for (name, bytes) in before where !c.creates.contains(name) && !name.hasSuffix("/lock") {
                XCTAssertEqual(after[name], bytes, "\(c.name): \(name) changed")
            }
            if let rows = c.rows {
                let counts = run.err.split(separator: "\n").first { $0.hasPrefix("scored ") }.map {
                    $0.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
                }
                XCTAssertEqual(counts.map { $0[0] + $0[1] }, rows, "\(c.name): rows in ≠ rows scored + rows rejected: \(run.err)")
                if let out = after["out.csv"] ?? (try? Data(contentsOf: URL(fileURLWithPath: dir + "/out.csv"))), let counts {
                    XCTAssertEqual(String(decoding: out, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).count - 2,
                                   counts[0], "\(c.name): the output's lines")
                }
            }
        }
        if let dump { try dumped.write(toFile: dump, atomically: true, encoding: .utf8) }
    }

    /// A folder with a trained model, leads, history, spec and policy, made once.
    static func prepared() throws -> String {
        if let dir = preparedFolder { return dir }
        let dir = TestFiles.folder()
        for (from, to) in [("datasets/leads_history.csv", "history.csv"), ("datasets/new_leads.csv", "leads.csv"),
                           ("datasets/spec.yaml", "spec.yaml"), ("models/policy.yaml", "policy.yaml")] {
            try FileManager.default.copyItem(atPath: TestFiles.root.appendingPathComponent(from).path, toPath: dir + "/" + to)
        }
        let t = try CommandLineTests.run(["train", "--data", dir + "/history.csv", "--features", dir + "/spec.yaml",
                                          "--out", dir + "/model.json", "--quiet"])
        XCTAssertEqual(t.status, 0, t.err)
        // The engagement sample, with a model that has activity features.
        for (from, to) in [("leads_history.csv", "ehistory.csv"), ("new_leads.csv", "eleads.csv"), ("spec.yaml", "espec.yaml"),
                           ("activities.csv", "activities.csv"), ("new_activities.csv", "new_activities.csv")] {
            try FileManager.default.copyItem(atPath: TestFiles.root.appendingPathComponent("datasets/engagement/" + from).path,
                                             toPath: dir + "/" + to)
        }
        let e = try CommandLineTests.run(["train", "--data", dir + "/ehistory.csv", "--features", dir + "/espec.yaml", "--events",
                                          dir + "/activities.csv", "--events-rejects", dir + "/x.csv", "--out", dir + "/emodel.json", "--quiet"])
        XCTAssertEqual(e.status, 0, e.err)
        try FileManager.default.removeItem(atPath: dir + "/x.csv")
        // edit.py FILE LINE COLUMN VALUE: sets one field of an unquoted CSV to VALUE (Python escapes allowed,
        // such as \x00), byte for byte, for the cases' set-ups.
        try """
            import codecs, sys
            path, line, column, value = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
            rows = open(path, 'rb').read().split(b'\\n')
            k = rows[0].split(b',').index(column.encode())
            fields = rows[line - 1].split(b',')
            fields[k] = codecs.escape_decode(value.encode())[0]
            rows[line - 1] = b','.join(fields)
            open(path, 'wb').write(b'\\n'.join(rows))
            """.write(toFile: dir + "/edit.py", atomically: true, encoding: .utf8)
        preparedFolder = dir
        return dir
    }
    // XCTest runs a class's tests one after another on one thread, so the folder is made once, unraced.
    nonisolated(unsafe) static var preparedFolder: String?

    /// Every file below `dir` (as the unprivileged user may have left them) with its bytes.
    func snapshot(_ dir: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let walker = FileManager.default.enumerator(atPath: dir)
        while let name = walker?.nextObject() as? String {
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: dir + "/" + name, isDirectory: &isFolder)
            files[name] = isFolder.boolValue ? Data() : (FileManager.default.contents(atPath: dir + "/" + name) ?? Data("<unreadable>".utf8))
        }
        return files
    }
}
