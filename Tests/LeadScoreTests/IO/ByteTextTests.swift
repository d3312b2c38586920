import XCTest
@testable import LeadScore

/// The number texts of score's lines, written into raw memory (`ByteText.writeInt`, `ByteText.writeFixed2`),
/// against Swift's own integer text and against the array-appending code they replaced, written out here.
final class ByteTextTests: XCTestCase {
    func testWriteIntAndAppendIntAreSwiftsDecimalText() {
        var values = [0, 1, 9, 10, 99, 100, 101, 999_999, 1_000_000, -1, -10, -123_456, Int.max, Int.min]
        var rng = SeededGenerator(seed: 4)
        for _ in 0..<2_000 { values.append(Int(bitPattern: UInt(rng.next())) >> rng.below(63)) }
        for v in values {
            let text = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { b in
                String(decoding: UnsafeBufferPointer(start: b.baseAddress!, count: ByteText.writeInt(v, to: b.baseAddress!)), as: UTF8.self)
            }
            XCTAssertEqual(text, String(v))
            var appended: [UInt8] = [7]
            ByteText.appendInt(v, to: &appended)
            XCTAssertEqual(appended, [7] + Array(String(v).utf8))
        }
    }

    func testWriteFixed2IsTheReplacedAppend() {
        /// The code `writeFixed2` replaced (RowScorer.appendFixed2 up to 2026-12-03), with Swift's integer text.
        func replaced(_ v: Double) -> String {
            let scaled = (v * 100).rounded()
            guard scaled < 1e15 else { return ">1e13" }
            let q = Int(scaled)
            var out = Array(String(q / 100).utf8)
            out.append(UInt8(ascii: "."))
            out.append(UInt8(48 + (q % 100) / 10))
            out.append(UInt8(48 + q % 10))
            return String(decoding: out, as: UTF8.self)
        }
        var values: [Double] = [0, 0.004, 0.005, 0.015, 0.125, 1, 1.005, 2.675, 9.995, 99.999, 1e12, 9.99e12, 1e13, 1e300,
                                .infinity, .nan, .greatestFiniteMagnitude, .leastNonzeroMagnitude]
        var rng = SeededGenerator(seed: 8)
        for _ in 0..<5_000 { values.append(abs(rng.normal()) * [0.01, 1, 100, 1e6, 1e12][rng.below(5)]) }
        // Halves of a hundredth and their neighbours, where rounding is decided (and near the `>1e13` edge).
        for _ in 0..<2_000 {
            let half = (Double(rng.below(1 << 20)) + 0.5) / 100 * [1, 1e-3, 1e6][rng.below(3)]
            values += [half, half.nextUp, half.nextDown]
        }
        for edge in [9_999_999_999_999.99, 9_999_999_999_999.995, 1e13 - 1e-3] { values += [edge, edge.nextUp, edge.nextDown] }
        for v in values {
            let text = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { b in
                String(decoding: UnsafeBufferPointer(start: b.baseAddress!, count: ByteText.writeFixed2(v, to: b.baseAddress!)), as: UTF8.self)
            }
            XCTAssertEqual(text, replaced(v), "\(v)")
        }
    }

    func testWriteShortestIsDescription() {
        var values: [Double] = [0, -0.0, 1, 0.5, 0.1, 1e-5, 1e16, 123456789012345680, .infinity, -.infinity, .nan,
                                .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .leastNonzeroMagnitude,
                                .leastNormalMagnitude, -.leastNormalMagnitude.nextDown, 0.9998533758790259, 0.11714002997546769]
        var rng = SeededGenerator(seed: 12)
        for _ in 0..<20_000 {
            values.append(Double(bitPattern: rng.next()))  // any double, NaN payloads included
            values.append(rng.uniform())  // probabilities
            values.append(1 / (1 + exp(-rng.normal() * 20)))  // sigmoids, near 0 and 1 too
        }
        for v in values {
            let text = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { b in
                String(decoding: UnsafeBufferPointer(start: b.baseAddress!, count: ByteText.writeShortest(v, to: b.baseAddress!)), as: UTF8.self)
            }
            XCTAssertEqual(text, v.description, "\(v.bitPattern)")
        }
    }
}
