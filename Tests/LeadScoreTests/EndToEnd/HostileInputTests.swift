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
    }

    static let score = ["score", "--model", "$D/model.json", "--leads", "$D/leads.csv", "--policy", "$D/policy.yaml"]
    static let train = ["train", "--data", "$D/history.csv", "--features", "$D/spec.yaml"]

    static let cases: [Case] = [
        // An output onto an input, by any path.
        Case(name: "score --out onto --leads", args: score + ["--out", "$D/leads.csv"], exit: 64,
             message: "--out $D/leads.csv is the same file as --leads $D/leads.csv"),
        Case(name: "score --out onto --leads by another path", args: score + ["--out", "$D/sub/../leads.csv"], exit: 64,
             message: "is the same file as --leads", setup: "mkdir sub"),
        Case(name: "score --out a symbolic link to --leads", args: score + ["--out", "$D/link.csv"], exit: 64,
             message: "--out $D/link.csv is the same file as --leads", setup: "ln -s leads.csv link.csv"),
        Case(name: "score --out a hard link to --leads", args: score + ["--out", "$D/hard.csv"], exit: 64,
             message: "--out $D/hard.csv is the same file as --leads", setup: "ln leads.csv hard.csv"),
        Case(name: "score --out onto --model", args: score + ["--out", "$D/model.json"], exit: 64,
             message: "is the same file as --model"),
        Case(name: "score --out onto --policy", args: score + ["--out", "$D/policy.yaml"], exit: 64,
             message: "is the same file as --policy"),
        Case(name: "score --rejects onto --leads", args: score + ["--out", "$D/out.csv", "--rejects", "$D/leads.csv"], exit: 64,
             message: "--rejects $D/leads.csv is the same file as --leads"),
        Case(name: "score default rejects file onto --leads", args: score + ["--out", "$D/x.csv"], exit: 64,
             message: "--rejects (default) $D/x.csv.rejects.csv is the same file as --leads",
             setup: "cp leads.csv x.csv.rejects.csv; rm leads.csv; ln -s x.csv.rejects.csv leads.csv"),
        Case(name: "score --out and --rejects the same file", args: score + ["--out", "$D/o.csv", "--rejects", "$D/o.csv"],
             exit: 64, message: "--out $D/o.csv and --rejects $D/o.csv are the same file"),
        Case(name: "train --out onto --data", args: train + ["--out", "$D/history.csv"], exit: 64,
             message: "--out $D/history.csv is the same file as --data"),
        Case(name: "train --out onto --features", args: train + ["--out", "$D/spec.yaml"], exit: 64,
             message: "is the same file as --features"),
        Case(name: "infer --out onto --data", args: ["infer", "--data", "$D/history.csv", "--label", "converted", "--out", "$D/history.csv"],
             exit: 64, message: "is the same file as --data"),
        Case(name: "evaluate --plots writing over --data", args: ["evaluate", "--model", "$D/model.json", "--data", "$D/roc.svg",
                                                                   "--plots", "$D", "--bootstrap", "0"],
             exit: 64, message: "--plots $D/roc.svg is the same file as --data", setup: "cp history.csv roc.svg"),
        Case(name: "retrain --data inside the registry's history", args: ["retrain", "--data", "$D/reg/history.jsonl", "--registry", "$D/reg"],
             exit: 64, message: "--registry $D/reg/history.jsonl is the same file as --data",
             setup: "mkdir reg; cp history.csv reg/history.jsonl"),
        // Outputs that cannot be written.
        Case(name: "score --out a folder", args: score + ["--out", "$D/sub"], exit: 64,
             message: "--out $D/sub is a folder; name a file inside it", setup: "mkdir sub"),
        Case(name: "score --out in a missing folder", args: score + ["--out", "$D/none/out.csv"], exit: 64,
             message: "the folder $D/none does not exist; create it first (mkdir -p $D/none)"),
        Case(name: "train --out in a missing folder", args: train + ["--out", "$D/none/m.json"], exit: 64,
             message: "the folder $D/none does not exist"),
        Case(name: "synth --out a folder", args: ["synth", "--rows", "10", "--out", "$D/sub"], exit: 64,
             message: "is a folder", setup: "mkdir sub"),
        Case(name: "evaluate --plots a file", args: ["evaluate", "--model", "$D/model.json", "--data", "$D/history.csv",
                                                      "--plots", "$D/leads.csv", "--bootstrap", "0"],
             exit: 64, message: "--plots $D/leads.csv is a file; name a folder"),
        Case(name: "score --out a read-only file", args: score + ["--out", "$D/ro.csv"], exit: 64,
             message: "--out $D/ro.csv is read-only; make it writable (chmod u+w)", setup: "echo old > ro.csv; chmod a-w ro.csv",
             unprivileged: true),
        Case(name: "score --out in a read-only folder", args: score + ["--out", "$D/locked/out.csv"], exit: 64,
             message: "cannot write in the folder $D/locked", setup: "mkdir locked; chmod a-w locked", unprivileged: true),
        // Policies and specs that are not the small files they should be.
        Case(name: "policy alias bomb", args: score + ["--out", "$D/out.csv"], exit: 1,
             message: "policy.yaml:", setup: aliasBomb("policy.yaml")),
        Case(name: "spec alias bomb", args: train + ["--out", "$D/m.json"], exit: 1,
             message: "holds more than 100000 values once its aliases are expanded", setup: aliasBomb("spec.yaml")),
        Case(name: "policy of 2 MB", args: score + ["--out", "$D/out.csv"], exit: 1,
             message: "a spec or policy may have at most 1048576 (1 MiB)",
             setup: "python3 -c \"print('# ' + 'x' * 2000000)\" >> policy.yaml"),
        Case(name: "policy nested 100 levels deep", args: score + ["--out", "$D/out.csv"], exit: 1,
             message: "is nested more than 64 levels deep",
             setup: "python3 -c \"print('gates:\\n  g: ' + '{not: ' * 100 + '{field: employees, gt: 1}' + '}' * 100 + '\\ntiers:\\n  - {name: A}')\" > policy.yaml"),
        Case(name: "policy nested 5000 levels deep", args: score + ["--out", "$D/out.csv"], exit: 1,
             message: "policy.yaml", setup: "python3 -c \"print('gates: ' + '[' * 5000 + ']' * 5000)\" > policy.yaml"),
        Case(name: "policy that is a folder", args: score.dropLast(2) + ["--policy", "$D/sub", "--out", "$D/out.csv"], exit: 1,
             message: "$D/sub: is a folder", setup: "mkdir sub"),
    ]

    /// A YAML alias bomb: nine levels of nine aliases each, 9⁹ (387 million) values once expanded.
    static func aliasBomb(_ file: String) -> String {
        var lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
        for k in 1...9 { lines.append("a\(k): &a\(k) [" + Array(repeating: "*a\(k - 1)", count: 9).joined(separator: ", ") + "]") }
        return "printf '%s\\n' " + lines.map { "'\($0)'" }.joined(separator: " ") + " > \(file)"
    }

    func testCatalogue() throws {
        let base = try Self.prepared()
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
            let before = try snapshot(dir)
            let args = c.args.map { $0.replacingOccurrences(of: "$D", with: dir) }
            let started = Date()
            let run = try CommandLineTests.run(args, unprivileged: c.unprivileged && getuid() == 0)
            XCTAssertLessThan(Date().timeIntervalSince(started), 10, "\(c.name): refused, but slowly")
            XCTAssertEqual(run.status, c.exit, "\(c.name): \(run.err)")
            let message = c.message.replacingOccurrences(of: "$D", with: dir)
            XCTAssertTrue(run.err.contains(message), "\(c.name): expected «\(message)» in «\(run.err)»")
            XCTAssertFalse(run.err.contains("Fatal error") || run.err.contains("Stack dump"), "\(c.name): crashed: \(run.err)")
            XCTAssertEqual(try snapshot(dir), before, "\(c.name): the folder's files changed")
        }
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
