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

    /// A CRM's lifecycle stage as the outcome: `--positive customer` names the converted value and every other
    /// stage reads as not converted, said in a note with the rows of each; the model keeps them, so evaluate reads
    /// a file with the same or other stages likewise. Before, train refused ("the label must have exactly two
    /// values") and suggested marking the other stages missing, which would have left every lost lead out.
    func testOneValueAgainstTheRest() throws {
        let reference = try train(history).model
        let stages = ["lead", "marketingqualifiedlead", "opportunity", "subscriber"]
        let path = try relabelled { i, won in won ? "customer" : stages[i % 4] }
        XCTAssertThrowsError(try train(path)) {
            XCTAssertTrue("\($0)".hasSuffix("the label must have exactly two values, and it has 5: \"customer\", \"lead\","
                + " \"marketingqualifiedlead\", \"opportunity\", \"subscriber\"; choose the outcome column with --label, name the"
                + " converted value with --positive (every other value then counts as not converted), or mark extra values as"
                + " missing with --missing"), "\($0)")
        }
        XCTAssertThrowsError(try train(path, positive: "won")) {
            XCTAssertTrue("\($0)".hasSuffix("the positive value \"won\" does not occur; the values are \"customer\", \"lead\","
                + " \"marketingqualifiedlead\", \"opportunity\", \"subscriber\""), "\($0)")
        }
        let outcome = try train(path, positive: "Customer")
        XCTAssertEqual(estimates(outcome.model), estimates(reference))
        XCTAssertEqual(outcome.model.positive, "customer")
        XCTAssertEqual(outcome.model.data.otherLabels, stages)
        XCTAssertTrue(outcome.notes.contains { $0.hasPrefix("label 'converted': \"customer\" is converted and the other 4 values are"
            + " not: \"lead\" (") && $0.hasSuffix("; a stage still open is not yet lost: mark such values missing with --missing (or"
            + " leave young leads out with maturity_days)") }, "\(outcome.notes)")
        // The model's file keeps the other values; a two-valued model's has no such key.
        XCTAssertTrue(String(decoding: try JSONOutput.encoder().encode(outcome.model), as: UTF8.self).contains("\"other_labels\""))
        XCTAssertFalse(String(decoding: try JSONOutput.encoder().encode(reference), as: UTF8.self).contains("other_labels"))
        // evaluate reads every value but customer as not converted, stages the training file did not have too.
        var o = Evaluator.Options(data: history)
        o.bootstrap = 0
        let plain = try Evaluator.run(model: reference, options: o).0
        for file in [path, try relabelled { i, won in won ? "Customer" : ["evangelist", "other"][i % 2] }] {
            o.data = file
            let r = try Evaluator.run(model: outcome.model, options: o).0
            XCTAssertEqual(r.positives, plain.positives)
            XCTAssertEqual(r.auc, plain.auc)
            XCTAssertEqual(r.logLoss, plain.logLoss)
        }
    }
}

