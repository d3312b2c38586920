import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Temporary files that a crash cannot leave behind.
///
/// A temporary file is opened *anonymous* where the file system allows it (Linux's `O_TMPFILE`: a file with
/// no name, freed by the kernel when its last descriptor closes, also after `kill -9`), else created under a
/// name and unlinked at once. The only named temporary is the one an `OutputFile` renames into place, and it
/// has a name only for the instant between `linkat` and `rename`; its name, `.NAME.leadscore-PID.tmp`, says
/// which process made it, so that the next run writing into that folder removes it once that process is
/// gone (`sweep`).
enum TemporaryFile {
    /// Linux's `O_TMPFILE` (`__O_TMPFILE | O_DIRECTORY`), which Glibc's Swift overlay does not export: the
    /// `__O_TMPFILE` bit is the same on every Linux architecture Swift runs on (asm-generic's 020000000).
    private static let tmpfileFlag: Int32 = 0o20000000 | O_DIRECTORY

    /// Where the scratch files of the output `path` go: its folder, or for standard output (`-`) `TMPDIR`.
    static func scratchFolder(for path: String) -> String {
        path == StandardStreams.dash ? StandardStreams.temporaryFolder : folder(of: path)
    }

    /// The folder a path's file lives in ("." for a bare name).
    static func folder(of path: String) -> String {
        let d = (path as NSString).deletingLastPathComponent
        return d.isEmpty ? "." : d
    }

    /// A descriptor for a new file with no name in `folder` (read and write), or nil where the file system
    /// has no anonymous files; `errno` then tells why when it is not that.
    static func anonymous(in folder: String, mode: mode_t = 0o644) -> Int32? {
        let fd = open(folder, O_RDWR | tmpfileFlag, mode)
        return fd >= 0 ? fd : nil
    }

    /// A descriptor for a scratch file in `folder` that no crash can leave behind: anonymous, or named and
    /// unlinked at once. Throws a sentence naming `what` when neither works.
    static func scratch(in folder: String, what: String) throws -> Int32 {
        if let fd = anonymous(in: folder, mode: 0o600) { return fd }
        let name = folder + "/.leadscore-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).scratch"
        let fd = open(name, O_RDWR | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else {
            throw FileError(file: folder, message: "cannot write a temporary file for \(what) here"
                + " (\(String(cString: strerror(errno)))); check that the folder is writable and has free space")
        }
        unlink(name)
        return fd
    }

    /// The name an output's temporary file has while it is moved into place.
    static func stagingName(for path: String, pid: Int32 = getpid()) -> String {
        folder(of: path) + "/." + (path as NSString).lastPathComponent + ".leadscore-\(pid).tmp"
    }

    /// Removes `.NAME.leadscore-PID.tmp` files in `folder` whose process no longer runs: what a crash at the
    /// moment of renaming can leave. Files of running processes, and anything else, are left alone.
    static func sweep(_ folder: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasPrefix(".") && name.hasSuffix(".tmp") {
            guard let marker = name.range(of: ".leadscore-", options: .backwards) else { continue }
            let digits = name[marker.upperBound...].dropLast(4)
            guard let pid = Int32(digits), pid > 0, pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { unlink(folder + "/" + name) }
        }
    }
}
