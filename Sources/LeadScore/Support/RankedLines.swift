#if canImport(Glibc)
import Glibc
#endif

/// Collects output lines that arrive in input order and writes them out in rank order, with bounded memory.
///
/// Lines are spread over bucket files by rank (`bucketSize` ranks each) beside the output; at the end each
/// bucket is read back into one reused buffer, indexed by rank and written with gathering writes (`writev`)
/// straight from that buffer. Two sequential writes replace a million random reads of the input, and memory
/// holds one bucket at a time.
public final class RankedLines {
    private let prefix: String
    private let bucketSize: Int
    private var buffers: [[UInt8]]
    private var fds: [Int32]
    /// Bytes of each bucket already in its file.
    private var spilled: [Int]

    public init(outputPath: String, total: Int, bucketSize: Int = 1 << 16) throws {
        prefix = outputPath + ".\(getpid()).rank"
        self.bucketSize = bucketSize
        let buckets = max(1, (total + bucketSize - 1) / bucketSize)
        buffers = Array(repeating: [], count: buckets)
        fds = Array(repeating: -1, count: buckets)
        spilled = Array(repeating: 0, count: buckets)
    }

    deinit {
        for (b, fd) in fds.enumerated() where fd >= 0 { close(fd); unlink(prefix + "\(b)") }
    }

    /// Adds the line of rank `rank` (0-based); `line` must end with a line break.
    public func add(rank: Int, line: ArraySlice<UInt8>) throws {
        let b = rank / bucketSize
        var r = UInt32(rank % bucketSize), n = UInt32(line.count)
        withUnsafeBytes(of: &r) { buffers[b].append(contentsOf: $0) }
        withUnsafeBytes(of: &n) { buffers[b].append(contentsOf: $0) }
        buffers[b].append(contentsOf: line)
        if buffers[b].count >= 1 << 16 { try flush(b) }
    }

    private func flush(_ b: Int) throws {
        if fds[b] < 0 {
            fds[b] = open(prefix + "\(b)", O_RDWR | O_CREAT | O_TRUNC, 0o600)
            if fds[b] < 0 { throw CSVError(file: prefix + "\(b)", message: "cannot write a temporary file beside the output") }
        }
        try buffers[b].withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let w = write(fds[b], raw.baseAddress! + done, raw.count - done)
                if w < 0 {
                    if errno == EINTR { continue }
                    throw CSVError(file: prefix, message: "writing a temporary file failed (\(String(cString: strerror(errno))))")
                }
                done += w
            }
        }
        spilled[b] += buffers[b].count
        buffers[b].removeAll(keepingCapacity: true)
    }

    /// Appends every line, in rank order, to `out`.
    public func drain(into out: OutputFile) throws { try Self.drain([self], into: out) }

    /// Appends the lines of several collectors (each holding some of the ranks), in rank order, to `out`.
    /// All must have been made for the same `total` and `bucketSize`.
    public static func drain(_ parts: [RankedLines], into out: OutputFile) throws {
        guard let first = parts.first else { return }
        let bucketSize = first.bucketSize
        var capacity = 0
        var buffer = UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 8)
        defer { buffer.deallocate() }
        var starts = [Int](repeating: -1, count: bucketSize), lengths = [Int](repeating: 0, count: bucketSize)
        var vectors: [iovec] = []
        vectors.reserveCapacity(1024)
        for b in first.buffers.indices {
            let size = parts.reduce(0) { $0 + $1.spilled[b] + $1.buffers[b].count }
            if size > capacity {
                buffer.deallocate()
                capacity = max(size, capacity * 2)
                buffer = .allocate(byteCount: capacity, alignment: 8)
            }
            var filled = 0
            for part in parts { filled += try part.take(b, into: buffer + filled) }
            // Locate each line by its rank within the bucket, then write them out in rank order.
            var k = 0, maxRank = -1
            while k < filled {
                let r = Int(buffer.loadUnaligned(fromByteOffset: k, as: UInt32.self))
                let n = Int(buffer.loadUnaligned(fromByteOffset: k + 4, as: UInt32.self))
                starts[r] = k + 8; lengths[r] = n
                maxRank = max(maxRank, r)
                k += 8 + n
            }
            if maxRank < 0 { continue }
            for r in 0...maxRank where starts[r] >= 0 {
                vectors.append(iovec(iov_base: buffer + starts[r], iov_len: lengths[r]))
                starts[r] = -1
                if vectors.count == 1024 { try out.write(gathering: &vectors); vectors.removeAll(keepingCapacity: true) }
            }
            try out.write(gathering: &vectors)
            vectors.removeAll(keepingCapacity: true)
        }
    }

    /// Copies bucket `b`'s records (file part, then what is still buffered) to `destination`, releasing both;
    /// returns the byte count.
    private func take(_ b: Int, into destination: UnsafeMutableRawPointer) throws -> Int {
        var done = 0
        if fds[b] >= 0 {
            while done < spilled[b] {
                let got = pread(fds[b], destination + done, spilled[b] - done, off_t(done))
                if got < 0 && errno == EINTR { continue }
                if got <= 0 { throw CSVError(file: prefix + "\(b)", message: "reading a temporary file back failed") }
                done += got
            }
            close(fds[b]); unlink(prefix + "\(b)"); fds[b] = -1
        }
        buffers[b].withUnsafeBytes { raw in
            if raw.count > 0 { (destination + done).copyMemory(from: raw.baseAddress!, byteCount: raw.count) }
        }
        done += buffers[b].count
        buffers[b] = []
        spilled[b] = 0
        return done
    }
}
