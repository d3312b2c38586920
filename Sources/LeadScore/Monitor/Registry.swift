#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A folder of models with a `current` pointer, a history log and a lock:
///
///     registry/models/<dated name>.json   every challenger, promoted or not
///     registry/current                    the file name of the current model (one line)
///     registry/history.jsonl              one JSON object per retrain, rollback or promote
///     registry/lock                       locked (flock) by the run changing the registry; its pid
///
/// `current` is replaced by rename, so there is never a moment without a valid current model.
public struct Registry {
    public let path: String

    public struct Entry: Codable, Sendable, Equatable {
        public struct Metrics: Codable, Sendable, Equatable {
            public var auc: Double
            public var logLoss: Double
            var brier: Double
            public var rows: Int
            var positives: Int
            enum CodingKeys: String, CodingKey {
                case auc, brier, rows, positives
                case logLoss = "log_loss"
            }
        }

        public var time: String
        /// `retrain`, `rollback` or `promote`.
        public var action: String
        var dataSHA256: String?
        public var rows: Int?
        public var champion: Metrics?
        public var challenger: Metrics?
        public var promoted: Bool
        public var reason: String
        /// The model this entry wrote (retrain) or made current (rollback, promote), and what was current before.
        public var model: String
        var previous: String?

        enum CodingKeys: String, CodingKey {
            case time, action, rows, champion, challenger, promoted, reason, model, previous
            case dataSHA256 = "data_sha256"
        }
    }

    var modelsDir: String { path + "/models" }
    var currentFile: String { path + "/current" }
    var historyFile: String { path + "/history.jsonl" }
    var lockFile: String { path + "/lock" }

    /// Opens (creating it when absent) and checks the registry: a corrupted pointer or log is an error
    /// before anything changes.
    static func open(_ path: String) throws -> Registry {
        let r = Registry(path: path)
        do {
            try FileManager.default.createDirectory(atPath: r.modelsDir, withIntermediateDirectories: true)
        } catch {
            throw FileError(file: path, message: "cannot create the registry folder here; check the path and permissions")
        }
        _ = try r.current()
        _ = try r.history()
        return r
    }

    /// The current model's file name and model, nil when nothing was promoted yet.
    public func current() throws -> (name: String, model: ModelFile)? {
        guard let data = FileManager.default.contents(atPath: currentFile) else { return nil }
        let name = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, !name.contains("/"), name.hasSuffix(".json") else {
            throw FileError(file: currentFile, message: "is corrupted (it should hold one model file name);"
                + " fix it by hand or with `leadscore rollback`")
        }
        guard FileManager.default.fileExists(atPath: modelsDir + "/" + name) else {
            throw FileError(file: currentFile, message: "points to \(name), which is not in \(modelsDir); restore it or fix the pointer")
        }
        return (name, try ModelFile.load(path: modelsDir + "/" + name))
    }

    public func history() throws -> [Entry] {
        guard let data = FileManager.default.contents(atPath: historyFile) else { return [] }
        let decoder = JSONOutput.decoder()
        return try String(decoding: data, as: UTF8.self).split(separator: "\n").enumerated().map { k, line in
            do { return try decoder.decode(Entry.self, from: Data(line.utf8)) } catch {
                throw FileError(file: historyFile + ":\(k + 1)", message: "is not a history entry (the log is corrupted);"
                    + " repair or remove that line")
            }
        }
    }

    func modelPath(_ name: String) -> String { modelsDir + "/" + name }

    /// A new dated file name for a model: `model-YYYYMMDD-HHMMSS-mmm.json` (UTC, milliseconds), a millisecond
    /// later while taken, so that names sort in the order the models were made (runs a second apart were not
    /// enough: a suffixed name sorted before the plain one).
    func newName(at date: Date = Date()) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMdd-HHmmss-SSS"
        var when = date
        while true {
            let name = "model-" + f.string(from: when) + ".json"
            if !FileManager.default.fileExists(atPath: modelPath(name)) { return name }
            when += 0.001
        }
    }

    /// Points `current` at `name` by writing a temporary file and renaming it over the pointer.
    func setCurrent(_ name: String) throws {
        try OutputFile.write(Array((name + "\n").utf8), to: currentFile)
    }

    public func append(_ entry: Entry) throws {
        var line = [UInt8](try JSONOutput.encoder(pretty: false).encode(entry))
        line.append(10)
        let fd = Glibc.open(historyFile, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        guard fd >= 0 else { throw FileError(file: historyFile, message: "cannot append to the history log") }
        defer { close(fd) }
        let written = line.withUnsafeBytes { write(fd, $0.baseAddress!, $0.count) }
        guard written == line.count else { throw FileError(file: historyFile, message: "the history log could not be written") }
        fsync(fd)
    }

    /// Holds the registry's lock for the life of the value.
    public final class Lock {
        let fd: Int32
        init(fd: Int32) { self.fd = fd }
        deinit { close(fd) }  // releases the lock
    }

    /// Takes the lock, so that two retrains (or a retrain and a rollback) cannot both change `current`.
    ///
    /// An advisory `flock` on the file `lock`: the kernel releases it when its process ends in any way
    /// (`kill -9` included), so a lock is never left behind; the holder writes its pid into the file for
    /// the message the others print. (A pid file made with O_EXCL was racy: a second run could read it
    /// empty, between its creation and the pid's write, take it for stale and remove it.)
    public func lock() throws -> Lock {
        let fd = Glibc.open(lockFile, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw FileError(file: lockFile, message: "cannot open the registry's lock (\(String(cString: strerror(errno))));"
                + " check that the registry folder is writable")
        }
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            if errno == EINTR { continue }
            var buffer = [UInt8](repeating: 0, count: 32)
            let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 32, 0) }
            close(fd)
            let owner = Int32(String(decoding: buffer.prefix(max(0, n)), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
            throw FileError(file: lockFile, message: "another retrain or rollback\(owner.map { " (pid \($0))" } ?? "") holds the"
                + " registry; wait for it to finish")
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        return Lock(fd: fd)
    }
}
