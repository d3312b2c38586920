import XCTest
@testable import LeadScore

/// `Table.picking` (a warm start's sample as a table of its own) keeps each picked row's value and the
/// column's storage, and a design matrix over the picked table is the one over the original table's rows,
/// bit for bit: the sample's fit is the same, only read as stretches.
final class TablePickingTests: XCTestCase {
    func testPickedTableHoldsThePickedRowsAndTheSameDesign() throws {
        var rng = SeededGenerator(seed: 31)
        let n = 3_000
        var text = "scaled,wide,tiny,when,industry,domain,flag,logged\n"
        for i in 0..<n {
            let scaled = i % 17 == 0 ? "" : i == 40 ? "-0" : String(format: "%.2f", rng.uniform() * 2_000 - 1_000)  // past 16 bits
            let wide = i % 23 == 0 ? "" : String(rng.below(1_000_000_000) * 10)  // past 32 bits: kept as doubles
            let tiny = "1e-\(3 + rng.below(5))"                                    // exponents: 16-bit, 7 decimals
            let when = i % 29 == 0 ? "" : "2024-0\(1 + rng.below(9))-1\(rng.below(10))"
            let industry = i % 13 == 0 ? "" : ["saas", "retail", "health", "energy"][rng.below(4)]
            let domain = "d\(rng.below(400))"                                      // over 255 levels: 32-bit codes
            let flag = i % 11 == 0 ? "" : rng.below(2) == 0 ? "yes" : "no"
            let logged = String(rng.below(5_000))                                  // 16-bit
            text += [scaled, wide, tiny, when, industry, domain, flag, logged].joined(separator: ",") + "\n"
        }
        let requests: [String: ColumnRequest] = ["scaled": .numeric, "wide": .numeric, "tiny": .numeric, "when": .date,
                                                 "industry": .text, "domain": .text, "flag": .text, "logged": .numeric]
        let table = try TableReader.read(path: TestFiles.write(text), columns: requests, missing: ValueRules())
        let rows = (0..<700).map { _ in rng.below(n) } + [0, n - 1, 40, 40]
        let names = Array(requests.keys)
        let picked = table.picking(rows, columns: names)
        XCTAssertEqual(picked.rowCount, rows.count)
        for name in names {
            let a = table[name]!, b = picked[name]!
            XCTAssertEqual(b.missingCount, rows.filter { a.text(at: $0) == nil }.count, name)
            switch (a.values, b.values) {
            case (.numbers(let x), .numbers(let y)):
                XCTAssertEqual(y.map(\.bitPattern), rows.map { x[$0].bitPattern }, name)
                XCTAssertEqual(x.kind, y.kind, "\(name): the storage changed")
            case (.dates(let x), .dates(let y)):
                XCTAssertEqual(y.map(\.bitPattern), rows.map { x[$0].bitPattern }, name)
            case (.text(let x, let levels), .text(let y, let pickedLevels)):
                XCTAssertEqual(pickedLevels, levels, name)
                XCTAssertEqual(Array(y), rows.map { x[$0] }, name)
            default: XCTFail("\(name): the kind changed")
            }
        }
        guard table["scaled"]!.numbers?.kind == .scaled, table["logged"]!.numbers?.kind == .narrow,
              table["tiny"]!.numbers?.kind == .narrow, table["wide"]!.numbers?.kind == .doubles,
              case .text(let domainCodes, _) = table["domain"]!.values, case .words = domainCodes.storage else {
            return XCTFail("the file should give columns of each storage and 32-bit codes")
        }
        let features = [FeatureDeclaration(name: "scaled", type: .numeric), FeatureDeclaration(name: "wide", type: .numeric),
                        FeatureDeclaration(name: "tiny", type: .numeric), FeatureDeclaration(name: "industry", type: .categorical),
                        FeatureDeclaration(name: "domain", type: .categorical), FeatureDeclaration(name: "flag", type: .boolean),
                        FeatureDeclaration(name: "logged", type: .numeric, transform: .log1p)]
        let encoder = try FeatureEncoder.fit(table: table, features: features, rows: Array(0..<n), minLevelCount: 5,
                                             dropReference: false)
        let original = try DesignMatrix(encoder: encoder, table: table, rows: rows)
        let sample = try DesignMatrix(encoder: encoder, table: picked, rows: Array(0..<rows.count))
        var a = [Double](repeating: 0, count: rows.count * original.width), b = a
        original.fill(0..<rows.count, into: &a)
        sample.fill(0..<rows.count, into: &b)
        XCTAssertEqual(a.map(\.bitPattern), b.map(\.bitPattern))
        XCTAssertGreaterThan(original.width, 20)
    }
}
