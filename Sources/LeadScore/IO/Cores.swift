import Foundation

/// Cores to use for work split across threads, and the one way leadscore splits it.
enum Cores {
    public static let count = max(1, min(8, ProcessInfo.processInfo.activeProcessorCount))

    /// How many parts a file's pass is cut into: four per core, so that a core whose parts go faster (or that
    /// the machine lends elsewhere for a while) takes the next part rather than waiting for the slowest one.
    /// On 1M leads with one part per core, one core sat idle for 0.1–0.2 s at the end of each pass. Eight per core
    /// until 2026-12-04: each part costs its reservations and its join into the first part's arrays (sample
    /// score, 6 alternating pairs: median 0.79 → 0.76 s, faults 32,400 → 30,300; two per core no different from
    /// four; levels score and numeric evaluate no different).
    public static let parts = count == 1 ? 1 : 4 * count

    /// Where each of `parts` parts of a pass starts, as a share of the work: `(numerator, denominator)` for
    /// parts 0…parts (the last one, 1, where the pass ends). The parts shrink toward the end, by whole rounds
    /// of one part per core (weights 4, 4, 3, 3, 2, 2, 1, 1 for eight parts on two cores), since the cores take
    /// them in order: the last round's parts are short, and so is the wait of a core that ends first. With equal
    /// parts a core sat idle for about 50 ms at the end of each of score's passes on the sample file (perf).
    static func starts(_ parts: Int) -> [(Int64, Int64)] {
        let weights = (0..<parts).map { Int64((parts - $0 + count - 1) / count) }
        let total = weights.reduce(0, +)
        var at: Int64 = 0
        return [(0, total)] + weights.map { at += $0; return (at, total) }
    }

    /// Runs `body(k)` for every k in 0..<`iterations` on all cores, and returns once every call has returned.
    ///
    /// `DispatchQueue.concurrentPerform` asks for a `@Sendable` closure, since it cannot know that the calls
    /// share nothing. Every caller here gives each k its own part of the work and its own slot of the
    /// results (a part of the file, a chunk of rows, a bucket, an entry of a buffer the caller owns) and
    /// only reads what the calls share; and `concurrentPerform` does not return before the last call ends,
    /// so nothing the closure captures is used after it. That is why handing it over unchecked is safe.
    static func perform(_ iterations: Int, _ body: (Int) -> Void) {
        withoutActuallyEscaping(body) { body in
            let shared = UncheckedSendable(body)
            DispatchQueue.concurrentPerform(iterations: iterations) { k in shared.value(k) }
        }
    }

    /// `body(range)` for consecutive stretches of 0..<`count` that together cover it, one per core from 65,536
    /// items on (below that, one stretch: the threads would cost more than they save). For element-wise work
    /// whose items are independent, such as gathering arrays into a new order.
    static func perform(stretchesOf count: Int, _ body: (Range<Int>) -> Void) {
        let stretches = count < 1 << 16 ? 1 : Self.count
        perform(stretches) { c in body((count * c / stretches)..<(count * (c + 1) / stretches)) }
    }

    /// `body(k)` for every k in 0..<`iterations`, run on all cores, in order of k. When calls throw, the
    /// error of the smallest k is thrown: the one a loop in order would have met first.
    static func map<T, E: Error>(_ iterations: Int, _ body: (Int) throws(E) -> T) throws(E) -> [T] {
        var results = [Result<T, E>?](repeating: nil, count: iterations)
        results.withUnsafeMutableBufferPointer { slots in
            let out = slots
            perform(iterations) { k in
                do throws(E) { out[k] = .success(try body(k)) } catch { out[k] = .failure(error) }
            }
        }
        var values: [T] = []
        values.reserveCapacity(iterations)
        for r in results { values.append(try r!.get()) }
        return values
    }
}

/// A value that crosses threads under the rule stated where it is made (`Cores.perform`).
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// A value computed on a thread of its own while the caller goes on (e.g. a file's SHA-256 beside a pass
/// over it); `value()` waits for it.
final class Background<T: Sendable>: @unchecked Sendable {
    // Written once by the thread before `done` is signalled, read only after waiting for `done`.
    private var result: Result<T, any Error>?
    private let done = DispatchSemaphore(value: 0)

    /// - Parameter niceness: the thread's nice value on Linux (0: as the caller's); a higher one lets the
    ///   system run it mostly when a core would otherwise be idle.
    init(niceness: Int32 = 0, _ body: @escaping @Sendable () throws -> T) {
        Thread.detachNewThread { [self] in
            #if os(Linux)
            // On Linux the nice value is each thread's own, and `who` 0 is the calling thread.
            if niceness != 0 { _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, niceness) }
            #endif
            result = Result(catching: body)
            done.signal()
        }
    }

    /// A value already known.
    init(value: T) {
        result = .success(value)
        done.signal()
    }

    func value() throws -> T {
        done.wait()
        done.signal()  // for a later call
        return try result!.get()
    }
}
