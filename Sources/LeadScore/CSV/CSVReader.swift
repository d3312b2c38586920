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
    private let onBytes: ((UnsafeRawBufferPointer) -> Void)?

    /// Size of the file in bytes when it was opened.
    public private(set) var fileSize: Int64 = 0
    private let fd: Int32
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var start = 0        // first unconsumed byte
    private var end = 0          // one past the last byte read
    private var eof = false
    private var fileOffset: Int64 = 0   // file offset of buffer[0]
    private var line = 1
    private var bounds: UnsafeMutablePointer<Int>
    private var boundsCapacity = 64
    private var headerPending = true
    private var scratch = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
    private var scratchCapacity = 256
    private var scratchCount = 0

    /// Opens `path` and reads its header.
    /// - Parameter delimiter: comma, semicolon or tab; detected from the header when nil.
    /// - Parameter onBytes: sees every raw byte of the file once, in order (for the data's SHA-256).
    public init(path: String, delimiter: UInt8? = nil, chunkSize: Int = 1 << 20,
                onBytes: ((UnsafeRawBufferPointer) -> Void)? = nil) throws {
        self.path = path
        self.onBytes = onBytes
        fd = open(path, O_RDONLY)
        if fd < 0 {
            throw CSVError(file: path, message: "cannot open the file (\(String(cString: strerror(errno))));"
                + " check the path")
        }
        var st = stat()
        if fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw CSVError(file: path, message: "is a folder, not a CSV file; name a file")
        }
        fileSize = Int64(st.st_size)
        capacity = max(chunkSize, 16)
        buffer = .allocate(capacity: capacity + 1)
        bounds = .allocate(capacity: boundsCapacity * 2)
        try fill()
        if end == 0 {
            throw CSVError(file: path, line: 1, message: "the file is empty; a header row is required")
        }
        if end >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { start = 3 }
        let chosen = delimiter ?? Self.detectDelimiter(buffer + start, count: end - start)
        var names: [String] = []
        var dropped = false
        try readHeader(delimiter: chosen, names: &names, dropped: &dropped)
        self.delimiter = chosen
        self.header = names
        self.droppedTrailingColumn = dropped
    }

    deinit {
        buffer.deallocate()
        bounds.deallocate()
        scratch.deallocate()
        close(fd)
    }

    /// The most frequent of comma, semicolon and tab on the first line (comma on a tie or none).
    static func detectDelimiter(_ p: UnsafePointer<UInt8>, count: Int) -> UInt8 {
        var counts: [UInt8: Int] = [UInt8(ascii: ","): 0, UInt8(ascii: ";"): 0, UInt8(ascii: "\t"): 0]
        var inQuotes = false
        for i in 0..<count {
            let c = p[i]
            if c == UInt8(ascii: "\"") { inQuotes.toggle() }
            else if !inQuotes, c == 10 { break }
            else if !inQuotes, counts[c] != nil { counts[c]! += 1 }
        }
        let order: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t")]
        return order.max { counts[$0]! < counts[$1]! || (counts[$0]! == counts[$1]! && $0 == UInt8(ascii: ",")) }!
    }

    private func readHeader(delimiter d: UInt8, names: inout [String], dropped: inout Bool) throws {
        guard let n = try nextRecord(delimiter: d) else {
            throw CSVError(file: path, line: 1, message: "the file is empty; a header row is required")
        }
        for i in 0..<n {
            let rec = CSVRecord(base: buffer, scratch: scratch, bounds: bounds, count: n, line: 1, offset: 0, length: 0)
            guard let name = String(validating: rec[i], as: UTF8.self)
            else {
                throw CSVError(file: path, line: 1, column: "#\(i + 1)",
                               message: "the header is not valid UTF-8; save the file as UTF-8")
            }
            names.append(name)
        }
        if names.count > 1, names.last == "" { names.removeLast(); dropped = true }
        var seen: [String: Int] = [:]
        for (i, name) in names.enumerated() {
            if name.isEmpty {
                throw CSVError(file: path, line: 1, column: "#\(i + 1)",
                               message: "the header has an unnamed column; give every column a name")
            }
            if let j = seen[name] {
                throw CSVError(file: path, line: 1, column: name,
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
    public func forEachBatch(maxRecords: Int = 4096, _ body: (CSVBatch) throws -> Void) throws {
        while true {
            batchMeta.removeAll(keepingCapacity: true)
            scratchCount = 0
            var fields = 0
            var needMore = false
            while batchMeta.count < maxRecords {
                let recordLine = line
                let recordOffset = fileOffset + Int64(start)
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
                batchMeta.append(CSVBatch.Meta(firstField: fields, count: n, line: recordLine, offset: recordOffset,
                                               length: Int(fileOffset + Int64(start) - recordOffset)))
                fields += parsed
            }
            if !batchMeta.isEmpty {
                try body(CSVBatch(base: buffer, scratch: scratch, bounds: bounds, meta: batchMeta))
            }
            if needMore {
                if eof { return }
                try refill()
            }
        }
    }

    private var batchMeta: [CSVBatch.Meta] = []
    private var lastRecordWasQuoted = false

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

    /// Tries to parse one complete record from the buffered bytes; nil when more bytes are needed
    /// (or when the buffer is exhausted at end of file).
    private func parseRecord(delimiter d: UInt8, at first: Int) throws -> Int? {
        if start >= end { return nil }
        let quote = UInt8(ascii: "\""), lf: UInt8 = 10, cr: UInt8 = 13
        var i = start
        var n = 0
        var newlines = 0
        var quotedAny = false
        let p = buffer
        p[end] = lf  // sentinel: unquoted scans always stop
        while true {
            if first + n + 1 >= boundsCapacity { growBounds() }
            if p[i] == quote {
                quotedAny = true
                var r = i + 1
                var doubled = false
                while true {
                    if r >= end {
                        if eof {
                            throw CSVError(file: path, line: line, column: columnName(n),
                                           message: "a quoted field is never closed; add the closing quote")
                        }
                        return nil
                    }
                    let c = p[r]
                    if c == quote {
                        if r + 1 >= end && !eof { return nil }
                        if r + 1 < end && p[r + 1] == quote { doubled = true; r += 2; continue }
                        break
                    }
                    if c == lf { newlines += 1 }
                    r += 1
                }
                if doubled {
                    let s = scratchCount
                    unescape(from: i + 1, to: r)
                    bounds[2 * (first + n)] = s | Self.scratchFlag; bounds[2 * (first + n) + 1] = scratchCount | Self.scratchFlag
                } else {
                    bounds[2 * (first + n)] = i + 1; bounds[2 * (first + n) + 1] = r
                }
                n += 1
                i = r + 1
                if i >= end {
                    if !eof { return nil }
                    finish(at: i, newlines: newlines, quoted: quotedAny); return n
                }
                let c = p[i]
                if c == d { i += 1; continue }
                if c == lf { finish(at: i + 1, newlines: newlines + 1, quoted: quotedAny); return n }
                if c == cr {
                    if i + 1 >= end && !eof { return nil }
                    let next = i + 1 < end && p[i + 1] == lf ? i + 2 : i + 1
                    finish(at: next, newlines: newlines + 1, quoted: quotedAny); return n
                }
                throw CSVError(file: path, line: line + newlines, column: columnName(n - 1),
                               message: "text follows a closing quote; quote the whole field and double inner quotes")
            }
            let fieldStart = i
            while true {
                let c = p[i]
                if c == d || c == lf || c == cr { break }
                i += 1
            }
            bounds[2 * (first + n)] = fieldStart; bounds[2 * (first + n) + 1] = i
            n += 1
            if i >= end {
                if !eof { return nil }
                finish(at: i, newlines: newlines, quoted: quotedAny); return n
            }
            let c = p[i]
            if c == d { i += 1; continue }
            if c == lf { finish(at: i + 1, newlines: newlines + 1, quoted: quotedAny); return n }
            if i + 1 >= end && !eof { return nil }
            let next = i + 1 < end && p[i + 1] == lf ? i + 2 : i + 1
            finish(at: next, newlines: newlines + 1, quoted: quotedAny); return n
        }
    }

    static let scratchFlag = 1 << 62

    /// Copies a quoted field's content with doubled quotes made single into the scratch buffer.
    private func unescape(from a: Int, to b: Int) {
        if scratchCount + (b - a) > scratchCapacity {
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: max(scratchCapacity * 2, scratchCount + b - a))
            bigger.update(from: scratch, count: scratchCount)
            scratch.deallocate()
            scratch = bigger
            scratchCapacity = max(scratchCapacity * 2, scratchCount + b - a)
        }
        var r = a
        while r < b {
            scratch[scratchCount] = buffer[r]
            scratchCount += 1
            r += buffer[r] == UInt8(ascii: "\"") ? 2 : 1
        }
    }

    private func finish(at i: Int, newlines: Int, quoted: Bool) {
        start = i
        line += newlines
        lastRecordWasQuoted = quoted
    }

    private func columnName(_ i: Int) -> String {
        headerPending || i >= header.count ? "#\(i + 1)" : header[i]
    }

    private func growBounds() {
        let bigger = UnsafeMutablePointer<Int>.allocate(capacity: boundsCapacity * 4)
        bigger.update(from: bounds, count: boundsCapacity * 2)
        bounds.deallocate()
        bounds = bigger
        boundsCapacity *= 2
    }

    /// Moves the unconsumed tail to the front (growing the buffer when one record fills it) and reads more.
    private func refill() throws {
        let tail = end - start
        if start == 0 && tail == capacity {
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2 + 1)
            bigger.update(from: buffer, count: tail)
            buffer.deallocate()
            buffer = bigger
            capacity *= 2
        } else if start > 0 {
            (buffer).update(from: buffer + start, count: tail)
            fileOffset += Int64(start)
            start = 0
            end = tail
        }
        try fill()
    }

    private func fill() throws {
        while end < capacity && !eof {
            let got = read(fd, buffer + end, capacity - end)
            if got < 0 {
                if errno == EINTR { continue }
                throw CSVError(file: path, message: "reading failed (\(String(cString: strerror(errno))))")
            }
            if got == 0 { eof = true; break }
            onBytes?(UnsafeRawBufferPointer(start: buffer + end, count: got))
            end += got
        }
    }
}
