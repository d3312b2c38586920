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

    /// The short-field path against Swift's own correctly rounded `Double(String)` on random plain decimals:
    /// signs, leading zeros, up to 19 bytes and past it (the long path), with a decimal point or comma.
    func testShortDecimalsMatchSwiftsParser() {
        var g = SystemRandomNumberGenerator()
        for _ in 0..<50_000 {
            var s = Bool.random(using: &g) ? "-" : ""
            let whole = Int.random(in: 0...12, using: &g), fraction = Int.random(in: -1...12, using: &g)
            for _ in 0..<whole { s.append(Character(String(Int.random(in: 0...9, using: &g)))) }
            if fraction >= 0 {
                s.append(".")
                for _ in 0..<fraction { s.append(Character(String(Int.random(in: 0...9, using: &g)))) }
            }
            var bytes = Array(s.utf8)
            let got = bytes.withUnsafeMutableBufferPointer { NumberParser.parse(UnsafeBufferPointer($0)) }
            let expected = whole + max(0, fraction) == 0 ? nil : Double(s)
            XCTAssertEqual(got?.bitPattern, expected?.bitPattern, s)
            var comma = Array(s.replacingOccurrences(of: ".", with: ",").utf8)
            let gotComma = comma.withUnsafeMutableBufferPointer {
                NumberParser.parse(UnsafeBufferPointer($0), point: UInt8(ascii: ","))
            }
            XCTAssertEqual(gotComma?.bitPattern, expected?.bitPattern, s)
            if got?.bitPattern != expected?.bitPattern { return }
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
        // Timestamps as warehouses write them: PostgreSQL and DuckDB (hours-only offset, microseconds),
        // Snowflake (a space, then ±HHMM), BigQuery (a space, then UTC). 2024-02-29T12:00:00Z is 1,709,208,000.
        XCTAssertEqual(ISODate.seconds("2024-02-29 12:00:00+00"), 1_709_208_000)
        XCTAssertEqual(ISODate.seconds("2024-02-29 14:00:00+02"), 1_709_208_000)
        XCTAssertEqual(ISODate.seconds("2024-02-29 04:00:00-08"), 1_709_208_000)
        XCTAssertEqual(ISODate.seconds("2024-02-29 17:30:00.5+05:30"), 1_709_208_000.5)
        XCTAssertEqual(ISODate.seconds("2024-02-29 04:00:00.000 -0800"), 1_709_208_000)
        XCTAssertEqual(ISODate.seconds("2024-02-29 12:00:00 UTC"), 1_709_208_000)
        XCTAssertEqual(ISODate.seconds("2024-02-29 12:00:00 Z"), 1_709_208_000)
        XCTAssertEqual(ISODate.seconds("2024-02-29T12:45+0045"), 1_709_208_000)
        for bad in ["2024-02-29 12:00:00+1", "2024-02-29 12:00:00+001", "2024-02-29 12:00:00+0860", "2024-02-29 12:00:00+24",
                    "2024-02-29 12:00:00 ", "2024-02-29 12:00:00  UTC", "2024-02-29 12:00:00 utc", "2024-02-29 12:00:00+01:0",
                    "2024-02-29 12:00:00 PST", "2024-02-29 12:00:00+01:00:00"] {
            XCTAssertNil(ISODate.seconds(bad), bad)
        }
    }

    /// Dates as a locale displays them, read with a declared order (`date_order:`): each form to the instant of
    /// its ISO spelling; a value that names no day in that order, or is no such date, is nil.
    func testLocaleDatesInADeclaredOrder() {
        func seconds(_ s: String, _ order: DateOrder) -> Double? {
            Array(s.utf8).withUnsafeBufferPointer { LocalDate.seconds($0, order: order) }
        }
        for (s, order, iso) in [("11/1/2024", DateOrder.mdy, "2024-11-01"), ("1/11/2024", .dmy, "2024-11-01"),
                                ("01.11.2024", .dmy, "2024-11-01"), ("11-01-2024", .mdy, "2024-11-01"),
                                ("2024/11/01", .dmy, "2024-11-01"), ("2024.11.1", .mdy, "2024-11-01"), ("11/1/24", .mdy, "2024-11-01"),
                                ("1/1/99", .mdy, "1999-01-01"), ("2/29/2024", .mdy, "2024-02-29"),
                                ("12/5/2026 9:15 AM", .mdy, "2026-12-05T09:15:00"), ("12/5/2026 9:15 PM", .mdy, "2026-12-05T21:15:00"),
                                ("12/5/2026 12:00 AM", .mdy, "2026-12-05T00:00:00"), ("12/5/2026 12:30 pm", .mdy, "2026-12-05T12:30:00"),
                                ("5/12/2026 21:15:07.5", .dmy, "2026-12-05T21:15:07.5"), ("5.12.2026, 06:00", .dmy, "2026-12-05T06:00"),
                                ("12/5/2026T09:15:00", .mdy, "2026-12-05T09:15:00"), ("2024-1-5", .dmy, "2024-01-05")] {
            XCTAssertEqual(seconds(s, order), ISODate.parse(iso), s)
            XCTAssertNotNil(ISODate.parse(iso), iso)
        }
        for (s, order) in [("13/1/2024", DateOrder.mdy), ("1/13/2024", .dmy), ("2/30/2024", .mdy), ("2/29/2023", .mdy),
                           ("12/5/2026 13:15 PM", .mdy), ("12/5/2026 0:15 AM", .mdy), ("11/1", .mdy),
                           ("yesterday", .dmy), ("1.5.24", .dmy)] {
            XCTAssertNil(seconds(s, order), s)
        }
        // The rules read ISO first, then the declared order; without one, no such date.
        XCTAssertEqual(Array("11/1/2024".utf8).withUnsafeBufferPointer { ValueRules(dateOrder: .mdy).date($0) }, ISODate.parse("2024-11-01"))
        XCTAssertNil(Array("11/1/2024".utf8).withUnsafeBufferPointer { ValueRules().date($0) })
        XCTAssertEqual(Array("2024-11-01".utf8).withUnsafeBufferPointer { ValueRules(dateOrder: .dmy).date($0) }, ISODate.parse("2024-11-01"))
        XCTAssertNotEqual(ValueRules(dateOrder: .mdy), ValueRules(dateOrder: .dmy))
    }

    /// The times leadscore writes (a model's `created_at`, registry entries, report dates) come from `ISODate`, which
    /// replaced Foundation's `ISO8601DateFormatter` (its ICU data put 5 MB in train's peak memory): the same text as
    /// that formatter, the reference here, at instants from 1970 to 2100, fractions of a second included.
    func testDateTimesAreFoundationsISO8601Text() {
        let reference = ISO8601DateFormatter()
        var t = 0.25
        while t < 4_102_444_800 {  // 2100-01-01
            let expected = reference.string(from: Date(timeIntervalSince1970: t))
            XCTAssertEqual(ISODate.dateTime(t), expected, "\(t)")
            XCTAssertEqual(ISODate.day(t), String(expected.prefix(10)), "\(t)")
            t += 3_599_993.7  // about 41.7 days, so that the instants fall at every hour, minute and second
        }
    }
}
