import XCTest
@testable import LeadScore

final class TokenParserTests: XCTestCase {
    func testNumbersParseExactlyAsStrtod() {
        for s in ["0", "-0", "7", "3.14", "-2.5e-3", "1e22", "123456789012345678", "0.1", "1.7976931348623157e308",
                  "4.9e-324", " 12 ", "+5", "9007199254740993", "2.2250738585072014e-308", ".5", "5."] {
            var bytes = Array(s.utf8)
            let v = bytes.withUnsafeMutableBufferPointer { NumberParser.parse(UnsafeBufferPointer($0)) }
            XCTAssertEqual(v, Double(s.trimmingCharacters(in: .whitespaces)), s)
        }
        for s in ["", "abc", "1.2.3", "12a", "e5", "--1", "1e"] {
            var bytes = Array(s.utf8)
            XCTAssertNil(bytes.withUnsafeMutableBufferPointer { NumberParser.parse(UnsafeBufferPointer($0)) }, s)
        }
    }

    func testValueRules() {
        let m = ValueRules(extra: ["Select", "unknown"])
        for s in ["", "NA", "na", "nA", "N/A", "n/a", "null", "NULL", "nUlL", "NaN", "nan", "Select", "unknown"] {
            XCTAssertTrue(m.isMissing(s), s)
        }
        for s in ["select", "Unknown", "Selectt", "0", "n", "no", "nab", "n/b", "n-a", "nul", "nulls", "none", "NAN!"] {
            XCTAssertFalse(m.isMissing(s), s)
        }
    }

    func testISODates() {
        XCTAssertEqual(ISODate.seconds("1970-01-02"), 86_400)
        XCTAssertEqual(ISODate.seconds("2024-02-29T12:00:00Z"), 1_709_208_000)
        XCTAssertEqual(ISODate.seconds("2024-02-29 13:00:00+01:00"), 1_709_208_000)
        XCTAssertNil(ISODate.seconds("2024-13-01"))
        // Days that are not in their month: February of a common year and of a century, 30-day months.
        XCTAssertNil(ISODate.seconds("2026-02-29"))
        XCTAssertNil(ISODate.seconds("2026-02-30"))
        XCTAssertNil(ISODate.seconds("1900-02-29"))
        XCTAssertNil(ISODate.seconds("2026-04-31T10:00:00Z"))
        XCTAssertEqual(ISODate.seconds("2000-02-29"), 951_782_400)
        XCTAssertEqual(ISODate.seconds("2026-12-31"), 1_798_675_200)
        XCTAssertEqual(ISODate.day(1_709_208_000), "2024-02-29")
        XCTAssertEqual(ISODate.dateTime(1_709_208_000.75), "2024-02-29T12:00:00Z")
        XCTAssertEqual(ISODate.dateTime(-1), "1969-12-31T23:59:59Z")
    }
}
