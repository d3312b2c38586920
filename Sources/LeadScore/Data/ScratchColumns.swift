import Foundation

/// Column-sized arrays of doubles lent to calls that run at once on the cores and each need one for a while
/// (a numeric column's values over the training rows while its encoding or distribution is fitted).
///
/// An array that size is mapped fresh from the kernel each time it is allocated, and each of its pages is
/// faulted in and zeroed on first touch: on the numeric bench file (40 numeric columns, 1M rows) the two
/// fits allocated one per column each, 640 MB in all, and spent about 8% of `train`'s time in page faults
/// (`perf record -e page-faults`: 56% of its faults). Lent from here, there are as many arrays as calls ran
/// at once (the cores), each faulted in once.
final class ScratchColumns: @unchecked Sendable {  // `free` is only touched under the lock
    private var free: [[Double]] = []
    private let lock = NSLock()

    /// Calls `body` with an array of `count` doubles no other running call holds; its values are whatever an
    /// earlier call left (the caller overwrites them), and `body` may shorten it.
    func with<T, E: Error>(count: Int, _ body: (inout [Double]) throws(E) -> T) throws(E) -> T {
        var a = take(count: count)
        defer { give(a) }
        return try body(&a)
    }

    /// An array of `count` doubles no other holder has, until it is given back with `give`; its values are
    /// whatever an earlier holder left.
    func take(count: Int) -> [Double] {
        var a = lock.withLock { free.popLast() } ?? []
        if a.count > count { a.removeLast(a.count - count) }
        if a.count < count { a.append(contentsOf: repeatElement(0, count: count - a.count)) }
        return a
    }

    /// Gives an array back for later calls (any array: one `take` lent, or one made elsewhere).
    func give(_ a: [Double]) {
        lock.withLock { free.append(a) }
    }
}
