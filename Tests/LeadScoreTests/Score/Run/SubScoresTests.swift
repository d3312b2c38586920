import XCTest
@testable import LeadScore

/// Fit and engagement sub-scores (issue 12, part 2) against Tests/reference/encode_and_fit.py (pandas 3.1.1,
/// scikit-learn 1.9.1, numpy 2.4.6): each group's log-odds b + Σ_{f∈G} c_f from its own encoding and fit.
final class SubScoresTests: XCTestCase {
    static let fit = ["industry", "employees", "annual_revenue", "region", "job_level"]
    static let engagement = ["site_visits", "pricing_page_views", "email_clicks", "content_downloads", "webinars_attended",
                             "demo_requested", "trial_started", "days_since_last_activity"]

    func model(groups: [FeatureGroup]) throws -> ModelFile {
        var spec = FeatureSpec(label: "converted", exclude: ["lead_id", "created_date"], missing: ["Select"])
        spec.groups = groups
        return try Trainer.train(path: TestFiles.fixture("history800.csv"), options: TrainingOptions(spec: spec)).model
    }

    /// Each lead's group log-odds (rows 0, 1, 2, 799), from the scorer's contributions.
    func logOdds(_ m: ModelFile, rows: [Int]) throws -> [[Double]] {
        let path = TestFiles.fixture("history800.csv")
        let reader = try CSVReader(path: path)
        let scorer = try RowScorer(model: m, header: reader.header, file: path)
        let sub = try XCTUnwrap(SubScores(groups: m.spec.groups, scorer: scorer))
        var out: [[Double]] = [], row = 0, c = [Double](repeating: 0, count: scorer.featureNames.count), counts = RowScorer.Counts()
        try reader.forEachRecord { r in
            defer { row += 1 }
            guard rows.contains(row) else { return }
            XCTAssertNil(scorer.score(r, missing: m.spec.valueRules, contributions: &c, counts: &counts).problem)
            out.append(sub.slots.indices.map { sub.logOdds($0, c) })
        }
        return out
    }

    /// encode_and_fit.py --data history800.csv --label converted --exclude lead_id,created_date --missing Select
    ///   --rows 0,1,2,799 --groups "fit=industry,employees,annual_revenue,region,job_level;engagement=site_visits,
    ///   pricing_page_views,email_clicks,content_downloads,webinars_attended,demo_requested,trial_started,days_since_last_activity"
    func testGroupLogOddsAgreeWithScikitLearn() throws {
        let m = try model(groups: [FeatureGroup(name: "fit", columns: Self.fit), FeatureGroup(name: "engagement", columns: Self.engagement)])
        let fit = [-3.8298276801468507, -3.672112629450018, -4.919751348370932, -4.93971742750716]
        let engagement = [-1.8648097040276335, -4.146625246178225, -3.5726933383394437, -3.5574552171059586]
        let got = try logOdds(m, rows: [0, 1, 2, 799])
        for (k, row) in got.enumerated() {
            // The two fits agree to about 1e-10 (TrainerTests); log-odds of a few units carry that as 1e-9.
            XCTAssertClose(row[0], fit[k], rel: 1e-9, "fit, row \(k)")
            XCTAssertClose(row[1], engagement[k], rel: 1e-9, "engagement, row \(k)")
            XCTAssertEqual(TierAssigner.score(Logistic.sigmoid(row[0])), TierAssigner.score(1 / (1 + exp(-fit[k]))))
        }
    }

    /// A group of every feature gives the score itself; the groups are checked against the features.
    func testAGroupOfEveryFeatureIsTheScore() throws {
        let all = try model(groups: []).encoder.features.map(\.name)
        let m = try model(groups: [FeatureGroup(name: "all", columns: all)])
        let path = TestFiles.fixture("history800.csv")
        let reader = try CSVReader(path: path)
        let scorer = try RowScorer(model: m, header: reader.header, file: path)
        let sub = try XCTUnwrap(SubScores(groups: m.spec.groups, scorer: scorer))
        var c = [Double](repeating: 0, count: all.count), counts = RowScorer.Counts(), n = 0
        try reader.forEachRecord { r in
            let eta = scorer.score(r, missing: m.spec.valueRules, contributions: &c, counts: &counts).eta
            XCTAssertEqual(sub.logOdds(0, c), eta)
            n += 1
        }
        XCTAssertEqual(n, 800)
        XCTAssertThrowsError(try model(groups: [FeatureGroup(name: "fit", columns: ["industry", "lead_id"])])) { e in
            XCTAssertTrue("\(e)".contains("group 'fit' names 'lead_id', which is not a feature of the model"), "\(e)")
        }
    }

    func testGradesTakeTheFirstBandReached() {
        let g = Grades(group: "fit", bands: [("A", 75), ("B", 50), ("C", 25)])
        XCTAssertEqual([100, 75, 74, 50, 49, 25, 24, 0].map(g.letter), ["A", "A", "B", "B", "C", "C", "D", "D"])
    }
}
