import XCTest
@testable import LeadScore

final class ModelDiffTests: XCTestCase {
    let history = TestFiles.root.path + "/datasets/leads_history.csv"

    func testDiffAndTierMigration() throws {
        var options = TrainingOptions(spec: try FeatureSpec.load(path: TestFiles.root.path + "/datasets/spec.yaml"))
        let new = try Trainer.train(path: history, options: options).model
        options.l2 = 50
        let old = try Trainer.train(path: history, options: options).model
        let report = try ModelDiff.run(old: old, new: new, leads: TestFiles.root.path + "/datasets/new_leads.csv",
                                       policyPath: TestFiles.root.path + "/models/policy.yaml", delimiter: nil)
        let demo = try XCTUnwrap(report.terms.first { $0.term == "demo_requested" })
        XCTAssertEqual(demo.change!, demo.new! - demo.old!, accuracy: 1e-15)
        XCTAssertGreaterThan(demo.new!, demo.old!)  // the weaker penalty lets the strongest term grow
        XCTAssertTrue(report.added.isEmpty && report.dropped.isEmpty)
        XCTAssertEqual(report.tiers, ["SQL", "MQL", "Nurture", "Disqualified"])
        XCTAssertEqual(report.migration!.flatMap { $0 }.reduce(0, +), 998)
        XCTAssertEqual(report.leads, 998)
        // Disqualification does not depend on the model: that row and column hold the same count.
        XCTAssertEqual(report.migration![3][3], report.migration![3].reduce(0, +))
        XCTAssertTrue(ModelDiff.text(report).contains("tier migration of 998 leads"))
    }
}
