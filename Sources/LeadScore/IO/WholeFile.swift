import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads a small file (a spec, a policy, a model, a registry pointer) whole, refusing before reading one
/// that is larger than its kind ever is, a folder, or one that cannot be opened, each with a sentence.
enum WholeFile {
    /// The file's bytes, nil when there is no file at `path`.
    static func read(_ path: String, atMost limit: Int, what: String) throws -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw FileError(file: path, message: "cannot open the file (\(String(cString: strerror(errno)))); check the path and its permissions")
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw FileError(file: path, message: "cannot read the file's size") }
        if (st.st_mode & S_IFMT) == S_IFDIR { throw FileError(file: path, message: "is a folder; name the \(what) inside it") }
        if Int(st.st_size) > limit {
            throw FileError(file: path, message: "is \(st.st_size) bytes; a \(what) may have at most \(limit) bytes"
                + " (\(limit >> 20) MiB): check that this is the right file")
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw FileError(file: path, message: "reading failed (\(String(cString: strerror(errno))))")
            }
            if n == 0 { return bytes }
            bytes.append(contentsOf: chunk[..<n])
            // A file that grows while it is read (or a pipe) is held to the same limit.
            if bytes.count > limit {
                throw FileError(file: path, message: "holds more than \(limit) bytes; a \(what) may have at most \(limit >> 20) MiB")
            }
        }
    }
}
