import CKernels
import XCTest
#if canImport(Glibc)
import Glibc
#endif
@testable import LeadScore

/// `NumberParser`'s Eisel-Lemire path against glibc's `strtod` (correctly rounded, by multi-precision
/// arithmetic: an independent computation), bit for bit.
final class EiselLemireTests: XCTestCase {
    private func parsed(_ s: String) -> Double? {
        var bytes = Array(s.utf8)
        return bytes.withUnsafeMutableBufferPointer { NumberParser.parse(UnsafeBufferPointer($0)) }
    }

    private func strtodValue(_ s: String) -> Double { s.withCString { strtod($0, nil) } }

    private func decomposed(_ s: String) -> NumberParser.Decomposed {
        var bytes = Array(s.utf8)
        return bytes.withUnsafeMutableBufferPointer { NumberParser.decompose(UnsafeBufferPointer($0), point: UInt8(ascii: ".")) }
    }

    /// Every exponent of the table and past it, with 1 to 19 random digits, both signs.
    func testEveryExponentMatchesStrtod() {
        var g = SeededGenerator(seed: 17)
        var mismatches = 0, fast = 0, total = 0
        for q in (Int(CKERNELS_FIVE_SMALLEST) - 3)...(Int(CKERNELS_FIVE_LARGEST) + 3) {
            for k in 0..<300 {
                let length = k < 100 ? 19 : k < 200 ? 17 : Int.random(in: 1...19, using: &g)
                var w = UInt64.random(in: 1...9, using: &g)
                for _ in 1..<length { w = w * 10 + UInt64.random(in: 0...9, using: &g) }
                let s = (k % 2 == 0 ? "" : "-") + "\(w)e\(q)"
                total += 1
                if let v = NumberParser.eiselLemire(w, q) {
                    fast += 1
                    if (k % 2 == 0 ? v : -v).bitPattern != strtodValue(s).bitPattern { mismatches += 1 }
                }
                if parsed(s)?.bitPattern != strtodValue(s).bitPattern { mismatches += 1; XCTFail(s) }
                if mismatches > 5 { return }
            }
        }
        XCTAssertEqual(mismatches, 0)
        // Only the table's range leaves it (and an undecided product, which takes a one in 2^54 chance).
        XCTAssertEqual(fast, (Int(CKERNELS_FIVE_LARGEST) - Int(CKERNELS_FIVE_SMALLEST) + 1) * 300, "of \(total)")
    }

    /// Random doubles as the shortest text that reads back as them (how pandas and Swift print a float64).
    func testShortestTextOfRandomDoublesReadsBack() {
        var g = SeededGenerator(seed: 23)
        for _ in 0..<200_000 {
            let v = Double(bitPattern: UInt64.random(in: 0x2B00_0000_0000_0000...0x5700_0000_0000_0000, using: &g))
            let s = "\(v)"
            guard let got = parsed(s) else { XCTFail(s); return }
            if got.bitPattern != v.bitPattern || got.bitPattern != strtodValue(s).bitPattern { XCTFail(s); return }
        }
    }

    /// Numbers exactly halfway between two doubles go to the even one: integers halfway between doubles of
    /// 2^53 to 2^63, written plainly, with their trailing zeros as an exponent, and with a fraction of zeros.
    func testHalfwayCasesRoundToEven() {
        var g = SeededGenerator(seed: 29)
        var taken = 0
        for _ in 0..<50_000 {
            let e = Int.random(in: 53...62, using: &g)
            let m = UInt64.random(in: (1 << 52)...((1 << 53) - 1), using: &g)
            let half = UInt64(1) << UInt64(e - 53)
            let tie = m << UInt64(e - 52) + half  // (m + 1/2) · 2^(e − 52)
            var digits = "\(tie)", exponent = 0
            while digits.hasSuffix("0") { digits.removeLast(); exponent += 1 }
            for s in ["\(tie)", "\(digits)e\(exponent)", "\(tie).000"] {
                if parsed(s)?.bitPattern != strtodValue(s).bitPattern { XCTFail(s); return }
            }
            if case .rounded = decomposed("\(tie)") { taken += 1 }
        }
        XCTAssertEqual(taken, 50_000, "every tie read by the Eisel-Lemire path")
    }

    /// Plain decimals of every length (`NumberParser.plain`, eight digits at a time): leading zeros, up to 30 digits
    /// before and after the mark, a decimal comma, against `strtod` with a point.
    func testPlainDecimalsOfAnyLengthMatchStrtod() {
        var g = SeededGenerator(seed: 31)
        for _ in 0..<200_000 {
            var s = Bool.random(using: &g) ? "-" : ""
            let zeros = Int.random(in: 0...3, using: &g), whole = Int.random(in: 0...30, using: &g)
            let fraction = Int.random(in: -1...30, using: &g), fractionZeros = Int.random(in: 0...12, using: &g)
            s += String(repeating: "0", count: zeros)
            for _ in 0..<whole { s.append(Character(String(Int.random(in: 0...9, using: &g)))) }
            if fraction >= 0 {
                s += "." + String(repeating: "0", count: fractionZeros)
                for _ in 0..<fraction { s.append(Character(String(Int.random(in: 0...9, using: &g)))) }
            }
            let hasDigit = zeros + whole + (fraction >= 0 ? fractionZeros + fraction : 0) > 0
            let expected = hasDigit ? strtodValue(s) : nil
            if parsed(s)?.bitPattern != expected?.bitPattern { return XCTFail(s) }
            var comma = Array(s.replacingOccurrences(of: ".", with: ",").utf8)
            let gotComma = comma.withUnsafeMutableBufferPointer { NumberParser.parse(UnsafeBufferPointer($0), point: UInt8(ascii: ",")) }
            if gotComma?.bitPattern != expected?.bitPattern { return XCTFail(s + " with a comma") }
        }
    }

    /// Which path reads what: long decimals as a CSV holds them take the fast one; a number with a nonzero digit
    /// past the 19th, or out of the table's range, goes to `strtod`, and reads as it does.
    func testPaths() {
        for s in ["0.0056480273439885412", "-34.017308919896394", "1.0214815071166938", "9007199254740993", "1e23",
                  "6.02214076e-30", "12345678901234567890000"] {
            guard case .rounded(let v) = decomposed(s) else { return XCTFail("\(s): not the fast path") }
            XCTAssertEqual(v.bitPattern, strtodValue(s).bitPattern, s)
        }
        for s in ["12345678901234567891", "0.1000000000000000055511151231257827", "1e200", "4.9e-324", "1.7976931348623157e308",
                  "2.2250738585072014e-308", "123456789012345678901234567890"] {
            guard case .other = decomposed(s) else { return XCTFail("\(s): not strtod") }
            XCTAssertEqual(parsed(s)?.bitPattern, strtodValue(s).bitPattern, s)
        }
    }
}
