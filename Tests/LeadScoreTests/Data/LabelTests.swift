import XCTest
@testable import LeadScore

/// The outcome column as `train` reads it (`LabelResolver`) and as `evaluate` reads it (`LabelMatch`): values
/// compared but for case and the spaces around them; the usual spellings of converted recognised, PostgreSQL's
/// `t` and the CRMs' closed-won stage among them; labelled history whose values are not the model's stopped.
final class LabelTests: XCTestCase {
    let history = TestFiles.root.path + "/datasets/leads_history.csv"

    /// The sample history with its outcome written `spell(row, converted)`, quoted.
    func relabelled(_ spell: (Int, Bool) -> String) throws -> String {
        let lines = try String(contentsOfFile: history, encoding: .utf8).split(separator: "\n")
        var text = String(lines[0]) + "\n"
        for (i, line) in lines.dropFirst().enumerated() {
            let cut = line.lastIndex(of: ",")!
            let value = line[line.index(after: cut)...]
            text += line[...cut] + (value.isEmpty ? "" : "\"" + spell(i, value == "1") + "\"") + "\n"
        }
        return TestFiles.write(text)
    }

    func train(_ path: String, positive: String? = nil) throws -> TrainingOutcome {
        try Trainer.train(path: path, options: TrainingOptions(spec: FeatureSpec(label: "converted", positive: positive, id: "lead_id",
                                                                                 exclude: ["created_date"], missing: ["Select"])))
    }

    func estimates(_ m: ModelFile) -> [Double] { m.coefficients.map(\.estimate) }

    func testSpellingsThatDifferInCaseOrSpacesAreOneValue() throws {
        let reference = try train(history).model
        // (The reader already trims the spaces around a field, quoted or not.)
        let path = try relabelled { i, won in won ? ["Won", "won ", " WON"][i % 3] : ["Lost", "lost"][i % 2] }
        let outcome = try train(path)
        XCTAssertEqual(estimates(outcome.model), estimates(reference))
        XCTAssertEqual(outcome.model.data.fittedPositives, reference.data.fittedPositives)
        XCTAssertEqual(outcome.model.positive, "WON")
        XCTAssertTrue(outcome.notes.contains("label values that differ only in case or spaces taken as one: \"Lost\" = \"lost\";"
            + " \"WON\" = \"Won\" = \"won\""), "\(outcome.notes)")
        // --positive in another spelling names the same value.
        XCTAssertEqual(estimates(try train(path, positive: "won").model), estimates(reference))
        // Three values once folded are still three.
        let three = try relabelled { i, won in won ? "won" : ["lost", "open"][i % 2] }
        XCTAssertThrowsError(try train(three)) {
            XCTAssertTrue("\($0)".contains("the label must have exactly two values, and it has 3: \"lost\", \"open\", \"won\""), "\($0)")
        }
    }

    func testUsualSpellingsOfConverted() throws {
        let reference = estimates(try train(history).model)
        // 1.0/0.0: pandas writes an integer column with gaps as floats; a number equal to 1 is a usual spelling.
        for (yes, no) in [("t", "f"), ("Closed Won", "Closed Lost"), ("closedwon", "closedlost"), ("Converted", "Open"), ("1.0", "0.0")] {
            let m = try train(try relabelled { _, won in won ? yes : no }).model
            XCTAssertEqual(m.positive, yes)
            XCTAssertEqual(estimates(m), reference, yes)
        }
        // Two usual spellings at once: which one is meant cannot be told.
        XCTAssertThrowsError(try train(try relabelled { _, won in won ? "yes" : "t" })) {
            XCTAssertTrue("\($0)".contains("cannot tell which of \"t\" and \"yes\" means converted"), "\($0)")
        }
    }

    func testEvaluateReadsTheModelsValueInAnyOfItsSpellings() throws {
        let model = try train(history).model
        func evaluate(_ path: String, _ m: ModelFile = model) throws -> EvaluationReport {
            var o = Evaluator.Options(data: path)
            o.bootstrap = 0
            return try Evaluator.run(model: m, options: o).0
        }
        let reference = try evaluate(history)
        XCTAssertGreaterThan(reference.positives, 50)
        // A model trained on 1/0: yes/no, TRUE/FALSE and t/f are the same outcome.
        for (yes, no) in [("yes", "no"), ("TRUE", "FALSE"), ("t", "f"), (" 1 ", "0"), ("1.0", "0.0")] {
            let r = try evaluate(try relabelled { _, won in won ? yes : no })
            XCTAssertEqual(r.positives, reference.positives, yes)
            XCTAssertEqual(r.auc, reference.auc, yes)
            XCTAssertEqual(r.logLoss, reference.logLoss, yes)
        }
        // Before, a file written yes/no read as no conversions at all (AUC NaN, exit 0); now one whose values are
        // not the model's stops, naming them.
        let closed = try train(try relabelled { _, won in won ? "Closed Won" : "Closed Lost" }).model
        XCTAssertEqual(try evaluate(try relabelled { _, won in won ? "closed won" : "CLOSED LOST" }, closed).auc, reference.auc)
        XCTAssertEqual(try evaluate(try relabelled { _, won in won ? "Won" : "Lost" }, closed).auc, reference.auc)
        // A converted value of the user's own (--positive) has no other spellings.
        let customer = try train(try relabelled { _, won in won ? "Customer" : "Prospect" }, positive: "Customer").model
        XCTAssertEqual(try evaluate(try relabelled { _, won in won ? "customer" : "prospect" }, customer).auc, reference.auc)
        let other = try relabelled { _, won in won ? "Won" : "Lost" }
        XCTAssertThrowsError(try evaluate(other, customer)) {
            XCTAssertEqual("\($0)", "\(other): column 'converted': the model takes \"Customer\" as converted, and this file's other"
                + " values are \"lost\", \"won\": more than one value for not converted, so its labels are not the model's; write the"
                + " outcome as the training file did (\"Customer\" and one other value), or choose the outcome column with --label")
        }
        XCTAssertThrowsError(try evaluate(try relabelled { i, won in won ? "1" : ["0", "lost"][i % 2] })) {
            XCTAssertTrue("\($0)".contains("other values are \"0\", \"lost\""), "\($0)")
        }
    }
}
