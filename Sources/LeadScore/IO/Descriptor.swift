#if canImport(Glibc)
import Glibc
#endif

/// Whole writes to a file descriptor, the one loop every writer shares.
enum Descriptor {
    /// Writes every byte of `bytes` to `fd`, again after an interrupted or partial write. Returns nil, or the
    /// system's reason when a write fails (a full disk, a file-size limit, a closed pipe).
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> String? {
        guard let base = bytes.baseAddress else { return nil }
        var done = 0
        while done < bytes.count {
            let n = write(fd, base + done, bytes.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                return String(cString: strerror(errno))
            }
            done += n
        }
        return nil
    }
}
