import CKernels
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file written beside its destination and moved into place on `commit()`, so that a reader never sees
/// half a file and a failed or killed run leaves nothing behind.
///
/// The content goes to an anonymous file in the destination's folder (`TemporaryFile`): a crash before
/// `commit()` leaves no trace, since the file has no name. `commit()` links it as
/// `.NAME.leadscore-PID.tmp` and moves that into place; only a crash in between can leave that file, and the
/// next run writing into the folder removes it. Where the file system has no anonymous files, the content is
/// written under that name from the start.
///
/// A file already at the destination is replaced by exchanging the two names (`renameat2`'s
/// `RENAME_EXCHANGE`) and then removing the old file under the temporary name, where the file system can
/// exchange; else by `rename`. ext4 writes a file renamed over another to disk inside the `rename` itself (its
/// `auto_da_alloc`), on one core at the end of the run: measured on a 189 MB file, `rename` 53–140 ms, the
/// exchange and the removal 41–47 ms; sample score replacing its output, twelve alternating runs, median 1.128 →
/// 1.027 s (against the direct writes in file order that avoided that flush before). A power cut just after a
/// run can then leave an empty file under the name, as it can for a new file: bulk outputs skip `fsync`
/// (below), and a rerun recreates them (a killed process loses nothing: the kernel still writes its pages).
///
/// For `-` the content is standard output's: it is made in an anonymous scratch file the same way (the
/// scored leads are written at their places, not in order) and copied to standard output on `commit()`, so
/// that a failed run writes nothing there.
public final class OutputFile {
    public let path: String
    private let staging: String
    private let anonymous: Bool
    private let toStandardOutput: Bool
    private var fd: Int32
    private var committed = false
    /// Whether the destination is a file already (which `commit()` then replaces).
    let replacesFile: Bool

    public init(path: String) throws {
        self.path = path
        toStandardOutput = path == StandardStreams.dash
        var st = stat()
        replacesFile = !toStandardOutput && stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG
        if toStandardOutput {
            staging = ""
            anonymous = true
            fd = try TemporaryFile.scratch(in: StandardStreams.temporaryFolder, what: "standard output")
            return
        }
        let folder = TemporaryFile.folder(of: path)
        TemporaryFile.sweep(folder)
        staging = TemporaryFile.stagingName(for: path)
        if access("/proc/self/fd", X_OK) == 0, let fd = TemporaryFile.anonymous(in: folder) {
            self.fd = fd
            anonymous = true
        } else {
            fd = open(staging, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            anonymous = false
        }
        if fd < 0 {
            throw FileError(file: path, message: "cannot write here (\(String(cString: strerror(errno))));"
                + " check that the folder exists and is writable")
        }
    }

    deinit {
        if !committed {
            if fd >= 0 { close(fd) }
            if !anonymous { unlink(staging) }
        }
    }

    public func write(_ bytes: [UInt8]) throws {
        if let reason = bytes.withUnsafeBytes({ Descriptor.writeAll(fd, $0) }) {
            throw FileError(file: path, message: "writing failed (\(reason))")
        }
    }

    public func write(_ text: String) throws { try write(Array(text.utf8)) }

    /// Writes `bytes` from byte `offset` of the file (several threads may write different places at once).
    public func write(_ bytes: UnsafeRawBufferPointer, at offset: Int64) throws {
        if let reason = Descriptor.writeAll(fd, bytes, at: offset) {
            throw FileError(file: path, message: "writing failed (\(reason))")
        }
    }

    /// Moves the finished file into place: readers see the old file or the whole new one.
    /// - Parameter durable: flush to disk first (`fsync`), so that a power cut cannot leave an empty file
    ///   under the name: for models and registry pointers. Bulk outputs (scored leads) skip it: measured,
    ///   flushing 170 MB took a fifth of a 1M-lead scoring run, and a rerun recreates them.
    public func commit(durable: Bool = true) throws {
        if toStandardOutput {
            try copyToStandardOutput()
            close(fd)
            fd = -1
            committed = true
            return
        }
        if durable { fsync(fd) }
        if anonymous {
            unlink(staging)  // only a dead process with this pid can have left it
            if linkat(AT_FDCWD, "/proc/self/fd/\(fd)", AT_FDCWD, staging, AT_SYMLINK_FOLLOW) != 0 {
                throw FileError(file: path, message: "cannot give the finished file a name (\(String(cString: strerror(errno))))")
            }
        }
        close(fd)
        fd = -1
        if replacesFile && ckernels_exchange(staging, path) == 0 {
            unlink(staging)  // the old file, now under the temporary name
        } else if rename(staging, path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(staging)
            throw FileError(file: path, message: "cannot move the finished file into place (\(reason))")
        }
        committed = true
    }

    private func copyToStandardOutput() throws {
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var offset: off_t = 0
        while true {
            let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw FileError(file: path, message: "reading the finished output back failed (\(String(cString: strerror(errno))))")
            }
            if n == 0 { return }
            if let reason = buffer.withUnsafeBytes({ Descriptor.writeAll(1, UnsafeRawBufferPointer(rebasing: $0[..<n])) }) {
                throw FileError(file: "standard output", message: "writing failed (\(reason))")
            }
            offset += off_t(n)
        }
    }

    /// Writes `bytes` to `path` atomically in one go.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        let f = try OutputFile(path: path)
        try f.write(bytes)
        try f.commit()
    }
}
