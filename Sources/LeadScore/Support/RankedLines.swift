#if canImport(Glibc)
import Glibc
#endif

/// Collects output lines that arrive in input order and writes them out in rank order, with bounded memory.
///
/// Lines are spread over bucket files by rank (`bucketSize` ranks each) beside the output; at the end each
/// bucket is read back, put in order in memory and appended. Two sequential writes replace a million
/// random reads of the input, and memory holds one bucket at a time.
public final class RankedLines {
    private let prefix: String
    private let bucketSize: Int
    private var buffers: [[UInt8]]
    private var fds: [Int32]

    public init(outputPath: String, total: Int, bucketSize: Int = 1 << 16) throws {
        prefix = outputPath + ".\(getpid()).rank"
        self.bucketSize = bucketSize
        let buckets = max(1, (total + bucketSize - 1) / bucketSize)
        buffers = Array(repeating: [], count: buckets)
        fds = Array(repeating: -1, count: buckets)
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
                if w < 0 { throw CSVError(file: prefix, message: "writing a temporary file failed") }
                done += w
            }
        }
        buffers[b].removeAll(keepingCapacity: true)
    }

    /// Appends every line, in rank order, to `out`.
    public func drain(into out: OutputFile) throws { try Self.drain([self], into: out) }

    /// Appends the lines of several collectors (each holding some of the ranks), in rank order, to `out`.
    /// All must have been made for the same `total` and `bucketSize`.
    public static func drain(_ parts: [RankedLines], into out: OutputFile) throws {
        guard let first = parts.first else { return }
        let bucketSize = first.bucketSize
        for b in first.buffers.indices {
            var bytes: [UInt8] = []
            for part in parts { bytes += try part.take(b) }
            // Locate each line by its rank within the bucket, then copy them out in order.
            var starts = [Int](repeating: -1, count: bucketSize), lengths = [Int](repeating: 0, count: bucketSize)
            let ordered = bytes.withUnsafeBytes { raw -> [UInt8] in
                var k = 0, maxRank = -1
                while k < raw.count {
                    let r = Int(raw.loadUnaligned(fromByteOffset: k, as: UInt32.self))
                    let n = Int(raw.loadUnaligned(fromByteOffset: k + 4, as: UInt32.self))
                    starts[r] = k + 8; lengths[r] = n
                    maxRank = max(maxRank, r)
                    k += 8 + n
                }
                return [UInt8](unsafeUninitializedCapacity: raw.count) { out, count in
                    var w = 0
                    for r in 0...max(0, maxRank) where starts[r] >= 0 {
                        (out.baseAddress! + w).initialize(from: raw.baseAddress!.assumingMemoryBound(to: UInt8.self) + starts[r],
                                                          count: lengths[r])
                        w += lengths[r]
                    }
                    count = w
                }
            }
            try out.write(ordered)
        }
    }

    /// Bucket `b`'s records (file part, then what is still buffered), releasing both.
    private func take(_ b: Int) throws -> [UInt8] {
        var bytes: [UInt8] = []
        if fds[b] >= 0 {
            let size = Int(lseek(fds[b], 0, SEEK_END))
            bytes = [UInt8](repeating: 0, count: size)
            let got = bytes.withUnsafeMutableBytes { pread(fds[b], $0.baseAddress!, size, 0) }
            close(fds[b]); unlink(prefix + "\(b)"); fds[b] = -1
            if got != size { throw CSVError(file: prefix + "\(b)", message: "reading a temporary file back failed") }
        }
        bytes += buffers[b]
        buffers[b] = []
        return bytes
    }
}
