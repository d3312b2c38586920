/// The events-rejects file: every event an activity log set aside, as `line,reason,` then the event's own
/// fields, written safely (created at the first rejected event, moved into place by `commit`).
public final class EventRejects {
    let path: String
    private var file: OutputFile?
    private var writer = CSVWriter()
    private var header: [String] = []

    public init(path: String) { self.path = path }

    /// An events-rejects file at `path`, or none.
    public static func at(_ path: String?) -> EventRejects? { path.map(EventRejects.init) }

    func start(header: [String]) { self.header = header }

    func add(_ record: borrowing CSVRecord, reason: String) throws {
        if file == nil {
            file = try OutputFile(path: path)
            writer.row(["line", "reason"] + header)
        }
        writer.raw(String(record.line))
        writer.separator()
        writer.text(reason)
        for i in 0..<record.count {
            writer.separator()
            writer.cell(record.raw(i))
        }
        writer.endRow()
        if writer.bytes.count > 1 << 16 { try file!.write(writer.bytes); writer.bytes.removeAll(keepingCapacity: true) }
    }

    /// Moves the file into place (nothing happens when no event was set aside).
    public func commit() throws {
        guard let file else { return }
        try file.write(writer.bytes)
        try file.commit(durable: false)
    }
}
