#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file written under a temporary name beside its destination and renamed into place on `commit()`,
/// so that a reader never sees half a file and a failed run leaves nothing behind.
public final class OutputFile {
    public let path: String
    private let temporary: String
    private var fd: Int32
    private var committed = false

    public init(path: String) throws {
        self.path = path
        temporary = path + ".\(getpid()).tmp"
        fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        if fd < 0 {
            throw CSVError(file: path, message: "cannot write here (\(String(cString: strerror(errno))));"
                + " check that the folder exists and is writable")
        }
    }

    deinit {
        if !committed {
            if fd >= 0 { close(fd) }
            unlink(temporary)
        }
    }

    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + done, raw.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw CSVError(file: path, message: "writing failed (\(String(cString: strerror(errno))))")
                }
                done += n
            }
        }
    }

    public func write(_ text: String) throws { try write(Array(text.utf8)) }

    /// Writes the pieces `vectors` point at, in order, from byte `offset` of the file (`pwritev`: the kernel
    /// copies straight from them; several threads may write different places at once); `vectors` is consumed.
    /// At most 1,024 pieces go to one call (IOV_MAX on Linux). Returns the offset after the last byte.
    @discardableResult
    public func write(gathering vectors: inout [iovec], at offset: Int64) throws -> Int64 {
        var at = offset
        try vectors.withUnsafeMutableBufferPointer { v in
            var i = 0
            while i < v.count {
                let n = pwritev(fd, v.baseAddress! + i, Int32(min(v.count - i, 1024)), off_t(at))
                if n < 0 {
                    if errno == EINTR { continue }
                    throw CSVError(file: path, message: "writing failed (\(String(cString: strerror(errno))))")
                }
                at += Int64(n)
                var left = n
                while i < v.count && left >= v[i].iov_len { left -= v[i].iov_len; i += 1 }
                if left > 0 { v[i].iov_base += left; v[i].iov_len -= left }
            }
        }
        return at
    }

    /// Renames the temporary file over the destination: readers see the old file or the whole new one.
    /// - Parameter durable: flush to disk first (`fsync`), so that a power cut cannot leave an empty file
    ///   under the name: for models and registry pointers. Bulk outputs (scored leads) skip it: measured,
    ///   flushing 170 MB took a fifth of a 1M-lead scoring run, and a rerun recreates them.
    public func commit(durable: Bool = true) throws {
        if durable { fsync(fd) }
        close(fd)
        fd = -1
        if rename(temporary, path) != 0 {
            throw CSVError(file: path, message: "cannot move the finished file into place (\(String(cString: strerror(errno))))")
        }
        committed = true
    }

    /// Writes `bytes` to `path` atomically in one go.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        let f = try OutputFile(path: path)
        try f.write(bytes)
        try f.commit()
    }
}
