import Foundation
import XCTest
@testable import LeadScore

/// Segment models with partial pooling (issue 12, part 1), on Tests/LeadScoreTests/Fixtures/segments.csv: three
/// segments of one logistic model whose x1 slope differs (north +1.5 on 1,500 rows, south −0.5 on 1,500,
/// west −0.5 on 200; x2 0.5, kind=a 0.4, intercept −1), written by Tests/reference/segments_fixture.py.
final class SegmentTests: XCTestCase {
    static let path = TestFiles.fixture("segments.csv")

    /// The training context as `Trainer` makes it, every column but the id a feature.
    func context(l2: Double = 1) throws -> (FitContext, [Int], Column) {
        var options = TrainingOptions(spec: FeatureSpec(label: "converted", exclude: ["lead_id"]))
        options.l2 = l2
        let header = try CSVReader(path: Self.path).header
        let plan = try ColumnPlan(header: header, spec: options.spec, timeColumn: nil, file: Self.path)
        let table = try TableReader.read(path: Self.path, columns: plan.requests, missing: options.spec.valueRules)
        let features = SchemaInference.decisions(table, plan: plan).compactMap { d in d.type.map { FeatureDeclaration(name: d.name, type: $0) } }
        let labels = try LabelResolver.resolve(table["converted"]!, positive: nil, file: Self.path).labels
        return (FitContext(table: table, features: features, labels: labels, options: options, progress: { _ in }),
                Array(0..<table.rowCount), table["segment"]!)
    }

    /// With the prior at zero, a segment's fit is scikit-learn's on that segment's rows with the shared encoding:
    /// encode_and_fit.py --data segments.csv --label converted --exclude lead_id --fit-where segment=north
    /// (pandas 3.1.1, scikit-learn 1.9.1, newton-cholesky, tol 1e-12).
    func testZeroPriorIsScikitLearnOnTheSegmentRows() throws {
        let (context, rows, segment) = try context()
        let global = try context.fit(rows: rows)
        let north = rows.filter { segment.text(at: $0) == "north" }
        let f = try context.fitSegment(rows: north, encoder: global.encoder, prior: [Double](repeating: 0, count: global.beta.count), lambda: 1)
        XCTAssertEqual(["(intercept)"] + f.encoder.terms, ["(intercept)", "segment=north", "segment=south", "segment=west", "x1", "x2",
                                                             "kind=a", "kind=b", "kind=c"])
        let sklearn = [-0.6979897464715465, 4.065758139177406e-15, 0.0, 0.0, 1.445603241038512, 0.3962180733688623,
                       0.41622677445566075, -0.2762079079077455, -0.1400188665479112]
        // Both solvers stop within 1e-10 of the unique optimum's gradient scale.
        for (k, e) in sklearn.enumerated() { XCTAssertClose(f.beta[k], e, rel: 1e-8, abs: 1e-10, "term \(k)") }
    }

    /// As the pull grows without bound, every coefficient but the intercept becomes the global one.
    func testAnUnboundedPullGivesTheGlobalCoefficients() throws {
        let (context, rows, segment) = try context()
        let global = try context.fit(rows: rows)
        let west = rows.filter { segment.text(at: $0) == "west" }
        let f = try context.fitSegment(rows: west, encoder: global.encoder, prior: global.beta, lambda: 1e12)
        for k in 1..<global.beta.count { XCTAssertClose(f.beta[k], global.beta[k], rel: 1e-6, abs: 1e-8, "term \(k)") }
        // The objective with a prior is the plain log-loss plus (λ/2)‖β − β̄‖² without the intercept.
        let design = try DesignMatrix(encoder: global.encoder, table: context.table, rows: west)
        let y = west.map { context.labels[$0] }
        var withPrior = LogisticObjective(design: design, labels: y, weights: .byLabel(negative: 1, positive: 1), lambda: 3)
        withPrior.prior = global.beta
        let plain = LogisticObjective(design: design, labels: y, weights: .byLabel(negative: 1, positive: 1), lambda: 0)
        var beta = global.beta
        for k in beta.indices { beta[k] += 0.1 * Double(k % 3) - 0.05 }
        var penalty = 0.0
        for k in 1..<beta.count {
            let d = beta[k] - global.beta[k]
            penalty += 1.5 * d * d
        }
        let a = withPrior.evaluate(beta, hessian: true), b = plain.evaluate(beta, hessian: true)
        XCTAssertClose(a.loss, b.loss + penalty, rel: 1e-13)
        for k in beta.indices {
            XCTAssertClose(a.gradient[k], b.gradient[k] + (k == 0 ? 0 : 3 * (beta[k] - global.beta[k])), rel: 1e-12, abs: 1e-12)
        }
    }

    /// Trained with --segment-by on three quarters of each segment: on the held-out quarter, the large segments'
    /// models beat the global model; the small segment stays nearer the global slope than the large one whose
    /// true slope it shares; the score names each lead's model; evaluate reports each model; inspect shows them.
    /// `--cv` with segment models measures the segmented procedure: its AUC is the mean, over the folds, of the
    /// AUC `evaluate` gives the model that `train --segment-by` fits on a fold's training rows, on its held-out
    /// rows (the folds as train draws them: stratified by the label, seed 42). The global procedure's differs.
    func testCrossValidationRefitsSegmentsInEachFold() throws {
        let dir = TestFiles.folder()
        let (header, rows, _) = try readAll(Self.path)
        let segmented = ["--segment-by", "segment", "--min-segment-rows", "100", "--min-segment-positives", "20"]
        let common = ["train", "--label", "converted", "--id", "lead_id", "--quiet"]
        let cv = try CommandLineTests.run(common + ["--data", Self.path, "--cv", "4"] + segmented + ["--out", dir + "/cv.json"])
        XCTAssertEqual(cv.status, 0, cv.err)
        let measured = try XCTUnwrap(try ModelFile.load(path: dir + "/cv.json").validation)
        XCTAssertEqual(measured.kind, "cv")

        let label = header.firstIndex(of: "converted")!
        let folds = DataSplit.stratifiedFolds(Array(rows.indices), labels: rows.map { $0[label] == "1" ? 1 : 0 }, k: 4, seed: 42)
        var aucs: [Double] = []
        for (i, test) in folds.enumerated() {
            let held = Set(test)
            var trainRows = CSVWriter(), testRows = CSVWriter()
            trainRows.row(header); testRows.row(header)
            for (k, r) in rows.enumerated() { if held.contains(k) { testRows.row(r) } else { trainRows.row(r) } }
            let (trainFile, testFile, model) = (dir + "/train\(i).csv", dir + "/test\(i).csv", dir + "/m\(i).json")
            try Data(trainRows.bytes).write(to: URL(fileURLWithPath: trainFile))
            try Data(testRows.bytes).write(to: URL(fileURLWithPath: testFile))
            let t = try CommandLineTests.run(common + ["--data", trainFile] + segmented + ["--out", model])
            XCTAssertEqual(t.status, 0, t.err)
            let e = try CommandLineTests.run(["evaluate", "--model", model, "--data", testFile, "--bootstrap", "0", "--json"])
            XCTAssertEqual(e.status, 0, e.err)
            let json = try JSONSerialization.jsonObject(with: Data(e.out.utf8)) as! [String: Any]
            aucs.append(json["auc"] as! Double)
        }
        // The same fits and rows; evaluate scores lead by lead, train's folds by blocks: the last bits may differ.
        XCTAssertEqual(measured.auc, aucs.reduce(0, +) / 4, accuracy: 1e-12)

        let global = try CommandLineTests.run(common + ["--data", Self.path, "--cv", "4", "--out", dir + "/global-cv.json"])
        XCTAssertEqual(global.status, 0, global.err)
        let globalAUC = try XCTUnwrap(try ModelFile.load(path: dir + "/global-cv.json").validation).auc
        XCTAssertGreaterThan(abs(globalAUC - measured.auc), 1e-4, "the segmented procedure is measured, not the global one")
    }

    func testPlantedSegmentsEndToEnd() throws {
        let dir = TestFiles.folder()
        let (header, rows, _) = try readAll(Self.path)
        var train = CSVWriter(), test = CSVWriter()
        train.row(header); test.row(header)
        var seen: [String: Int] = [:]
        for r in rows {
            seen[r[1], default: 0] += 1
            if seen[r[1]]! % 4 == 0 { test.row(r) } else { train.row(r) }
        }
        try Data(train.bytes).write(to: URL(fileURLWithPath: dir + "/train.csv"))
        try Data(test.bytes).write(to: URL(fileURLWithPath: dir + "/test.csv"))
        let common = ["train", "--data", dir + "/train.csv", "--label", "converted", "--id", "lead_id", "--quiet"]
        XCTAssertEqual(try CommandLineTests.run(common + ["--out", dir + "/global.json"]).status, 0)
        let t = try CommandLineTests.run(common + ["--segment-by", "segment", "--min-segment-rows", "100", "--min-segment-positives", "20",
                                                   "--out", dir + "/seg.json"])
        XCTAssertEqual(t.status, 0, t.err)
        let g = try ModelFile.load(path: dir + "/global.json"), s = try ModelFile.load(path: dir + "/seg.json")
        let seg = try XCTUnwrap(s.segments)
        XCTAssertEqual(seg.models.map(\.level), ["north", "south", "west"])
        XCTAssertEqual(s.coefficients.map(\.estimate), g.coefficients.map(\.estimate), "the global model is the same either way")
        let x1 = s.coefficients.firstIndex { $0.term == "x1" }!
        let slope = Dictionary(uniqueKeysWithValues: seg.models.map { ($0.level, $0.coefficients[x1].estimate) })
        let globalSlope = g.coefficients[x1].estimate
        XCTAssertGreaterThan(slope["north"]!, globalSlope + 0.5)
        XCTAssertLessThan(slope["south"]!, globalSlope - 0.3)
        XCTAssertLessThan(abs(slope["west"]! - globalSlope), abs(slope["south"]! - globalSlope), "the small segment is pooled more")

        func probabilities(_ model: String) throws -> [String: (Double, String)] {
            let out = dir + "/\((model as NSString).lastPathComponent).csv"
            let run = try CommandLineTests.run(["score", "--model", model, "--leads", dir + "/test.csv", "--out", out, "--quiet"])
            XCTAssertEqual(run.status, 0, run.err)
            let r = try readAll(out)
            let m = r.header.firstIndex(of: "model")
            var out2: [String: (Double, String)] = [:]
            for row in r.rows { out2[row[0]] = (Double(row[1])!, m.map { row[$0] } ?? "") }
            return out2
        }
        let pg = try probabilities(dir + "/global.json"), ps = try probabilities(dir + "/seg.json")
        let testRows = try readAll(dir + "/test.csv").rows
        for level in ["north", "south"] {
            let members = testRows.filter { $0[1] == level }
            func loss(_ p: [String: (Double, String)]) -> Double {
                members.reduce(0.0) { sum, r in let q = p[r[0]]!.0; return sum - (r[5] == "1" ? log(q) : log(1 - q)) } / Double(members.count)
            }
            XCTAssertLessThan(loss(ps), loss(pg) - 0.02, level)
            XCTAssertTrue(members.allSatisfy { ps[$0[0]]!.1 == "segment=\(level)" })
        }
        let e = try CommandLineTests.run(["evaluate", "--model", dir + "/seg.json", "--data", dir + "/test.csv", "--bootstrap", "0", "--json"])
        XCTAssertEqual(e.status, 0, e.err)
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(e.out.utf8)) as? [String: Any])
        let bySegment = try XCTUnwrap(report["segments"] as? [[String: Any]])
        XCTAssertEqual(bySegment.map { $0["model"] as? String }, ["segment=north", "segment=south", "segment=west"])
        XCTAssertEqual(bySegment.map { $0["rows"] as? Int ?? 0 }.reduce(0, +), testRows.count)
        let inspect = try CommandLineTests.run(["inspect", dir + "/seg.json"])
        XCTAssertTrue(inspect.out.contains("segment models by segment"), inspect.out)
        XCTAssertTrue(inspect.out.contains("segment=north  segment=south   segment=west"), inspect.out)
        let diff = try CommandLineTests.run(["diff", dir + "/global.json", dir + "/seg.json"])
        XCTAssertEqual(diff.status, 0, diff.err)
        XCTAssertTrue(diff.out.contains("segment models (the global coefficients above; leads are scored by their segment's): old none;"
            + " new segment=north, segment=south, segment=west"), diff.out)
        // The exported query picks the segment models too (compared with score's values in WarehouseTests).
        let sql = try CommandLineTests.run(["export-sql", "--model", dir + "/seg.json", "--dialect", "duckdb", "--table", "t"])
        XCTAssertEqual(sql.status, 0, sql.err)
        XCTAssertTrue(sql.out.contains("'segment=north'") && sql.out.contains("AS \"model\""), sql.out)
    }
}
