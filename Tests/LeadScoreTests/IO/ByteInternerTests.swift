import XCTest
@testable import LeadScore

final class ByteInternerTests: XCTestCase {
    /// Codes against a dictionary of strings: keys of every length from 0 to 20 over a two-letter alphabet
    /// (so that many share their first eight bytes or differ in one byte only), under two salts, through
    /// several growths of the table.
    func testCodesFollowFirstAppearanceAndEqualityOfBytes() {
        var g = SeededGenerator(seed: 7)
        var interner = ByteInterner()
        var expected: [String: Int] = [:]
        for _ in 0..<20_000 {
            let length = Int(g.next() % 21)
            let key = String((0..<length).map { _ in g.next() % 2 == 0 ? Character("a") : Character("b") })
            let salt = Int32(g.next() % 2)
            let name = "\(salt)|\(key)"
            var bytes = Array(key.utf8)
            let known = bytes.withUnsafeMutableBufferPointer { interner.find(UnsafeBufferPointer($0), salt: salt) }
            XCTAssertEqual(known, expected[name], name)
            let code = bytes.withUnsafeMutableBufferPointer { interner.code(UnsafeBufferPointer($0), salt: salt) }
            if let e = expected[name] { XCTAssertEqual(code, e, name) } else {
                XCTAssertEqual(code, expected.count, name)
                expected[name] = code
            }
            XCTAssertEqual(Array(interner.bytes(code)), Array(key.utf8))
        }
        XCTAssertEqual(interner.count, expected.count)
        XCTAssertGreaterThan(interner.count, 1_000)
    }
}
