#if canImport(Glibc)
import Glibc
#endif

/// Whole writes to a file descriptor, the one loop every writer shares.
enum Descriptor {
    /// The most one call writes. A longer write makes Linux (ext4 since 6.16) hold the new pages in large
    /// folios, taken from high-order free blocks: on a VM whose balloon has handed those back to the host, each
    /// 4 KB page then costs the host a fault (measured here: 189 MB into a new file in 3 MB or 256 KB writes
    /// 0.44-0.50 s, in 64 KB 0.16-0.21 s, in 32 KB 0.05-0.07 s; in 16 KB 0.09-0.13 s, the calls' own cost).
    /// 32 KB folios come from the per-CPU lists of pages recently freed, which the host still backs.
    static let piece = 1 << 15

    /// Writes every byte of `bytes` to `fd` (at its position, or from byte `offset` of the file), in pieces of
    /// at most `piece` bytes (at an offset, ending on multiples of it), again after an interrupted or partial
    /// write. Returns nil, or the system's reason when a write fails (a full disk, a file-size limit, a closed
    /// pipe).
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, at offset: Int64? = nil) -> String? {
        guard let base = bytes.baseAddress else { return nil }
        var done = 0
        while done < bytes.count {
            let n: Int
            if let offset {
                let at = offset + Int64(done)
                n = pwrite(fd, base + done, min(bytes.count - done, piece - Int(at % Int64(piece))), off_t(at))
            } else {
                n = write(fd, base + done, min(bytes.count - done, piece))
            }
            if n < 0 {
                if errno == EINTR { continue }
                return String(cString: strerror(errno))
            }
            done += n
        }
        return nil
    }
}
