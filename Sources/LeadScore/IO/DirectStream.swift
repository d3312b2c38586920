import CKernels
#if canImport(Glibc)
import Glibc
#endif

/// Bytes written to a file in file order from some offset on, by direct I/O (`O_DIRECT`: from the caller's
/// memory to the disk, past the page cache) in whole blocks at block offsets; the last part block, once
/// `finish` is called, through the page cache. Where the system refuses direct I/O for the file (no such flag,
/// or a write refused for its alignment, as some file systems do), the same bytes go through the page cache.
///
/// For `score`'s ranked output when it replaces an existing file (`RankedLines.drain`): ext4 writes a file
/// renamed over another to disk in the `rename` itself (its `auto_da_alloc`, so that a crash cannot leave an
/// empty file under the name), on one core at the end of the run, after the drain has copied every byte into
/// new page-cache pages (which on this VM cost the host a fault each when the guest had handed them back).
/// Written direct, the bytes are on the disk when the drain ends and neither copy nor flush happens.
final class DirectStream {
    /// The block: offsets, lengths and the memory written from are multiples of it (4 KB: also a multiple of
    /// every disk's logical block and of the memory alignment direct I/O asks for).
    static let block = 4096

    private let fd: Int32
    /// File offset of `carry`'s first byte, a multiple of `block`: where the next write starts.
    private var start: Int64
    /// The bytes from `start` on that do not fill a block yet.
    private let carry: UnsafeMutableRawPointer
    private var carried = 0
    private(set) var direct = true

    /// Direct writes to `fd` from byte `offset` on; the bytes before it in its block are read back from the
    /// file (they were written through the page cache). Nil when the file cannot take direct I/O.
    init?(fd: Int32, from offset: Int64) {
        self.fd = fd
        start = offset / Int64(Self.block) * Int64(Self.block)
        carry = .allocate(byteCount: Self.block, alignment: Self.block)
        carried = Int(offset - start)
        var got = 0
        while got < carried {
            let n = pread(fd, carry + got, carried - got, off_t(start) + off_t(got))
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            got += n
        }
        guard got == carried, ckernels_set_direct(fd, 1) == 0 else {
            direct = false  // (`deinit` runs, every property being set, and frees `carry`)
            return nil
        }
    }

    deinit {
        carry.deallocate()
        if direct { _ = ckernels_set_direct(fd, 0) }
    }

    /// Where the next bytes go in the file.
    var position: Int64 { start + Int64(carried) }

    /// Writes the bytes at `base + position % block` ..< `+ count`; `base` is aligned to `block`, and the
    /// `position % block` bytes before the new ones are the stream's (copied there first). The bytes past the
    /// last whole block are kept for the next call. Returns nil, or the system's reason for a failed write.
    func append(_ base: UnsafeMutableRawPointer, count: Int) -> String? {
        base.copyMemory(from: carry, byteCount: carried)
        let total = carried + count, whole = total / Self.block * Self.block
        if whole > 0 {
            if let reason = write(UnsafeRawBufferPointer(start: base, count: whole), at: start) { return reason }
            start += Int64(whole)
        }
        carried = total - whole
        carry.copyMemory(from: base + whole, byteCount: carried)
        return nil
    }

    /// Writes the last part block through the page cache and turns direct I/O off. Nil, or the failure's reason.
    func finish() -> String? {
        if direct { _ = ckernels_set_direct(fd, 0); direct = false }
        let reason = Descriptor.writeAll(fd, UnsafeRawBufferPointer(start: carry, count: carried), at: start)
        if reason == nil { start += Int64(carried); carried = 0 }
        return reason
    }

    private func write(_ bytes: UnsafeRawBufferPointer, at offset: Int64) -> String? {
        if direct {
            var done = 0
            while done < bytes.count {
                let n = pwrite(fd, bytes.baseAddress! + done, bytes.count - done, off_t(offset) + off_t(done))
                if n < 0 && errno == EINTR { continue }
                if n < 0 && errno != EINVAL { return String(cString: strerror(errno)) }
                // Refused for its alignment (EINVAL), or short and the rest misaligned: the page cache takes the rest.
                if n > 0 { done += n }
                if n <= 0 || n % Self.block != 0 { break }
            }
            if done == bytes.count { return nil }
            _ = ckernels_set_direct(fd, 0)
            direct = false
            return Descriptor.writeAll(fd, UnsafeRawBufferPointer(rebasing: bytes[done...]), at: offset + Int64(done))
        }
        return Descriptor.writeAll(fd, bytes, at: offset)
    }
}
