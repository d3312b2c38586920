import XCTest
@testable import LeadScore

final class EvaluationTextTests: XCTestCase {
    /// The interval column is announced only when there are intervals (`--bootstrap 0` has none).
    func testIntervalHeadingOnlyWithABootstrap() throws {
        var training = TrainingOptions(spec: FeatureSpec(label: "converted", id: "lead_id", missing: ["Select"]))
        training.minClassRows = 10
        let model = try Trainer.train(path: TestFiles.fixture("history800.csv"), options: training).model
        var options = Evaluator.Options(data: TestFiles.fixture("history800.csv"))
        options.bootstrap = 0
        let without = EvaluationText.render(try Evaluator.run(model: model, options: options).0)
        XCTAssertTrue(without.contains("\nmetric        value\nAUC "), without)
        XCTAssertFalse(without.contains("interval"), without)
        options.bootstrap = 20
        let with = EvaluationText.render(try Evaluator.run(model: model, options: options).0)
        XCTAssertTrue(with.contains("\nmetric        value   95% interval (bootstrap)\nAUC "), with)
    }
}
