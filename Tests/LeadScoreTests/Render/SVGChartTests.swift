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
}
