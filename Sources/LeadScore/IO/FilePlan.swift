import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A command line's mistake that no data fixes (exit 64): a sentence saying what to change.
public struct UsageError: Error, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The files a command reads and writes, checked before any work so that no run can destroy its own input.
///
/// Refused, each naming the flags and paths involved:
/// - an output that is an input: the same path, another path to it, a symbolic or hard link to it (files
///   are compared by device and inode where they exist, by their absolute path with links resolved where
///   not yet);
/// - two outputs that are the same file (`--out` and `--rejects`);
/// - an output that is a folder, in a folder that does not exist (unless the command creates it: `folders`),
///   or that this user may not replace.
public struct FilePlan {
    public typealias Entry = (flag: String, path: String)
    public var inputs: [Entry] = []
    public var outputs: [Entry] = []
    /// Output folders the command creates when absent (`--plots`, `--registry`).
    public var folders: [Entry] = []

    public init(inputs: [Entry] = [], outputs: [Entry] = [], folders: [Entry] = []) {
        self.inputs = inputs
        self.outputs = outputs
        self.folders = folders
    }

    public func check() throws {
        // `-` is a stream (standard input or output), never a file another entry could name.
        let inputs = self.inputs.filter { $0.path != StandardStreams.dash }
        let outputs = self.outputs.filter { $0.path != StandardStreams.dash }
        for f in folders {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: f.path, isDirectory: &isFolder), !isFolder.boolValue {
                throw UsageError("\(f.flag) \(f.path) is a file; name a folder (it is created when absent)")
            }
        }
        for out in outputs {
            let created = folders.contains { Self.identity($0.path) == Self.identity(TemporaryFile.folder(of: out.path)) }
            try Self.checkWritable(out, folderMayBeAbsent: created)
        }
        for (k, out) in outputs.enumerated() {
            let id = Self.identity(out.path)
            for input in inputs where id == Self.identity(input.path) {
                throw UsageError("\(out.flag) \(out.path) is the same file as \(input.flag) \(input.path): the run would"
                    + " overwrite its own input; write to another file")
            }
            for other in outputs[..<k] where id == Self.identity(other.path) {
                throw UsageError("\(other.flag) \(other.path) and \(out.flag) \(out.path) are the same file; give each output its own name")
            }
        }
    }

    /// What makes two paths the same file: device and inode when it exists, else the absolute path with
    /// its folder's links resolved.
    enum Identity: Equatable {
        case file(dev: UInt64, ino: UInt64)
        case path(String)
    }

    static func identity(_ path: String) -> Identity {
        var st = stat()
        if stat(path, &st) == 0 { return .file(dev: UInt64(st.st_dev), ino: UInt64(st.st_ino)) }
        let folder = URL(fileURLWithPath: TemporaryFile.folder(of: path)).resolvingSymlinksInPath().standardized.path
        return .path(folder + "/" + (path as NSString).lastPathComponent)
    }

    private static func checkWritable(_ out: Entry, folderMayBeAbsent: Bool) throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: out.path, isDirectory: &isFolder) {
            if isFolder.boolValue {
                throw UsageError("\(out.flag) \(out.path) is a folder; name a file inside it")
            }
            if access(out.path, W_OK) != 0 {
                throw UsageError("\(out.flag) \(out.path) is read-only; make it writable (chmod u+w) or write to another file")
            }
        }
        let folder = TemporaryFile.folder(of: out.path)
        if folderMayBeAbsent && !FileManager.default.fileExists(atPath: folder) { return }
        var folderIsFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &folderIsFolder), folderIsFolder.boolValue else {
            throw UsageError("\(out.flag) \(out.path): the folder \(folder) does not exist; create it first (mkdir -p \(folder))")
        }
        if access(folder, W_OK | X_OK) != 0 {
            throw UsageError("\(out.flag) \(out.path): cannot write in the folder \(folder); choose a folder you may write in")
        }
    }

}
