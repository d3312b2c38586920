import Foundation

/// The readers under test take paths, so each input is written to one scratch file per process first.
public enum ScratchFile {
    public static func write(_ data: UnsafePointer<UInt8>, _ size: Int, suffix: String) -> String {
        let path = NSTemporaryDirectory() + "leadscore-fuzz-\(getpid())" + suffix
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        precondition(fd >= 0, "cannot write the scratch file \(path)")
        var done = 0
        while done < size {
            let n = Foundation.write(fd, data + done, size - done)
            precondition(n > 0, "cannot write the scratch file \(path)")
            done += n
        }
        close(fd)
        return path
    }
}
