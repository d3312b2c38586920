import XCTest
@testable import LeadScore

final class FeatureEncoderTests: XCTestCase {
    /// Values worked out by hand from the encoding formulas in EncodedFeature's documentation.
    func testEncodingByHand() throws {
        let path = TestFiles.write("""
        n,b,c
        1,yes,red
        3,no,red
        ,yes,blue
        5,,green
        """)
        let table = try TableReader.read(path: path, columns: ["n": .numeric, "b": .text, "c": .text], missing: ValueRules())
        let encoder = try FeatureEncoder.fit(table: table, features: [
            FeatureDeclaration(name: "n", type: .numeric), FeatureDeclaration(name: "b", type: .boolean),
            FeatureDeclaration(name: "c", type: .categorical)], minLevelCount: 2, dropReference: false)
        XCTAssertEqual(encoder.terms, ["n", "n:missing", "b", "b:missing", "c=red", "c=(other)"])
        // n: mean 3 over present values; sd = sqrt((4 + 0 + 0 + 4) / 4) = sqrt(2) over all 4 rows (imputed).
        XCTAssertEqual(encoder.features[0].mean, 3)
        XCTAssertClose(encoder.features[0].scale, 2.0.squareRoot(), rel: 1e-15)  // a few roundings
        // b: share of true among present = 2/3.
        XCTAssertClose(encoder.features[1].mean, 2.0 / 3.0, rel: 1e-15)
        XCTAssertEqual(encoder.features[2].folded, ["blue", "green"])
        let design = try DesignMatrix(encoder: encoder, table: table, rows: [0, 1, 2, 3])
        var block = [Double](repeating: 0, count: 4 * design.width)
        design.fill(0..<4, into: &block)
        let s = 2.0.squareRoot()
        let expected: [[Double]] = [
            [1, -2 / s, 0, 1, 0, 1, 0],
            [1, 0, 0, 0, 0, 1, 0],
            [1, 0, 1, 1, 0, 0, 1],
            [1, 2 / s, 0, 2.0 / 3.0, 1, 0, 1],
        ]
        for r in 0..<4 { for j in 0..<7 { XCTAssertClose(block[r * 7 + j], expected[r][j], rel: 1e-15, abs: 1e-15, "row \(r) col \(j)") } }
        XCTAssertEqual(encoder.termMeans[4], 0.5)
    }

    func testUnseenLevelsEncodeAsZerosAndReferenceIsDroppedWithoutPenalty() throws {
        let train = TestFiles.write("c\nx\nx\nx\ny\ny\n")
        let table = try TableReader.read(path: train, columns: ["c": .text], missing: ValueRules())
        let enc = try FeatureEncoder.fit(table: table, features: [FeatureDeclaration(name: "c", type: .categorical)],
                                         minLevelCount: 1, dropReference: true)
        XCTAssertEqual(enc.features[0].reference, "x")
        XCTAssertEqual(enc.terms, ["c=y"])
        let other = try TableReader.read(path: TestFiles.write("c\nz\ny\n"), columns: ["c": .text], missing: ValueRules())
        let design = try DesignMatrix(encoder: enc, table: other, rows: [0, 1])
        var block = [Double](repeating: 0, count: 2 * design.width)
        design.fill(0..<2, into: &block)
        XCTAssertEqual(block, [1, 0, 1, 1])
    }

    func testLog1pRefusesValuesAtMinusOne() throws {
        let table = try TableReader.read(path: TestFiles.write("n\n-1\n3\n"), columns: ["n": .numeric], missing: ValueRules())
        XCTAssertThrowsError(try FeatureEncoder.fit(table: table, features: [FeatureDeclaration(name: "n", type: .numeric, transform: .log1p)],
                                                    minLevelCount: 1, dropReference: false)) {
            XCTAssertTrue("\($0)".contains("log1p needs values above -1"))
        }
    }
}
