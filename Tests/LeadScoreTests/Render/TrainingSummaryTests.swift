import XCTest
@testable import LeadScore

final class TrainingSummaryTests: XCTestCase {
    /// Without a penalty, doubling a column's values leaves its odds ratio per standard deviation as it was
    /// and takes the square root of its odds ratio per unit (a unit is now half the old one).
    func testOddsRatioPerUnitFollowsTheColumnsScale() throws {
        let text = try String(contentsOfFile: TestFiles.fixture("history800.csv"), encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let k = try XCTUnwrap(lines[0].split(separator: ",").firstIndex(of: "site_visits"))
        for i in 1..<lines.count where !lines[i].isEmpty {
            var fields = lines[i].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            if let v = Double(fields[k]) { fields[k] = NumberFormat.shortest(2 * v) }
            lines[i] = fields.joined(separator: ",")
        }
        func model(_ path: String) throws -> ModelFile {
            var options = TrainingOptions(spec: FeatureSpec(label: "converted", id: "lead_id", missing: ["Select"]))
            options.l2 = 0
            options.minClassRows = 10
            return try Trainer.train(path: path, options: options).model
        }
        let plain = try model(TestFiles.fixture("history800.csv"))
        let doubled = try model(TestFiles.write(lines.joined(separator: "\n")))
        func row(_ m: ModelFile) throws -> (perSD: Double, perUnit: Double) {
            let c = try XCTUnwrap(m.coefficients.first { $0.term == "site_visits" })
            let cell = TrainingSummary.perUnit(c, m)
            let value = try XCTUnwrap(Double(cell.trimmingCharacters(in: .whitespaces).split(separator: " ")[0]), cell)
            XCTAssertTrue(cell.hasSuffix(" per unit"), cell)
            return (c.oddsRatio, value)
        }
        let a = try row(plain), b = try row(doubled)
        XCTAssertClose(a.perSD, b.perSD, rel: 1e-6)  // the same fit up to the solvers' stopping points
        XCTAssertClose(b.perUnit, a.perUnit.squareRoot(), rel: 2e-3)  // both printed to 3 decimals
        XCTAssertNotEqual(a.perUnit, b.perUnit)
        XCTAssertEqual(TrainingSummary.perUnit(try XCTUnwrap(plain.coefficients.first { $0.term == "demo_requested" }), plain), "")
    }

    /// Odds ratios far from 1 (per unit of a column whose spread is a hundredth, as a float64 export's often is)
    /// print with an exponent instead of dozens of digits; the usual ones with three decimals, as before.
    func testRatiosFarFromOneHaveAnExponent() {
        XCTAssertEqual(NumberFormat.ratio(1.2955e36), "1.30e+36")
        XCTAssertEqual(NumberFormat.ratio(2.297), "2.297")
        XCTAssertEqual(NumberFormat.ratio(999_999.9994), "999999.999")
        XCTAssertEqual(NumberFormat.ratio(1e6), "1.00e+06")
        XCTAssertEqual(NumberFormat.ratio(0.0012), "0.001")
        XCTAssertEqual(NumberFormat.ratio(0.00042), "4.20e-04")
        XCTAssertEqual(NumberFormat.ratio(.infinity), "inf")
        XCTAssertEqual(NumberFormat.ratio(0), "0.00e+00")
    }
}
