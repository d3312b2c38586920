import XCTest
@testable import LeadScore

final class IDTableTests: XCTestCase {
    func code(_ t: inout IDTable, _ s: String) -> Int {
        var a = Array(s.utf8)
        return a.withUnsafeMutableBufferPointer { t.code(UnsafeBufferPointer($0)) }
    }

    func find(_ t: IDTable, _ s: String) -> Int? {
        var a = Array(s.utf8)
        return a.withUnsafeMutableBufferPointer { t.find(UnsafeBufferPointer($0)) }
    }

    /// Codes in order of first appearance through many doublings, the same code for a repeated id, nil for an
    /// unknown one; ids that differ only in length or in their last byte stay apart.
    func testCodesSurviveGrowth() {
        var t = IDTable(capacity: 4)
        let ids = (0..<50_000).map { "L\($0)" } + ["", "L1 ", "l1", "L10000000"]
        for (k, id) in ids.enumerated() { XCTAssertEqual(code(&t, id), k) }
        XCTAssertEqual(t.count, ids.count)
        for (k, id) in ids.enumerated() where k % 997 == 0 || k >= 50_000 {
            XCTAssertEqual(find(t, id), k)
            XCTAssertEqual(code(&t, id), k)
        }
        XCTAssertNil(find(t, "L50000"))
        XCTAssertNil(find(t, "L1  "))
        XCTAssertEqual(t.count, ids.count)
    }
}
