import XCTest
@testable import LeadScore

final class RetrainerTests: XCTestCase {
    let history = TestFiles.root.path + "/datasets/leads_history.csv"

    /// The first `rows` data rows of the sample history (it is in time order), optionally with the labels of
    /// the first 3,750 rows (the first 18 months) shuffled: a broken export whose recent rows are still right.
    func slice(_ rows: Int, shuffledLabels: Bool = false) throws -> String {
        var lines = try String(contentsOfFile: history, encoding: .utf8).split(separator: "\n").map(String.init)
        lines = Array(lines.prefix(rows + 1))
        if shuffledLabels {
            var labels = lines.dropFirst().prefix(3750).map { String($0.split(separator: ",", omittingEmptySubsequences: false).last!) }
            var rng = SeededGenerator(seed: 5)
            labels.shuffle(using: &rng)
            for k in 1...3750 {
                var cells = lines[k].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                cells[cells.count - 1] = labels[k - 1]
                lines[k] = cells.joined(separator: ",")
            }
        }
        return TestFiles.write(lines.joined(separator: "\n") + "\n", name: "history.csv")
    }

    func options(_ data: String, registry: String) throws -> Retrainer.Options {
        Retrainer.Options(data: data, registry: registry,
                          training: TrainingOptions(spec: try FeatureSpec.load(path: TestFiles.root.path + "/datasets/spec.yaml")))
    }

    /// Model names sort in the order the models were made, also for runs within one second or millisecond.
    func testModelNamesSortInCreationOrder() throws {
        let dir = TestFiles.folder()
        let registry = try Registry.open(dir)
        let t = Date(timeIntervalSince1970: 1_795_000_000.25)  // 2026-11-18 11:06:40.250 UTC
        var names: [String] = []
        for dt in [0, 0, 0, 0.2, 0.2, 1.0] {
            let name = registry.newName(at: t + dt)
            _ = FileManager.default.createFile(atPath: registry.modelPath(name), contents: Data())
            names.append(name)
        }
        XCTAssertEqual(names, ["model-20261118-110640-250.json", "model-20261118-110640-251.json", "model-20261118-110640-252.json",
                               "model-20261118-110640-450.json", "model-20261118-110640-451.json", "model-20261118-110641-250.json"])
        XCTAssertEqual(names.sorted(), names)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: registry.modelsDir).sorted(), names)
    }

    func testPromoteRefuseRollback() throws {
        let registry = TestFiles.folder() + "/registry"
        // Month 18: no champion, so the challenger is promoted and refitted on all rows.
        let first = try Retrainer.run(try options(try slice(3750), registry: registry))
        XCTAssertTrue(first.promoted)
        XCTAssertNil(first.champion)
        let r = try Registry.open(registry)
        let firstName = try XCTUnwrap(r.current()).name
        // Month 24, but the export's older labels are scrambled: both models are judged on the newest 20%,
        // all after the champion's window and still right; the challenger is worse and refused.
        let bad = try Retrainer.run(try options(try slice(5000, shuffledLabels: true), registry: registry))
        XCTAssertTrue(bad.evaluationRows.hasPrefix("1000 rows: the newest 20% of rows by created_date"), bad.evaluationRows)
        XCTAssertFalse(bad.promoted)
        XCTAssertTrue(bad.reason.hasPrefix("refused: challenger AUC"), bad.reason)
        XCTAssertLessThan(bad.challenger.auc, 0.65)
        XCTAssertGreaterThan(bad.champion!.auc, 0.75)
        XCTAssertEqual(try r.current()?.name, firstName)
        XCTAssertTrue(FileManager.default.fileExists(atPath: bad.model))
        // Month 24, correct export: promoted.
        let second = try Retrainer.run(try options(history, registry: registry))
        XCTAssertEqual(second.challenger.rows, 1000)
        XCTAssertTrue(second.promoted, second.reason)
        let secondName = try XCTUnwrap(r.current()).name
        XCTAssertNotEqual(firstName, secondName)
        // Rollback returns to the model promoted before the current one, and is logged.
        let (from, to) = try Retrainer.rollback(registry: registry)
        XCTAssertEqual(from, secondName)
        XCTAssertEqual(to, firstName)
        XCTAssertEqual(try r.current()?.name, firstName)
        let log = try r.history()
        XCTAssertEqual(log.map(\.action), ["retrain", "retrain", "retrain", "rollback"])
        XCTAssertEqual(log.map(\.promoted), [true, false, true, true])
        XCTAssertThrowsError(try Retrainer.rollback(registry: registry))  // nothing promoted before the first

        // Pinning the refused challenger by hand: it becomes current, is logged, and the listing says so.
        let refused = (bad.model as NSString).lastPathComponent
        let (was, now) = try Retrainer.promote(registry: registry, model: refused)
        XCTAssertEqual(was, firstName)
        XCTAssertEqual(now, refused)
        XCTAssertEqual(try r.current()?.name, refused)
        let listing = try r.listing()
        XCTAssertEqual(listing.current, refused)
        XCTAssertEqual(listing.models.map(\.name), [firstName, refused, secondName].sorted())
        XCTAssertEqual(listing.models.first { $0.current }?.name, refused)
        XCTAssertEqual(listing.models.first { $0.name == refused }?.promoted, false)
        XCTAssertEqual(listing.models.first { $0.name == refused }?.challenger, bad.challenger)
        XCTAssertEqual(listing.history.last?.action, "promote")
        XCTAssertEqual(listing.history.last?.previous, firstName)
        // A rollback now returns to the model current before the promote.
        XCTAssertEqual(try Retrainer.rollback(registry: registry).to, firstName)
        // Unknown models and registries are errors that change nothing.
        XCTAssertThrowsError(try Retrainer.promote(registry: registry, model: "model-1.json")) {
            XCTAssertTrue("\($0)".contains("has no model model-1.json; the models are"), "\($0)")
        }
        XCTAssertThrowsError(try Registry.existing(TestFiles.folder())) {
            XCTAssertTrue("\($0)".contains("is not a model registry"), "\($0)")
        }
        XCTAssertEqual(try r.current()?.name, firstName)
        // In JSON every key is present, as null when empty.
        let json = String(decoding: try JSONOutput.encoder().encode(listing), as: UTF8.self)
        XCTAssertTrue(json.contains("\"current\" : \"\(refused)\""), json)
        XCTAssertTrue(json.contains("\"promoted\" : false"), json)
    }

    /// When the newest 20% reaches into the champion's window, only the rows after it judge, if enough.
    func testEvaluationRowsStayOutOfTheChampionsWindow() throws {
        let registry = TestFiles.folder() + "/registry"
        _ = try Retrainer.run(try options(try slice(4500), registry: registry))
        let next = try Retrainer.run(try options(history, registry: registry))
        // Rows dated after the last day of the first 4,500 (later rows of that same day are not newer).
        let dates = try String(contentsOfFile: history, encoding: .utf8).split(separator: "\n").dropFirst()
            .map { $0.split(separator: ",")[1] }
        XCTAssertEqual(next.challenger.rows, dates.filter { $0 > dates[4499 + dates.startIndex] }.count)
        XCTAssertTrue(next.evaluationRows.contains("after the champion's training window"), next.evaluationRows)
    }

    func testLockAndCorruptedRegistryChangeNothing() throws {
        let registry = TestFiles.folder() + "/registry"
        let r = try Registry.open(registry)
        let lock = try r.lock()
        XCTAssertThrowsError(try r.lock()) { XCTAssertTrue("\($0)".contains("another retrain or rollback (pid \(getpid())) holds the registry"), "\($0)") }
        XCTAssertThrowsError(try Retrainer.run(try options(history, registry: registry)))
        withExtendedLifetime(lock) {}
        // A lock left by a process that is gone is taken over.
        try "99999999\n".write(toFile: registry + "/lock", atomically: true, encoding: .utf8)
        XCTAssertNoThrow(try r.lock())

        try "not a model\n".write(toFile: registry + "/current", atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try Retrainer.run(try options(history, registry: registry))) {
            XCTAssertTrue("\($0)".contains("current: is corrupted"), "\($0)")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: registry + "/models"), [])
        try FileManager.default.removeItem(atPath: registry + "/current")
        try "{\"action\": \"retrain\"}\n{broken\n".write(toFile: registry + "/history.jsonl", atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try Registry.open(registry)) { XCTAssertTrue("\($0)".contains("history.jsonl:1: is not a history entry"), "\($0)") }
    }
}
