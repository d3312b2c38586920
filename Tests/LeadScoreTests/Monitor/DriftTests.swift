import XCTest
@testable import LeadScore

final class DriftTests: XCTestCase {
    let history = TestFiles.root.path + "/datasets/leads_history.csv"

    /// PSI by hand: expected (0.5, 0.5), actual (0.8, 0.2): 0.3·ln(1.6) + (−0.3)·ln(0.4) = 0.14100 + 0.27489 = 0.41589.
    /// An empty bin is floored at 1e-4: expected (1, 0), actual (0.9, 0.1): −0.1·ln 0.9 + 0.0999·ln(0.1/0.0001).
    func testPSIByHand() {
        XCTAssertEqual(Drift.psi(expected: [0.5, 0.5], actual: [0.8, 0.2]), 0.3 * log(1.6) - 0.3 * log(0.4), accuracy: 1e-12)
        XCTAssertEqual(Drift.psi(expected: [0.5, 0.5], actual: [0.8, 0.2]), 0.415888308335967, accuracy: 1e-12)
        XCTAssertEqual(Drift.psi(expected: [1, 0], actual: [0.9, 0.1]), -0.1 * log(0.9) + 0.0999 * log(1000), accuracy: 1e-12)
        XCTAssertEqual(Drift.psi(expected: [0.2, 0.3, 0.5], actual: [0.2, 0.3, 0.5]), 0)
        XCTAssertEqual(Drift.status(0.05), "stable")
        XCTAssertEqual(Drift.status(0.2), "watch")
        XCTAssertEqual(Drift.status(0.3), "shift")
    }

    func testDriftSeesAShiftedColumn() throws {
        var options = TrainingOptions(spec: try FeatureSpec.load(path: TestFiles.root.path + "/datasets/spec.yaml"))
        options.minClassRows = 10
        let model = try Trainer.train(path: history, options: options).model
        let same = try Drift.run(model: model, leads: history, delimiter: nil)
        XCTAssertTrue(same.features.allSatisfy { $0.psi < 0.01 }, "\(same.features)")
        XCTAssertLessThan(same.scorePSI, 0.01)
        // Every lead now comes from the same region: PSI = Σ (a − e)·ln(a/e) with a = 1 for emea.
        let text = try String(contentsOfFile: history, encoding: .utf8)
            .replacingOccurrences(of: ",americas,", with: ",emea,").replacingOccurrences(of: ",apac,", with: ",emea,")
            .replacingOccurrences(of: ",latam,", with: ",emea,")
        let shifted = try Drift.run(model: model, leads: TestFiles.write(text), delimiter: nil)
        let region = try XCTUnwrap(shifted.features.first { $0.name == "region" })
        let e = try XCTUnwrap(model.distributions.first { $0.name == "region" }?.shares)
        var expected = 0.0  // no unseen level, so only the training levels count
        for (level, share) in e {
            let a: Double = level == "emea" ? 1 : 1e-4
            expected += (a - share) * Foundation.log(a / share)
        }
        XCTAssertEqual(region.psi, expected, accuracy: 1e-9)
        XCTAssertEqual(region.status, "shift")
        // The cron limits: region is beyond 0.25, nothing is beyond its own PSI, the unshifted file passes.
        let beyond = Drift.beyond(shifted, maxPSI: 0.25, maxScorePSI: nil)
        XCTAssertTrue(beyond.contains { $0.hasPrefix("region \(NumberFormat.fixed(region.psi, 4)) > --max-psi 0.25") }, "\(beyond)")
        XCTAssertEqual(Drift.beyond(shifted, maxPSI: shifted.features.map(\.psi).max()!, maxScorePSI: nil), [])
        XCTAssertEqual(Drift.beyond(same, maxPSI: 0.1, maxScorePSI: 0.1), [])
        XCTAssertEqual(Drift.beyond(same, maxPSI: nil, maxScorePSI: same.scorePSI / 2).count, same.scorePSI > 0 ? 1 : 0)
    }
}
