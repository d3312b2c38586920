import XCTest
@testable import LeadScore

/// End to end: the real `leadscore` executable on real files, checking output and exit codes.
final class CommandLineTests: XCTestCase {
    struct Run { var status: Int32; var out: String; var err: String }

    func leadscore(_ args: [String]) throws -> Run { try Self.run(args) }

    /// Runs the debug executable from the repository's top folder; `unprivileged`: as the user nobody (the
    /// suite may run as root, for whom no file is read-only).
    /// `fileSizeLimit`: `ulimit -f` in KiB, a disk that fills up.
    static func run(_ args: [String], unprivileged: Bool = false, fileSizeLimit: Int? = nil) throws -> Run {
        let binary = try TestFiles.executable()
        if let limit = fileSizeLimit {
            return try process("/bin/bash", ["-c", "ulimit -f \(limit); exec \"$0\" \"$@\"", binary] + args, in: TestFiles.root.path)
        }
        guard unprivileged else { return try process(binary, args, in: TestFiles.root.path) }
        return try process("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "--", try sharedCopy(of: binary)] + args,
                           in: NSTemporaryDirectory())
    }

    /// A copy of the executable that any user may run: the clone's own folders may be closed to others.
    static func sharedCopy(of binary: String) throws -> String {
        let copy = TestFiles.runFolder + "/bin/leadscore"
        if !FileManager.default.fileExists(atPath: copy) {
            try FileManager.default.createDirectory(atPath: (copy as NSString).deletingLastPathComponent, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o755])
            try FileManager.default.copyItem(atPath: binary, toPath: copy)
            chmod(copy, 0o755)
        }
        return copy
    }

    /// Runs a bash command line in `dir`.
    static func shell(_ command: String, in dir: String) throws -> Run { try process("/bin/bash", ["-c", command], in: dir) }

    /// - Parameter environment: the child's whole environment (nil: this process's).
    static func process(_ executable: String, _ args: [String], in dir: String, environment: [String: String]? = nil) throws -> Run {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = args
        p.currentDirectoryURL = URL(fileURLWithPath: dir)
        if let environment { p.environment = environment }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        // Read both pipes at once, so that a full stderr pipe cannot block the child while stdout is read.
        // Written by the reader thread only, and read after group.wait(): never at the same time.
        nonisolated(unsafe) var e = Data()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { e = err.fileHandleForReading.readDataToEndOfFile() }
        let o = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        p.waitUntilExit()
        return Run(status: p.terminationStatus, out: String(decoding: o, as: UTF8.self), err: String(decoding: e, as: UTF8.self))
    }

    func testTrainInspectScoreEvaluate() throws {
        let dir = TestFiles.folder()
        let train = try leadscore(["train", "--data", "datasets/leads_history.csv", "--features", "datasets/spec.yaml",
                                   "--holdout", "0.2", "--out", dir + "/m.json"])
        XCTAssertEqual(train.status, 0, train.err)
        XCTAssertTrue(train.out.contains("time-holdout (1000 rows): AUC 0."), train.out)
        XCTAssertTrue(train.out.contains("model written to \(dir)/m.json"))
        // The fitted rows' dates apart from the file's: the newest 20% were held out.
        XCTAssertTrue(train.out.contains("fitted on: 4000 rows, 329 converted (the rest are the time-holdout), created_date 2024-11-01 to 2026-06-07"), train.out)
        XCTAssertTrue(train.out.contains("\ndata: created_date from 2024-11-01 to 2026-10-31 (all labelled rows)\n"), train.out)
        XCTAssertTrue(train.out.contains("\nelapsed: "), train.out)

        let inspect = try leadscore(["inspect", dir + "/m.json", "--json"])
        XCTAssertEqual(inspect.status, 0)
        let json = try JSONSerialization.jsonObject(with: Data(inspect.out.utf8)) as! [String: Any]
        let first = (json["coefficients"] as! [[String: Any]])[1]
        XCTAssertEqual(Set(first.keys), ["term", "estimate", "std_error", "z", "p_value", "odds_ratio", "ci_low", "ci_high"])

        let score = try leadscore(["score", "--model", dir + "/m.json", "--leads", "datasets/new_leads.csv", "--policy",
                                   "models/policy.yaml", "--out", dir + "/scored.csv", "--top", "50"])
        XCTAssertEqual(score.status, 0, score.err)
        XCTAssertTrue(score.err.hasPrefix("scored 998, rejected 2 -> \(dir)/scored.csv.rejects.csv; "), score.err)
        XCTAssertEqual(try readAll(dir + "/scored.csv").rows.count, 50)
        XCTAssertEqual(try leadscore(["score", "--model", dir + "/m.json", "--leads", "datasets/new_leads.csv",
                                      "--out", dir + "/s2.csv", "--strict"]).status, 1)

        let eval = try leadscore(["evaluate", "--model", dir + "/m.json", "--data", "datasets/leads_history.csv",
                                  "--policy", "models/policy.yaml", "--json", "--bootstrap", "50", "--plots", dir + "/plots"])
        XCTAssertEqual(eval.status, 0, eval.err)
        let report = try JSONSerialization.jsonObject(with: Data(eval.out.utf8)) as! [String: Any]
        for key in ["rows", "positives", "base_rate", "auc", "pr_auc", "log_loss", "brier", "ks", "ece", "calibration", "gains", "tiers", "gates"] {
            XCTAssertNotNil(report[key], key)
        }
        // The model was trained on this very file: flagged in the JSON and on standard error.
        XCTAssertEqual(report["training_data"] as? Bool, true)
        XCTAssertTrue(eval.err.contains("warning: datasets/leads_history.csv is the file the model was trained on"), eval.err)
        for chart in ["roc", "calibration", "gains"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: "\(dir)/plots/\(chart).svg"))
        }
        let strict = try leadscore(["evaluate", "--model", dir + "/m.json", "--data", "datasets/leads_history.csv",
                                    "--bootstrap", "0", "--min-auc", "0.99"])
        XCTAssertEqual(strict.status, 2)
        XCTAssertTrue(strict.err.contains("the model falls short: AUC 0."), strict.err)
        XCTAssertTrue(strict.out.contains("metric        value"), "the report is printed before exiting 2")
    }

    func testBadInputAndBadUsageExitCodes() throws {
        let dir = TestFiles.folder()
        let missing = try leadscore(["train", "--data", dir + "/nope.csv", "--label", "y", "--out", dir + "/m.json"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertEqual(missing.err, "leadscore: \(dir)/nope.csv: cannot open the file (No such file or directory); check the path\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/m.json"))
        let noLabel = try leadscore(["train", "--data", "datasets/leads_history.csv", "--out", dir + "/m.json"])
        XCTAssertEqual(noLabel.status, 64)
        XCTAssertTrue(noLabel.err.contains("--label"), noLabel.err)
        XCTAssertEqual(try leadscore(["train", "--data", "x.csv"]).status, 64)  // --out missing
        XCTAssertEqual(try leadscore(["train", "--data", "datasets/leads_history.csv", "--label", "converted", "--holdout", "2",
                                      "--out", dir + "/m.json"]).status, 64)
        let badModel = TestFiles.write("{\"format_version\": 1, \"coeff", name: "m.json")
        let score = try leadscore(["score", "--model", badModel, "--leads", "datasets/new_leads.csv", "--out", dir + "/o.csv"])
        XCTAssertEqual(score.status, 1)
        XCTAssertTrue(score.err.contains("is not a complete model file"), score.err)
        XCTAssertFalse(score.err.contains("Fatal"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/o.csv"))
    }

    func testSynthIsDeterministicAndInferWritesASpec() throws {
        let dir = TestFiles.folder()
        XCTAssertEqual(try leadscore(["synth", "--rows", "300", "--seed", "4", "--out", dir + "/a.csv"]).status, 0)
        XCTAssertEqual(try leadscore(["synth", "--rows", "300", "--seed", "4", "--out", dir + "/b.csv"]).status, 0)
        XCTAssertEqual(FileManager.default.contents(atPath: dir + "/a.csv"), FileManager.default.contents(atPath: dir + "/b.csv"))
        let infer = try leadscore(["infer", "--data", dir + "/a.csv", "--label", "converted", "--missing", "Select",
                                   "--out", dir + "/spec.yaml"])
        XCTAssertEqual(infer.status, 0, infer.err)
        let spec = try String(contentsOfFile: dir + "/spec.yaml", encoding: .utf8)
        XCTAssertTrue(spec.contains("  demo_requested: boolean"), spec)
        XCTAssertTrue(spec.contains("#   lead_id: every value is distinct: an identifier, left out"), spec)
        XCTAssertTrue(spec.contains("#   created_date: ISO dates"), spec)
    }

    /// `--json` on train, infer and rollback: one object, every documented key present (null when empty).
    func testJSONReports() throws {
        let dir = TestFiles.folder()
        func object(_ run: Run) throws -> [String: Any] {
            XCTAssertEqual(run.status, 0, run.err)
            return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any], run.out)
        }
        let train = try object(try leadscore(["train", "--data", "datasets/leads_history.csv", "--features", "datasets/spec.yaml",
                                              "--out", dir + "/m.json", "--json"]))
        XCTAssertEqual(Set(train.keys), ["model", "rows", "labelled", "skipped_no_label", "positives", "fitted_rows", "fitted_positives",
                                         "time_column", "time_from", "time_to", "fitted_from", "fitted_until", "terms", "columns", "l2",
                                         "class_weight", "solver", "validation", "notes", "elapsed_seconds"])
        XCTAssertTrue(train["validation"] is NSNull, "no holdout: validation is null")
        XCTAssertEqual(train["fitted_rows"] as? Int, 5000)
        XCTAssertEqual((train["solver"] as? [String: Any])?["method"] as? String, "newton-cholesky")
        let infer = try object(try leadscore(["infer", "--data", "datasets/leads_history.csv", "--label", "converted",
                                              "--out", dir + "/s.yaml", "--json"]))
        let columns = try XCTUnwrap(infer["columns"] as? [[String: Any]])
        XCTAssertEqual(columns.count, 22)
        XCTAssertTrue(columns.first { $0["name"] as? String == "lead_id" }?["type"] is NSNull)
        XCTAssertEqual(columns.first { $0["name"] as? String == "employees" }?["type"] as? String, "numeric")
        for k in 0..<2 {
            _ = try leadscore(["retrain", "--data", "datasets/leads_history.csv", "--features", "datasets/spec.yaml",
                               "--registry", dir + "/reg", "--tolerance", "1", "--quiet", "--seed", String(k)])
        }
        let rollback = try object(try leadscore(["rollback", "--registry", dir + "/reg", "--json"]))
        XCTAssertEqual(Set(rollback.keys), ["from", "to"])
        // infer proposes the file's one date column as the time column.
        XCTAssertTrue(try String(contentsOfFile: dir + "/s.yaml", encoding: .utf8).contains("\ntime_column: created_date\n"))
        // retrain --json: champion null on a new registry; without a time column a note says the rows are random.
        let first = try leadscore(["retrain", "--data", "datasets/leads_history.csv", "--label", "converted", "--missing", "Select",
                                   "--registry", dir + "/reg2", "--json"])
        let retrain = try object(first)
        XCTAssertTrue(retrain["champion"] is NSNull, first.out)
        XCTAssertEqual(Set(retrain.keys), ["promoted", "reason", "champion", "challenger", "model", "evaluation_rows"])
        XCTAssertTrue(first.err.contains("note: no time column: the evaluation rows are a random sample"), first.err)
        let timed = try leadscore(["retrain", "--data", "datasets/leads_history.csv", "--features", "datasets/spec.yaml",
                                   "--registry", dir + "/reg3", "--json"])
        XCTAssertFalse(timed.err.contains("no time column"), timed.err)
    }

    /// export-sql end to end: the query to standard output or a file, and its refusals with their exit codes.
    func testExportSQLWritesOneQueryAndRefusesWhatItCannotDo() throws {
        let dir = TestFiles.folder()
        XCTAssertEqual(try leadscore(["train", "--data", "datasets/leads_history.csv", "--features", "datasets/spec.yaml",
                                      "--out", dir + "/m.json", "--quiet"]).status, 0)
        let printed = try leadscore(["export-sql", "--model", dir + "/m.json", "--dialect", "postgres", "--table", "crm.leads"])
        XCTAssertEqual(printed.status, 0, printed.err)
        XCTAssertTrue(printed.out.contains("FROM \"crm\".\"leads\""), printed.out)
        XCTAssertTrue(printed.out.hasSuffix("ASC;\n"))
        let written = try leadscore(["export-sql", "--model", dir + "/m.json", "--dialect", "postgres", "--table", "crm.leads",
                                     "--out", dir + "/q.sql"])
        XCTAssertEqual(written.status, 0, written.err)
        XCTAssertEqual(try String(contentsOfFile: dir + "/q.sql", encoding: .utf8), printed.out)

        let onModel = try leadscore(["export-sql", "--model", dir + "/m.json", "--dialect", "duckdb", "--table", "leads",
                                     "--out", dir + "/m.json"])
        XCTAssertEqual(onModel.status, 64, onModel.err)
        XCTAssertTrue(onModel.err.contains("is the same file as --model"), onModel.err)
        let badTable = try leadscore(["export-sql", "--model", dir + "/m.json", "--dialect", "duckdb", "--table", "crm."])
        XCTAssertEqual(badTable.status, 64, badTable.err)
        XCTAssertEqual(badTable.err, "leadscore: --table crm.: a table name is NAME or SCHEMA.NAME, with no empty part\n")
        let badDialect = try leadscore(["export-sql", "--model", dir + "/m.json", "--dialect", "oracle", "--table", "leads"])
        XCTAssertEqual(badDialect.status, 64, badDialect.err)

        XCTAssertEqual(try leadscore(["train", "--data", "datasets/leads_history.csv", "--label", "converted", "--exclude", "lead_id",
                                      "--out", dir + "/noid.json", "--quiet"]).status, 0)
        let noID = try leadscore(["export-sql", "--model", dir + "/noid.json", "--dialect", "spark", "--table", "leads"])
        XCTAssertEqual(noID.status, 1, noID.err)
        XCTAssertTrue(noID.err.contains("noid.json: the model has no id column"), noID.err)
        XCTAssertEqual(noID.out, "")
    }

    /// Progress goes to standard error on a terminal only (here a pseudo-terminal from `script`), never into a
    /// pipe or with --quiet, for score, evaluate, drift and synth.
    func testProgressOnATerminalOnly() throws {
        XCTAssertEqual(ProgressMeter.line("scoring", rows: 1_234_567, fraction: 0.5, seconds: 0.5),
                       "scoring: 1,234,567 rows (50%), 2.5M rows/s, 0.5 s left")
        XCTAssertEqual(ProgressMeter.line("reading", rows: 900, fraction: 0.005, seconds: 2), "reading: 900 rows (0%), 450 rows/s")
        let dir = TestFiles.folder()
        let binary = try TestFiles.executable()
        XCTAssertEqual(try leadscore(["train", "--data", "datasets/leads_history.csv", "--features", "datasets/spec.yaml",
                                      "--out", dir + "/m.json", "--quiet"]).status, 0)
        let commands: [(String, [String])] = [
            ("scoring: ", ["score", "--model", dir + "/m.json", "--leads", "datasets/new_leads.csv", "--out", dir + "/s.csv"]),
            ("scoring: ", ["evaluate", "--model", dir + "/m.json", "--data", "datasets/leads_history.csv", "--bootstrap", "0"]),
            ("reading: ", ["drift", "--model", dir + "/m.json", "--leads", "datasets/new_leads.csv"]),
            ("writing: ", ["synth", "--rows", "30000", "--out", dir + "/synth.csv"]),
        ]
        for (word, args) in commands {
            let line = ([binary] + args).map { "'\($0)'" }.joined(separator: " ")
            let onTerminal = try Self.process("/usr/bin/script", ["-qec", line + " >/dev/null", "/dev/null"], in: TestFiles.root.path)
            XCTAssertTrue(onTerminal.out.contains(word) && onTerminal.out.contains(" rows ("), "\(args[0]): \(onTerminal.out)")
            let quiet = try Self.process("/usr/bin/script", ["-qec", line + " --quiet >/dev/null", "/dev/null"], in: TestFiles.root.path)
            XCTAssertFalse(quiet.out.contains(word), "\(args[0]) --quiet: \(quiet.out)")
            let piped = try leadscore(args)
            XCTAssertEqual(piped.status, 0, piped.err)
            XCTAssertFalse(piped.err.contains(word), "\(args[0]) piped: \(piped.err)")
        }
    }

    /// evaluate flags training rows in a file that is not the training file itself: the model keeps a sample
    /// of its fitted rows' id hashes (bottom-k), and at least half of the file's ids among them is a warning and
    /// `training_data: true`, with the estimated share in `training_id_share`.
    func testEvaluateWarnsWhenMostIdsWereTrainingRows() throws {
        // The sketch on its own: a file of half training ids, of none, of all.
        let training = IDSketch(hashes: (0..<5000).map { IDHash.of("L\($0)") })
        XCTAssertEqual(training.hashes.count, IDSketch.size)
        func share(_ ids: Range<Int>) -> Double {
            training.overlap(ids.map { IDHash.of("L\($0)") }.filter { $0 <= training.threshold })!.share
        }
        XCTAssertEqual(share(2500..<7500), 0.5, accuracy: 0.12)
        XCTAssertEqual(share(5000..<20000), 0)
        XCTAssertEqual(share(0..<5000), 1)

        let dir = TestFiles.folder()
        XCTAssertEqual(try leadscore(["train", "--data", "datasets/leads_history.csv", "--features", "datasets/spec.yaml",
                                      "--holdout", "0.2", "--out", dir + "/m.json", "--quiet"]).status, 0)
        let lines = try String(contentsOfFile: TestFiles.root.path + "/datasets/leads_history.csv", encoding: .utf8)
            .split(separator: "\n").map(String.init)
        // The held-out newest fifth: none of its ids were fitted on.
        try (lines[0...0] + lines[4001...]).joined(separator: "\n").write(toFile: dir + "/newest.csv", atomically: true, encoding: .utf8)
        // Everything but one row: not the training file's bytes, but 80% of its ids are fitted rows.
        try (lines[0...0] + lines[2...]).joined(separator: "\n").write(toFile: dir + "/most.csv", atomically: true, encoding: .utf8)
        let newest = try leadscore(["evaluate", "--model", dir + "/m.json", "--data", dir + "/newest.csv", "--bootstrap", "0", "--json"])
        XCTAssertEqual(newest.status, 0, newest.err)
        XCTAssertFalse(newest.err.contains("warning"), newest.err)
        XCTAssertTrue(newest.out.contains("\"training_data\" : false"), newest.out)
        XCTAssertTrue(newest.out.contains("\"training_id_share\" : 0,") || newest.out.contains("\"training_id_share\" : 0\n"), newest.out)
        let most = try leadscore(["evaluate", "--model", dir + "/m.json", "--data", dir + "/most.csv", "--bootstrap", "0", "--json"])
        XCTAssertEqual(most.status, 0, most.err)
        XCTAssertTrue(most.err.hasPrefix("warning: about 8"), most.err)
        XCTAssertTrue(most.err.contains("% of the ids in \(dir)/most.csv were rows the model was fitted on"), most.err)
        XCTAssertTrue(most.out.contains("\"training_data\" : true"), most.out)
    }
}
