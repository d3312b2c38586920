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

/// `Cores.performAtOnce`: every call runs at the same time, each on a thread of its own, however many cores
/// there are (calls that wait for one another, as the drain's writes in bucket order do, must not deadlock).
final class PerformAtOnceTests: XCTestCase {
    func testEveryCallRunsAtOnce() {
        for threads in [1, 2, 8] {
            let condition = NSCondition()
            var arrived = 0, sawAll = [Bool](repeating: false, count: threads)
            sawAll.withUnsafeMutableBufferPointer { saw in
                let saw = saw
                Cores.performAtOnce(threads) { k in
                    condition.lock()
                    arrived += 1
                    condition.broadcast()
                    let deadline = Date().addingTimeInterval(5)
                    while arrived < threads && condition.wait(until: deadline) {}
                    saw[k] = arrived == threads
                    condition.unlock()
                }
            }
            XCTAssertEqual(sawAll, [Bool](repeating: true, count: threads), "\(threads) threads")
        }
    }

    /// Many short calls in a row: a thread that still held the body when `performAtOnce` returned made the
    /// runtime stop the process ("closure argument was escaped in withoutActuallyEscaping block"), about one
    /// run of `score` in a hundred over an existing output (2026-12-05), and within a few hundred calls here.
    func testNoThreadHoldsTheBodyOnceItReturns() {
        var total = 0
        for round in 0..<3000 {
            let threads = 2 + round % 3
            var hits = [Int](repeating: 0, count: threads)
            hits.withUnsafeMutableBufferPointer { hits in
                let hits = hits
                Cores.performAtOnce(threads) { k in hits[k] += 1 }
            }
            total += hits.reduce(0, +)
        }
        XCTAssertEqual(total, (0..<3000).reduce(0) { $0 + 2 + $1 % 3 })
    }
}
