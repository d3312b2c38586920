import XCTest
import FoundationXML
@testable import LeadScore

final class SVGChartTests: XCTestCase {
    let p: [Double] = [0.9, 0.8, 0.8, 0.7, 0.6, 0.6, 0.6, 0.4, 0.3, 0.2, 0.2, 0.1, 0.05, 0.5, 0.5, 0.0, 1.0]
    let y: [Double] = [1, 1, 0, 1, 0, 1, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 1]

    func testChartsAreWellFormedSVG() throws {
        let m = BinaryMetrics(scores: p, labels: y)
        for svg in [EvaluationCharts.roc(m, auc: m.auc()), EvaluationCharts.calibration(m.calibration(), ece: m.ece()),
                    EvaluationCharts.gains(m.gains(), auc: m.auc())] {
            let doc = try XMLDocument(data: Data(svg.utf8))
            let root = try XCTUnwrap(doc.rootElement())
            XCTAssertEqual(root.name, "svg")
            XCTAssertEqual(try root.nodes(forXPath: "//*[local-name()='polyline']").count, 1)
            XCTAssertEqual(try root.nodes(forXPath: "//*[@id='reference']").count, 1)
            XCTAssertEqual(try root.nodes(forXPath: "//*[@id='legend']").count, 1)
            XCTAssertGreaterThanOrEqual(try root.nodes(forXPath: "//*[local-name()='text']").count, 15)
            XCTAssertTrue(svg.contains("AUC 0.829") || svg.contains("ECE"))
        }
    }

    /// The calibration chart zooms to its data (a low base rate no longer leaves the points in a corner of the
    /// unit square), shows each bin's count, and carries the subtitle that keeps a screenshot's context.
    func testCalibrationZoomsToItsDataAndShowsCounts() throws {
        let bins = [CalibrationBin(count: 500, meanPredicted: 0.02, observedRate: 0.018),
                    CalibrationBin(count: 500, meanPredicted: 0.3, observedRate: 0.28)]
        let svg = EvaluationCharts.calibration(bins, ece: 0.01, subtitle: "model.json on last.csv, 2026-12-02")
        let doc = try XMLDocument(data: Data(svg.utf8))
        let texts = try doc.nodes(forXPath: "//*[local-name()='text']").compactMap(\.stringValue)
        XCTAssertTrue(texts.contains("0.40"), "axes end at 0.4, the first step above 0.3 × 1.05: \(texts)")
        XCTAssertFalse(texts.contains("1.0"))
        XCTAssertEqual(texts.filter { $0 == "n=500" }.count, 2)
        XCTAssertEqual(try doc.nodes(forXPath: "//*[@id='subtitle']").first?.stringValue, "model.json on last.csv, 2026-12-02")
        // The top bin's marker sits inside the plot, not beyond its top edge.
        let markers = try doc.nodes(forXPath: "//*[local-name()='circle']").compactMap { ($0 as? XMLElement)?.attribute(forName: "cy")?.stringValue }
        XCTAssertTrue(markers.allSatisfy { Double($0)! > 58 && Double($0)! < 344 }, "\(markers)")
    }
}
