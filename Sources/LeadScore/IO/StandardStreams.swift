import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `-` as a file name: standard input for a file read, standard output for the scored leads.
///
/// Standard input is spooled once to an anonymous file (`TemporaryFile`: no name, so the kernel frees it
/// when the process ends, however it ends) and read from there like any file, so that commands needing two
/// passes or a file size work on a pipe; memory stays bounded, the disk holds one copy. The readers see it as
/// `/proc/self/fd/N`; messages call it "standard input" and the model's `data.file` records `-`.
public enum StandardStreams {
    public static let dash = "-"

    /// The path standard input was spooled to (set once, by the first `inputPath`).
    nonisolated(unsafe) private static var spooled: String?
    private static let lock = NSLock()

    /// The path to read for `path`: `path` itself, or, for `-`, the spooled copy of standard input.
    public static func inputPath(_ path: String) throws -> String {
        guard path == dash else { return path }
        lock.lock()
        defer { lock.unlock() }
        if let spooled { return spooled }
        let folder = temporaryFolder
        let fd = try TemporaryFile.scratch(in: folder, what: "standard input")
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw FileError(file: dash, message: "reading standard input failed (\(String(cString: strerror(errno))))")
            }
            if n == 0 { break }
            if let reason = buffer.withUnsafeBytes({ Descriptor.writeAll(fd, UnsafeRawBufferPointer(rebasing: $0[..<n])) }) {
                throw FileError(file: folder, message: "spooling standard input failed (\(reason)); set TMPDIR to a folder with room for the data")
            }
        }
        // The descriptor stays open for the life of the process: it is what keeps the file.
        let path = "/proc/self/fd/\(fd)"
        spooled = path
        return path
    }

    public static func isStandardInput(_ path: String) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return path == spooled
    }

    /// The name a report or model records for `path`: `-` for standard input, else the file's name.
    public static func fileName(_ path: String) -> String {
        isStandardInput(path) ? dash : (path as NSString).lastPathComponent
    }

    /// How to name `path` to a person: "standard input" for the spooled standard input, else the path.
    public static func displayName(_ path: String) -> String { isStandardInput(path) ? "standard input" : path }

    /// The folder for temporary files: `TMPDIR`, else /tmp.
    static var temporaryFolder: String {
        ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
    }
}
