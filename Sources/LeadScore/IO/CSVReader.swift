#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A streaming, byte-level RFC 4180 reader.
///
/// The file is read in fixed chunks into one buffer that only grows when a single record is larger than
/// it, so memory stays bounded whatever the file size. Records are handed out as `CSVRecord` views into that
/// buffer; a view is valid only during the callback.
///
/// Accepted: quoted fields holding the delimiter, doubled quotes and line breaks; CRLF or LF; a UTF-8
/// byte-order mark; an unnamed, entirely empty last column (an export with a trailing delimiter).
///
/// Why hand-written: the mirrored CSV packages (SwiftCSV, CSV.swift) build a `String` per field; measured
/// here on the 134 MB benchmark file they read at roughly 10 MB/s, thirty times short of the 300 MB/s target.
public final class CSVReader {
    public let path: String
    public private(set) var delimiter: UInt8 = 0
    /// Column names from the header row, without a trailing unnamed empty column.
    public private(set) var header: [String] = []
    /// True when the header ended with a delimiter and that empty column is being ignored.
    public private(set) var droppedTrailingColumn = false
    /// Sees every raw byte of the file exactly once, in order (used for the SHA-256 of the data).
    let onBytes: ((UnsafeRawBufferPointer) -> Void)?

    /// Size of the file in bytes when it was opened.
    public private(set) var fileSize: Int64 = 0
    /// File offset of the first record after the header.
    public private(set) var dataOffset: Int64 = 0
    /// The header's line: 2 under Excel's `sep=` line, else 1.
    public private(set) var headerLine = 1
    /// A report's footer that ends the file (`CSVFooter`): not read as records.
    public private(set) var footer: CSVFooter?
    /// File offset where the records end: the footer's start, or the file's end.
    public var dataEnd: Int64 { footer?.start ?? fileSize }
    /// Whether `onBytes` has seen the footer's bytes (which the reader does not read as records).
    private var footerHashed = false
    let fd: Int32
    var buffer: UnsafeMutablePointer<UInt8>
    var capacity: Int
    var start = 0        // first unconsumed byte
    var end = 0          // one past the last byte read
    var eof = false
    var line = 1
    var bounds: UnsafeMutablePointer<Int>
    var boundsCapacity: Int
    /// Where this reader's buffer and bounds came from and go back to: the whole file's, shared by its parts.
    let spares: ReaderSpares
    var headerPending = true
    var scratch = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
    var scratchCapacity = 256
    var scratchCount = 0
    /// File offset of buffer[0].
    var bufferOffset: Int64 = 0
    /// Bytes of the file this reader may still read (a segment stops at its end; a whole-file reader never does).
    var remaining = Int64.max

    /// Opens `path` and reads its header.
    /// - Parameter delimiter: comma, semicolon or tab; detected from the header when nil.
    /// - Parameter onBytes: sees every raw byte of the file once, in order (for the data's SHA-256).
    public init(path: String, delimiter: UInt8? = nil, chunkSize: Int = 1 << 20,
                onBytes: ((UnsafeRawBufferPointer) -> Void)? = nil) throws {
        self.path = path
        self.onBytes = onBytes
        fd = open(path, O_RDONLY)
        if fd < 0 {
            throw FileError(file: path, message: "cannot open the file (\(String(cString: strerror(errno))));"
                + " check the path")
        }
        var st = stat()
        if fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw FileError(file: path, message: "is a folder, not a CSV file; name a file")
        }
        fileSize = Int64(st.st_size)
        if (st.st_mode & S_IFMT) == S_IFREG, let found = CSVFooter.find(fd: fd, size: fileSize) {
            footer = found
            remaining = found.start
        }
        spares = ReaderSpares(capacity: max(chunkSize, 16))
        let block = spares.take(capacity: max(chunkSize, 16))
        (buffer, capacity, bounds, boundsCapacity) = (block.buffer, block.capacity, block.bounds, block.boundsCapacity)
        try fill()
        if end == 0 {
            throw FileError(file: path, line: 1, message: "the file is empty; a header row is required")
        }
        if let kind = Self.notText(UnsafeBufferPointer(start: buffer, count: end), piped: StandardStreams.isStandardInput(path)) {
            throw FileError(file: path, message: kind)
        }
        if end >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { start = 3 }
        // Excel's first line `sep=;` names the delimiter (a sheet saved for Excel in another locale); the header
        // is the next line. A --delimiter given still wins.
        var named: UInt8?
        if let sep = Self.separatorLine(buffer + start, count: end - start) {
            named = sep.delimiter
            start += sep.length
            line = 2
            headerLine = 2
        }
        let chosen = delimiter ?? named ?? Self.detectDelimiter(buffer + start, count: end - start)
        var names: [String] = []
        var dropped = false
        try readHeader(delimiter: chosen, names: &names, dropped: &dropped)
        self.delimiter = chosen
        self.header = names
        self.droppedTrailingColumn = dropped
        dataOffset = bufferOffset + Int64(start)
        // Under a header of one column every line is one field: nothing tells a footer from the rows.
        if footer != nil && names.count < 2 {
            footer = nil
            remaining = Int64.max
            eof = false
        }
    }

    /// A reader over the records from byte `from` to byte `to` of the file `whole` reads, both record
    /// boundaries seen by `whole` (a `CSVBatch`'s `offset`), so that parts of a file can be read in parallel.
    /// Header, delimiter and the trailing-column rule are `whole`'s; `line` is the line number at `from`.
    public init(segmentOf whole: CSVReader, from: Int64, to: Int64, line: Int, chunkSize: Int = 1 << 20) throws {
        path = whole.path
        onBytes = nil
        delimiter = whole.delimiter
        header = whole.header
        droppedTrailingColumn = whole.droppedTrailingColumn
        fd = open(path, O_RDONLY)
        if fd < 0 {
            throw FileError(file: path, message: "cannot open the file again (\(String(cString: strerror(errno)))); check the path")
        }
        var st = stat()
        fileSize = fstat(fd, &st) == 0 ? Int64(st.st_size) : -1
        spares = whole.spares
        let block = spares.take(capacity: max(chunkSize, 16))
        (buffer, capacity, bounds, boundsCapacity) = (block.buffer, block.capacity, block.bounds, block.boundsCapacity)
        if fileSize != whole.fileSize {
            throw FileError(file: path, message: "the file changed while it was being read; run again when it is complete")
        }
        self.line = line
        headerPending = false
        bufferOffset = from
        remaining = to - from
        if lseek(fd, off_t(from), SEEK_SET) < 0 {
            throw FileError(file: path, message: "cannot seek in the file (\(String(cString: strerror(errno))))")
        }
        try fill()
    }

    deinit {
        spares.give(.init(buffer: buffer, capacity: capacity, bounds: bounds, boundsCapacity: boundsCapacity))
        scratch.deallocate()
        close(fd)
    }

    private func readHeader(delimiter d: UInt8, names: inout [String], dropped: inout Bool) throws {
        guard let n = try nextRecord(delimiter: d) else {
            throw FileError(file: path, line: headerLine, message: "the file is empty; a header row is required")
        }
        for i in 0..<n {
            let rec = CSVRecord(base: buffer, scratch: scratch, bounds: bounds, count: n, line: headerLine, length: 0)
            guard let name = String(validating: rec.raw(i), as: UTF8.self)
            else {
                throw FileError(file: path, line: headerLine, column: "#\(i + 1)",
                               message: "the header is not valid UTF-8; save the file as UTF-8")
            }
            names.append(name)
        }
        if names.count > 1, names.last == "" { names.removeLast(); dropped = true }
        var seen: [String: Int] = [:]
        for (i, name) in names.enumerated() {
            if name.isEmpty {
                throw FileError(file: path, line: headerLine, column: "#\(i + 1)",
                               message: "the header has an unnamed column; give every column a name")
            }
            if let j = seen[name] {
                throw FileError(file: path, line: headerLine, column: name,
                               message: "the header names this column twice (columns \(j + 1) and \(i + 1)); rename one")
            }
            seen[name] = i
        }
        headerPending = false
    }

    /// Calls `body` for every data record, in file order.
    public func forEachRecord(_ body: (borrowing CSVRecord) throws -> Void) throws {
        try forEachBatch { batch in
            for i in 0..<batch.count { try batch.withRecord(i) { try body($0) } }
        }
    }

    /// Calls `body` with batches of up to `maxRecords` consecutive records, all parsed and held in the
    /// buffer at once, so that a caller can work on them in parallel. A batch is valid only during the call.
    func forEachBatch(maxRecords: Int = 4096, _ body: (CSVBatch) throws -> Void) throws {
        // Room for a whole batch of records as wide as the header from the start: growing by doubling from 64
        // fields copied the bounds eleven times per reader (3% of score's instructions, 16 readers a pass).
        let batchFields = maxRecords * (header.count + 1) + 1
        if boundsCapacity < batchFields { growBounds(to: batchFields) }
        while true {
            batchMeta.removeAll(keepingCapacity: true)
            scratchCount = 0
            var fields = 0
            var needMore = false
            let batchOffset = bufferOffset + Int64(start), batchLine = line
            while batchMeta.count < maxRecords {
                let recordLine = line
                let recordStart = start  // no refill happens inside a batch, so buffer offsets are stable
                let scratchMark = scratchCount
                guard let parsed = try parseRecord(delimiter: delimiter, at: fields) else {
                    scratchCount = scratchMark
                    needMore = true
                    break
                }
                var n = parsed
                let b = bounds + 2 * fields
                if n == 1, b[0] == b[1], !lastRecordWasQuoted { continue }  // a blank line
                if droppedTrailingColumn, n == header.count + 1, b[2 * n - 2] == b[2 * n - 1] { n -= 1 }
                batchMeta.append(CSVBatch.Meta(firstField: fields, count: n, line: recordLine,
                                               length: start - recordStart))
                fields += parsed
            }
            if !batchMeta.isEmpty {
                try body(CSVBatch(base: buffer, scratch: scratch, bounds: bounds, meta: batchMeta, offset: batchOffset,
                                  line: batchLine))
            }
            if needMore {
                if eof { try hashFooter(); return }
                try refill()
            }
        }
    }

    /// Hands the footer's bytes to `onBytes` once the records are read, so that it still sees the whole file.
    private func hashFooter() throws {
        guard let onBytes, let footer, !footerHashed else { return }
        footerHashed = true
        let count = Int(fileSize - footer.start)
        var bytes = [UInt8](repeating: 0, count: count)
        let got = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, count, off_t(footer.start)) }
        guard got == count else { throw FileError(file: path, message: "reading failed at the file's end; run again") }
        bytes.withUnsafeBytes { onBytes($0) }
    }

    /// The note for a footer left unread (`CSVFooter`), naming the file as `name`; nil without one.
    public func footerNote(naming name: String) -> String? { footer?.note(naming: name) }

    private var batchMeta: [CSVBatch.Meta] = []
    var lastRecordWasQuoted = false

    /// Parses one record starting at `start`; fills `bounds` with unescaped field ranges. Nil at end of file.
    private func nextRecord(delimiter d: UInt8) throws -> Int? {
        while true {
            if let n = try parseRecord(delimiter: d, at: 0) { return n }
            if eof {
                return nil
            }
            try refill()
        }
    }
}
