import XCTest
@testable import LeadScore

/// 20 processes at once on one registry, retraining, rolling back and promoting by hand, in three waves: afterwards `current`
/// always names a whole model that loads, every history line parses, each run either did its work or said
/// that another run held the registry, and the promotions logged are the ones `current` went through.
final class RegistryStressTests: XCTestCase {
    func testTwentyConcurrentRetrainsRollbacksAndPromotes() throws {
        let dir = TestFiles.folder()
        let binary = try TestFiles.executable()
        let spec = TestFiles.root.path + "/datasets/spec.yaml"
        // Two histories, so that challengers differ; the small one trains in a fraction of a second.
        let s = try CommandLineTests.shell("""
            head -n 2001 \(TestFiles.root.path)/datasets/leads_history.csv > a.csv
            (head -n 1 \(TestFiles.root.path)/datasets/leads_history.csv; tail -n 2000 \(TestFiles.root.path)/datasets/leads_history.csv) > b.csv
            """, in: dir)
        XCTAssertEqual(s.status, 0, s.err)
        for wave in 0..<3 {
            var processes: [(Process, Pipe)] = []
            for k in 0..<20 {
                let p = Process()
                p.executableURL = URL(fileURLWithPath: binary)
                let promote = try? Registry.existing(dir + "/registry").listing().models.first?.name
                p.arguments = k % 4 == 3 ? ["rollback", "--registry", dir + "/registry"]
                    : k % 4 == 1 && promote != nil ? ["registry", "promote", promote!, "--registry", dir + "/registry"]
                    : ["retrain", "--data", dir + (k % 2 == 0 ? "/a.csv" : "/b.csv"), "--features", spec, "--registry", dir + "/registry",
                       "--tolerance", "0.5", "--quiet"]
                let err = Pipe()
                p.standardOutput = FileHandle.nullDevice
                p.standardError = err
                try p.run()
                processes.append((p, err))
            }
            for (p, err) in processes {
                let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                p.waitUntilExit()
                let rollback = p.arguments?.first == "rollback"
                let promoted = p.arguments?.first == "registry"
                // Refusals allowed: the registry was held, or (a rollback) there was nothing to roll back to.
                let allowed = message.contains("holds the registry") || (rollback && message.contains("roll back"))
                XCTAssertTrue(p.terminationStatus == 0 || allowed || (promoted && message.contains("holds the registry")), "wave \(wave): \(p.arguments ?? []) exited \(p.terminationStatus): \(message)")
                XCTAssertFalse(message.contains("Fatal error"), message)
            }
            let registry = try Registry.open(dir + "/registry")
            let current = try XCTUnwrap(try registry.current(), "wave \(wave): no current model")
            XCTAssertEqual(current.model.coefficients.count, current.model.encoder.terms.count + 1)
            let history = try registry.history()
            XCTAssertFalse(history.isEmpty)
            // The last entry that moved `current` names the current model.
            let moved = history.filter { $0.promoted }
            XCTAssertEqual(moved.last?.model, current.name, "wave \(wave): current is not the last promoted model")
            for entry in history { XCTAssertTrue(FileManager.default.fileExists(atPath: registry.modelPath(entry.model)), entry.model) }
            let stray = try FileManager.default.contentsOfDirectory(atPath: dir + "/registry").filter { $0.hasPrefix(".") }
            XCTAssertEqual(stray, [], "wave \(wave): temporary files left in the registry")
        }
    }
}
