import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Collects output lines that arrive in input order and writes them out in rank order, with bounded memory.
///
/// Lines are spread over bucket files by rank (`bucketSize` ranks each) in the output's folder; they are
/// anonymous (`TemporaryFile.scratch`), so that a killed run leaves none of them behind. Every rank occurs
/// once, so each bucket's place in the output is known from the byte counts alone: at the end the buckets
/// are shared out to the cores, and each is read back into its core's buffer, indexed by rank, put in rank
/// order in a second buffer and written at its place, one core writing at a time. Two
/// sequential writes replace a million random reads of the input, and memory holds two buckets per core.
final class RankedLines {
    private let folder: String
    private let bucketSize: Int
    /// Each bucket's bytes not yet in its file, in memory this collector allocates and frees itself: `add`
    /// runs for every lead, and arrays of arrays there cost a uniqueness check and a retain and release per
    /// line (measured: a tenth of `score`'s time went to reference counting and uniqueness checks).
    private let buffers: UnsafeMutablePointer<Bucket>
    private let bucketCount: Int
    /// Each bucket's file (−1: none, or released once drained); the cores release different buckets at once.
    private let fds: UnsafeMutablePointer<Int32>
    /// Bytes of each bucket already in its file.
    private var spilled: [Int]

    private struct Bucket {
        var base: UnsafeMutablePointer<UInt8>? = nil
        var count = 0
        var capacity = 0
        /// Lines added to the bucket (in its file or here).
        var lines = 0

        /// Room for `n` more bytes: where they go (counted once written).
        @inline(__always)
        mutating func reserve(_ n: Int) -> UnsafeMutablePointer<UInt8> {
            if count + n > capacity {
                let grown = max(count + n, capacity * 2, 4096)
                let new = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
                if let base { new.update(from: base, count: count); base.deallocate() }
                base = new
                capacity = grown
            }
            return base! + count
        }

        var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }
    }

    /// - Parameter folder: where the bucket files go (the output's folder: the same disk, with room for it).
    public init(folder: String, total: Int, bucketSize: Int = 1 << 14) throws {
        self.folder = folder
        self.bucketSize = bucketSize
        let buckets = max(1, (total + bucketSize - 1) / bucketSize)
        bucketCount = buckets
        buffers = .allocate(capacity: buckets)
        buffers.initialize(repeating: Bucket(), count: buckets)
        fds = .allocate(capacity: buckets)
        fds.initialize(repeating: -1, count: buckets)
        spilled = Array(repeating: 0, count: buckets)
    }

    deinit {
        removeFiles()
        for b in 0..<bucketCount { buffers[b].base?.deallocate() }
        buffers.deallocate()
        fds.deallocate()
    }

    /// Collectors for parts that run at once: `with` lends one that no running part holds, made when none is
    /// free (so there are as many as parts ever ran at once).
    final class Pool: @unchecked Sendable {  // `made` and `free` are only touched under the lock
        private var made: [RankedLines] = []
        private var free: [Int] = []
        private let lock = NSLock()
        private let make: () throws -> RankedLines

        init(make: @escaping () throws -> RankedLines) { self.make = make }

        /// Every collector made (after the parts have run).
        var all: [RankedLines] { lock.withLock { made } }

        func with<T>(_ body: (RankedLines) throws -> T) throws -> T {
            let k: Int = try lock.withLock {
                if let k = free.popLast() { return k }
                made.append(try make())
                return made.count - 1
            }
            let collector = lock.withLock { made[k] }
            defer { lock.withLock { free.append(k) } }
            return try body(collector)
        }
    }

    private func removeFiles() {
        for b in 0..<bucketCount { release(b) }
    }

    /// Closes bucket `b`'s file (anonymous: its pages are freed then), once its records have been copied out.
    private func release(_ b: Int) {
        if fds[b] >= 0 { close(fds[b]); fds[b] = -1 }
    }

    /// `add` for the line a writer holds, taken `inout` so that the caller need not retain its buffer for the
    /// call (the retain and release around it were an atomic per lead, after the stores of the line).
    @inline(__always)
    func add(rank: Int, from writer: inout CSVWriter) throws {
        try writer.bytes.withUnsafeBufferPointer { try add(rank: rank, line: $0) }
    }

    /// Adds the line of rank `rank` (0-based); `line` must end with a line break. Bytes the caller holds (a
    /// slice of its buffer retained and released the buffer per line).
    @inline(__always)
    func add(rank: Int, line: UnsafeBufferPointer<UInt8>) throws {
        try add(rank: rank, room: line.count) { place in
            if let p = line.baseAddress { place.update(from: p, count: line.count) }
            return line.count
        }
    }

    /// Adds the line of rank `rank` that `write` makes at the place it is given (room for `room` bytes),
    /// returning its length; the line ends with a line break. Made in the bucket itself, the line is not copied
    /// there from a writer (the two copies were a twentieth of score's time on the sample file).
    @inline(__always)
    func add(rank: Int, room: Int, _ write: (UnsafeMutablePointer<UInt8>) -> Int) throws {
        let b = rank / bucketSize
        // Written out in whole writes of at most `Descriptor.piece` bytes (a longer one is split in two).
        if buffers[b].count > 0 && buffers[b].count + 8 + room > Descriptor.piece { try flush(b) }
        let place = buffers[b].reserve(8 + room)
        let n = write(place + 8)
        // One header word, and the line.
        let header = UInt64(UInt32(rank % bucketSize)) | UInt64(n) << 32
        UnsafeMutableRawPointer(place).storeBytes(of: header.littleEndian, as: UInt64.self)
        buffers[b].count += 8 + n
        buffers[b].lines += 1
    }

    private func flush(_ b: Int) throws {
        if fds[b] < 0 { fds[b] = try TemporaryFile.scratch(in: folder, what: "ranking the leads") }
        if let reason = Descriptor.writeAll(fds[b], buffers[b].bytes) {
            throw FileError(file: folder, message: "writing a temporary file for the ranked output failed (\(reason));"
                + " check the free space in this folder")
        }
        spilled[b] += buffers[b].count
        buffers[b].count = 0
    }

    /// Writes the lines of several collectors (each holding some of the ranks), in rank order, to `out` from
    /// byte `offset` on. All must have been made for the same `total` and `bucketSize`.
    static func drain(_ parts: [RankedLines], into out: OutputFile, at offset: Int64) throws {
        guard let first = parts.first else { return }
        let buckets = first.bucketCount
        // Where each bucket goes: its records less their 8-byte headers.
        var places: [Int64] = []
        var at = offset
        for b in 0..<buckets {
            places.append(at)
            at += Int64(parts.reduce(0) { $0 + $1.spilled[b] + $1.buffers[b].count - 8 * $1.buffers[b].lines })
        }
        let workers = min(Cores.count, buckets)
        // One write at a time: the file system serialises writes to one file anyway, and a core waiting
        // here sleeps where it spun in the kernel; meanwhile the others read and index their next bucket.
        let writing = NSLock()
        var failures = [Error?](repeating: nil, count: workers)
        failures.withUnsafeMutableBufferPointer { failed in
            let failed = failed
            Cores.perform(workers) { w in  // worker w writes buckets w, w + workers, …
                let bucket = BucketWriter(bucketSize: first.bucketSize)
                for b in stride(from: w, to: buckets, by: workers) {
                    do {
                        let length = try bucket.prepare(b, of: parts)
                        writing.lock()
                        defer { writing.unlock() }
                        try out.write(UnsafeRawBufferPointer(start: bucket.ordered, count: length), at: places[b])
                    } catch {
                        failed[w] = error
                        return
                    }
                }
            }
        }
        for part in parts { part.removeFiles() }
        if let error = failures.compactMap({ $0 }).first { throw error }
    }

    /// One core's buffers for putting a bucket in order.
    private final class BucketWriter {
        var buffer = UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 8)
        var capacity = 0
        /// The bucket's lines in rank order.
        private(set) var ordered = UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 8)
        var orderedCapacity = 0
        var starts: [Int], lengths: [Int]

        init(bucketSize: Int) {
            starts = [Int](repeating: -1, count: bucketSize)
            lengths = [Int](repeating: 0, count: bucketSize)
        }

        deinit { buffer.deallocate(); ordered.deallocate() }

        /// Puts bucket `b`'s lines in rank order at `ordered`; returns their byte count.
        func prepare(_ b: Int, of parts: [RankedLines]) throws -> Int {
            let size = parts.reduce(0) { $0 + $1.spilled[b] + $1.buffers[b].count }
            if size > capacity {
                buffer.deallocate()
                capacity = max(size, capacity * 2)
                buffer = .allocate(byteCount: capacity, alignment: 8)
            }
            var filled = 0
            for part in parts { filled += try part.copy(b, into: buffer + filled) }
            // Its files' pages freed now rather than all at the end, so that the output's new pages can be those:
            // on this VM a page the guest has handed back for a few seconds costs microseconds to take again
            // (score on the sample file with 4 s between runs, ten alternating pairs: median 1.45 → 1.34 s).
            for part in parts { part.release(b) }
            // Locate each line by its rank within the bucket, then write them out in rank order.
            var k = 0, maxRank = -1
            while k < filled {
                let r = Int(buffer.loadUnaligned(fromByteOffset: k, as: UInt32.self))
                let n = Int(buffer.loadUnaligned(fromByteOffset: k + 4, as: UInt32.self))
                starts[r] = k + 8; lengths[r] = n
                maxRank = max(maxRank, r)
                k += 8 + n
            }
            // The lines in rank order, one after another, copied outside the lock; under it the kernel then
            // copies one long run in 32 KB writes (`Descriptor.piece`; 1,024 short vectors a call spent twice as
            // long there, the other core waiting).
            if filled > orderedCapacity {
                ordered.deallocate()
                orderedCapacity = max(filled, orderedCapacity * 2)
                ordered = .allocate(byteCount: orderedCapacity, alignment: 8)
            }
            var length = 0
            if maxRank >= 0 {
                for r in 0...maxRank where starts[r] >= 0 {
                    (ordered + length).copyMemory(from: buffer + starts[r], byteCount: lengths[r])
                    length += lengths[r]
                    starts[r] = -1
                }
            }
            return length
        }
    }

    /// Copies bucket `b`'s records (file part, then what is still buffered) to `destination`; returns the
    /// byte count. Reads only, so that the cores can take different buckets at once.
    private func copy(_ b: Int, into destination: UnsafeMutableRawPointer) throws -> Int {
        var done = 0
        while done < spilled[b] {
            let got = pread(fds[b], destination + done, spilled[b] - done, off_t(done))
            if got < 0 && errno == EINTR { continue }
            if got <= 0 { throw FileError(file: folder, message: "reading a temporary file back failed") }
            done += got
        }
        let raw = buffers[b].bytes
        if raw.count > 0 { (destination + done).copyMemory(from: raw.baseAddress!, byteCount: raw.count) }
        return done + raw.count
    }
}
