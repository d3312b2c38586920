import ArgumentParser
import Foundation
import LeadScore

/// Writing to the terminal and turning library errors into exit codes.
enum Terminal {
    static func error(_ text: String) {
        FileHandle.standardError.write(Data("leadscore: \(text)\n".utf8))
    }

    static func warning(_ text: String) {
        FileHandle.standardError.write(Data("warning: \(text)\n".utf8))
    }

    static func note(_ text: String) {
        FileHandle.standardError.write(Data("note: \(text)\n".utf8))
    }

    /// A progress reporter that prints on stderr only when it is a terminal and not silenced.
    static func progress(quiet: Bool) -> @Sendable (String) -> Void {
        guard !quiet, isatty(2) != 0 else { return { _ in } }
        return { FileHandle.standardError.write(Data("\u{1B}[2K\r\($0)\r".utf8)) }
    }

    /// The same, or nil when nothing would be shown (so that no meter is kept at all).
    static func progressIfShown(quiet: Bool) -> (@Sendable (String) -> Void)? {
        !quiet && isatty(2) != 0 ? progress(quiet: false) : nil
    }

    static func clearProgress(quiet: Bool) {
        if !quiet, isatty(2) != 0 { FileHandle.standardError.write(Data("\u{1B}[2K\r".utf8)) }
    }

    /// Prints a value as pretty, key-sorted JSON (`JSONOutput`).
    static func printJSON<T: Encodable>(_ value: T) throws { print(try JSONOutput.text(value)) }

    /// Runs a command body: bad usage exits 64, bad data 1, each with one sentence and no stack trace.
    static func run(_ body: () throws -> Void) throws {
        // A file that outgrows its limit (`ulimit -f`, a quota) must fail the write with an error the user
        // reads, not kill the process silently (SIGXFSZ's default); the outputs then stay as they were.
        signal(SIGXFSZ, SIG_IGN)
        do {
            try body()
        } catch let e as ExitCode {
            throw e
        } catch let e as SpecError {
            error(e.description)
            throw ExitCode(64)
        } catch let e as UsageError {
            error(e.description)
            throw ExitCode(64)
        } catch let e as ValidationError {
            error(e.message)
            throw ExitCode(64)
        } catch {
            Terminal.error("\(error)")
            throw ExitCode(1)
        }
    }
}
