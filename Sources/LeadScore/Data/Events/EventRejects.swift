/// The events-rejects file: every event an activity log set aside, with its line and reason, written safely
/// (created at the first rejected event, moved into place by `commit`).
public final class EventRejects {
    let path: String?
    private var file: OutputFile?
    private var writer = CSVWriter()

    public init(path: String?) { self.path = path }

    public func add(_ event: RejectedEvent) throws {
        guard let path else { return }
        if file == nil {
            file = try OutputFile(path: path)
            writer.row(["line", "reason"] + event.header)
        }
        writer.row([String(event.line), event.reason] + event.fields)
        if writer.bytes.count > 1 << 16 { try file!.write(writer.bytes); writer.bytes = [] }
    }

    /// Moves the file into place (nothing happens when no event was set aside).
    public func commit() throws {
        guard let file else { return }
        try file.write(writer.bytes)
        try file.commit(durable: false)
    }
}
