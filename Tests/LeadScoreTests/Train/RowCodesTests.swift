import CKernels
import XCTest
@testable import LeadScore

/// A block's codes gathered row by row from the design's `IndicatorRows` (`ckernels_gather_codes`) are the codes
/// laid out a slot a column and compacted (`fillCodes`, `ckernels_compact_codes`): the same terms in the same order,
/// so the objective's sums are the same bit for bit.
final class RowCodesTests: XCTestCase {
    /// The kernel against the definition, on random layouts: columns of codes before, between and after runs of
    /// indicators (none, adjacent, 0 to 150 indicators: runs crossing bytes and 64-bit loads), rows from an offset.
    func testTheKernelGathersEachRowsTermsInSourceOrder() {
        var rng = SeededGenerator(seed: 23)
        for trial in 0..<400 {
            let k1 = [0, 1, 7, 8, 9, 63, 64, 65, 130, 150][trial % 10], k0 = rng.below(4) + (k1 == 0 ? 1 : 0)
            let n = 1 + rng.below(200), first = rng.below(100), total = first + n + rng.below(5)
            let stride = (k1 + 7) / 8
            var bytes = [UInt8](repeating: 0, count: total * stride + 8)
            var present = [[Bool]](repeating: [Bool](repeating: false, count: k1), count: total)
            let share = [0.02, 0.1, 0.5, 0.97][rng.below(4)]
            for r in 0..<total {
                for s in 0..<k1 where rng.uniform() < share {
                    present[r][s] = true
                    bytes[r * stride + s / 8] |= 1 << UInt8(s % 8)
                }
            }
            // Junk past the last row and in the unused bits of a row's last byte must not be read as present.
            for i in (total * stride)..<bytes.count { bytes[i] = 0xFF }
            if k1 % 8 != 0 { for r in 0..<total { bytes[r * stride + stride - 1] |= ~UInt8((1 << (k1 % 8)) - 1) } }
            let breaks = (0..<k0).map { _ in Int32(rng.below(k1 + 1)) }.sorted()
            let slotTerms = (0..<k1).map { _ in Int32(rng.below(1000)) }
            let columns = (0..<(k0 * n)).map { _ in rng.below(4) == 0 ? Int32(-1) : Int32(rng.below(1000)) }
            // The definition: each source in order, its term where present.
            var expected: [[Int32]] = []
            for r in 0..<n {
                var row: [Int32] = [], lo = 0
                for i in 0...k0 {
                    let hi = i < k0 ? Int(breaks[i]) : k1
                    for s in lo..<hi where present[first + r][s] { row.append(slotTerms[s]) }
                    if i < k0, columns[i * n + r] >= 0 { row.append(columns[i * n + r]) }
                    lo = hi
                }
                expected.append(row)
            }
            var starts = [Int32](repeating: -7, count: n + 1), out = [Int32](repeating: -7, count: n * (k0 + k1) + 1)
            let count = ckernels_gather_codes(columns, breaks, Int64(k0), bytes, Int64(stride), Int64(first), slotTerms,
                                              Int64(k1), Int64(n), &starts, &out)
            XCTAssertEqual(Int(count), expected.reduce(0) { $0 + $1.count }, "trial \(trial)")
            XCTAssertEqual(Int(starts[n]), Int(count), "trial \(trial)")
            for r in 0..<n {
                XCTAssertEqual(Array(out[Int(starts[r])..<Int(starts[r + 1])]), expected[r], "trial \(trial), row \(r)")
            }
        }
    }

    /// A design with more indicators kept as codes than categorical features (70 numeric columns, 8% missing; one
    /// stored as doubles; three categoricals among them, one with a level without a term) gathers its codes, and
    /// every block of the objective's, at any offset, gets the compacted codes; a design over rows that are not a
    /// run does not gather.
    func testGatheredBlocksEqualTheCompactedCodes() throws {
        var rng = SeededGenerator(seed: 5)
        let numeric = (0..<70).map { "m\($0)" }, header = ["c0"] + numeric[..<35] + ["c1"] + numeric[35...] + ["c2"]
        var text = header.joined(separator: ",") + "\n"
        for _ in 0..<1_500 {
            text += header.map { name -> String in
                if name.hasPrefix("c") { return ["a", "b", "c", "d"][rng.below(4)] }
                if rng.below(100) < 8 { return "" }
                return name == "m17" ? "0.\(100_000_000_000 + rng.below(900_000_000_000))" : "\(rng.below(2_000) - 1_000).\(rng.below(10))"
            }.joined(separator: ",") + "\n"
        }
        let requests = Dictionary(uniqueKeysWithValues: header.map { ($0, $0.hasPrefix("c") ? ColumnRequest.text : .numeric) })
        let table = try TableReader.read(path: TestFiles.write(text), columns: requests, missing: ValueRules())
        XCTAssertEqual(table["m17"]!.numbers!.kind, .doubles)
        XCTAssertEqual(table["m18"]!.numbers!.kind, .narrow, "16-bit integers at one decimal")
        let features = header.map { FeatureDeclaration(name: $0, type: $0.hasPrefix("c") ? .categorical : .numeric) }
        // The reference levels dropped: a level without a term, −1 in its column.
        let encoder = try FeatureEncoder.fit(table: table, features: features, minLevelCount: 1, dropReference: true)
        for rows in [Array(0..<table.rowCount), Array(7..<1_400)] {
            let design = try DesignMatrix(encoder: encoder, table: table, rows: rows)
            XCTAssertEqual(design.codeCount, 73)
            XCTAssertTrue(design.gathersCodes)
            let indicators = try XCTUnwrap(design.indicatorRows())
            XCTAssertEqual(indicators.slotTerms.count, 70)
            XCTAssertEqual(indicators.breaks, [0, 35, 70])
            var gathered = RowCodes(rows: 300, perRow: design.codeCount, indicators: indicators)
            var compacted = RowCodes(rows: 300, perRow: design.codeCount)
            var codes = [Int32](repeating: 0, count: 300 * design.codeCount)
            var start = 0, absent = 0, indicated = 0
            while start < rows.count {
                let range = start..<min(rows.count, start + 1 + rng.below(300))
                gathered.fill(range, from: design)
                compacted.fill(range, from: design)
                let n = range.count, end = Int(compacted.starts[n])
                XCTAssertEqual(gathered.starts.prefix(n + 1), compacted.starts.prefix(n + 1), "rows \(range)")
                XCTAssertEqual(gathered.terms.prefix(end), compacted.terms.prefix(end), "rows \(range)")
                design.fillCodes(range, into: &codes)
                absent += (0..<n).reduce(0) { a, r in a + [0, 36, 72].filter { codes[r * 73 + $0] < 0 }.count }
                indicated += end
                start = range.upperBound
            }
            XCTAssertGreaterThan(absent, 0, "some categorical values without a term")
            XCTAssertGreaterThan(indicated, rows.count * 5, "indicators present")
        }
        let picked = try DesignMatrix(encoder: encoder, table: table, rows: Array(stride(from: 0, to: table.rowCount, by: 2)))
        XCTAssertFalse(picked.gathersCodes)
        XCTAssertNil(picked.indicatorRows())
    }

    /// The stage tool's encode pass (`DesignMatrix.fillEveryBlock`) covers every row once, in the objective's chunks
    /// and blocks: its present terms are the codes `fillCodes` lays out for all rows at once, and its blocks' last
    /// values are those of the column-by-column fill (`fillDense` without the lane columns) of the same rows.
    func testTheEncodePassFillsEveryRowOnce() throws {
        var rng = SeededGenerator(seed: 8)
        let header = ["c0", "m0", "m1", "m2"]
        var text = header.joined(separator: ",") + "\n"
        for _ in 0..<20_000 {
            text += header.map { name -> String in
                if name == "c0" { return ["a", "b", "c", "d", "e"][rng.below(5)] }
                return rng.below(100) < 8 ? "" : "\(rng.below(2_000) - 1_000).\(rng.below(10))"
            }.joined(separator: ",") + "\n"
        }
        let requests = Dictionary(uniqueKeysWithValues: header.map { ($0, $0 == "c0" ? ColumnRequest.text : .numeric) })
        let table = try TableReader.read(path: TestFiles.write(text), columns: requests, missing: ValueRules())
        let features = header.map { FeatureDeclaration(name: $0, type: $0 == "c0" ? .categorical : .numeric) }
        let encoder = try FeatureEncoder.fit(table: table, features: features, minLevelCount: 1, dropReference: true)
        let design = try DesignMatrix(encoder: encoder, table: table, rows: Array(0..<table.rowCount))
        XCTAssertTrue(design.gathersCodes)
        let chunks = LogisticObjective.chunks(rows: 20_000)
        XCTAssertEqual(chunks.count, 4)
        var codes = [Int32](repeating: 0, count: 20_000 * design.codeCount)
        design.fillCodes(0..<20_000, into: &codes)
        let present = codes.filter { $0 >= 0 }.count
        XCTAssertGreaterThan(present, 20_000, "indicators present besides the categorical's codes")
        let d = design.denseWidth
        var block = [Double](repeating: 0, count: design.blockRows * d), last = 0.0
        for chunk in chunks {
            var sum = 0.0  // each chunk's sum, then the chunks' in order (the pass's own order of addition)
            for start in stride(from: chunk.lowerBound, to: chunk.upperBound, by: design.blockRows) {
                let range = start..<min(chunk.upperBound, start + design.blockRows)
                design.fillDense(range, into: &block)
                sum += block[range.count * d - 1]
            }
            last += sum
        }
        let filled = design.fillEveryBlock()
        XCTAssertEqual(filled.presentTerms, present)
        XCTAssertEqual(filled.lastValues, last)
    }
}
