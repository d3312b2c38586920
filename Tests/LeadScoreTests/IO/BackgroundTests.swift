import XCTest
#if canImport(Glibc)
import Glibc
#endif
@testable import LeadScore

/// `Background`: a value computed on a thread of its own, at the nice value asked for (the file digest's
/// thread runs at 10 so that it takes idle cores rather than the parse's).
final class BackgroundTests: XCTestCase {
    func testValueAndNiceness() throws {
        #if os(Linux)
        let which = __priority_which_t(PRIO_PROCESS.rawValue)
        let mine = getpriority(which, 0)
        let lowered = Background(niceness: 10) { getpriority(which, 0) }
        let plain = Background { getpriority(which, 0) }
        XCTAssertEqual(try lowered.value(), min(19, mine + 10))
        XCTAssertEqual(try plain.value(), mine)
        XCTAssertEqual(getpriority(which, 0), mine, "the caller's own nice value is unchanged")
        #endif
        struct Failed: Error {}
        XCTAssertThrowsError(try Background<Int> { throw Failed() }.value())
        let known = Background(value: "abc")
        XCTAssertEqual(try known.value(), "abc")
        XCTAssertEqual(try known.value(), "abc", "asked twice")
    }
}
