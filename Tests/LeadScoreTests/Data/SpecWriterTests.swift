import XCTest
@testable import LeadScore

/// `infer` must always write a spec that `train --features` loads, whatever the column names and levels hold.
final class SpecWriterTests: XCTestCase {
    /// Seeded random names and levels with line breaks, quotes, `#`, `:`, spaces at either end, YAML words
    /// and Unicode line separators: infer → spec → load gives back the same features, and training on it works.
    func testInferredSpecsRoundTripForHostileNamesAndLevels() throws {
        var rng = SeededGenerator(seed: 2026)
        let pieces = ["a", "Z", "0", " ", "\n", "\r\n", "\"", "'", "#", ":", ": ", "- ", "[", "]", "{", "}", ",", "&", "*", "!", "|",
                      ">", "%", "@", "`", "yes", "No", "null", "~", "é", "\u{2028}", "\u{85}", "\t", "\\", "true"]
        func text() -> String { (0..<(1 + rng.below(5))).map { _ in pieces[rng.below(pieces.count)] }.joined() }
        func field(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        for round in 0..<40 {
            var names = ["y"]
            while names.count < 4 {
                let n = text()
                // Names the spec gives other meanings, or that the CSV reader folds, are not the point here.
                if !names.contains(n), n.trimmingCharacters(in: .whitespacesAndNewlines) == n, !n.isEmpty { names.append(n) }
            }
            let levels = (0..<3).map { _ in text() + "x" }  // never missing (an empty or NA level would be)
            var rows = [names.map(field).joined(separator: ",")]
            for r in 0..<120 {
                rows.append([r % 2 == 0 ? "1" : "0", levels[r % 3], levels[(r / 3) % 3], String(r % 7)].map(field).joined(separator: ","))
            }
            let data = TestFiles.write(rows.joined(separator: "\r\n") + "\r\n")
            let (decisions, table) = try SchemaInference.infer(path: data, spec: FeatureSpec(label: "y"), delimiter: nil)
            let yaml = SpecWriter.yaml(spec: FeatureSpec(label: "y"), decisions: decisions, source: "data.csv", rows: table.rowCount)
            let specPath = TestFiles.write(yaml, name: "spec.yaml")
            let spec: FeatureSpec
            do { spec = try FeatureSpec.load(path: specPath) } catch {
                XCTFail("round \(round): the spec does not load: \(error)\n\(yaml)"); continue
            }
            XCTAssertEqual(spec.label, "y")
            let kept = decisions.filter { $0.type != nil }
            XCTAssertEqual(spec.features?.map(\.name), kept.map(\.name), "round \(round):\n\(yaml)")
            XCTAssertEqual(spec.features?.map(\.type), kept.map(\.type), "round \(round)")
            var options = TrainingOptions(spec: spec)
            options.minClassRows = 10
            XCTAssertNoThrow(try Trainer.train(path: data, options: options), "round \(round):\n\(yaml)")
        }
    }
}
