import CKernels

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The byte-level state machine of `CSVReader`: one record at a time out of the buffer, and refills.
extension CSVReader {
    /// Tries to parse one complete record from the buffered bytes; nil when more bytes are needed
    /// (or when the buffer is exhausted at end of file).
    func parseRecord(delimiter d: UInt8, at first: Int) throws -> Int? {
        if start >= end { return nil }
        let quote = UInt8(ascii: "\""), lf: UInt8 = 10
        var i = start
        var n = 0
        var newlines = 0
        var quotedAny = false
        let p = buffer
        p[end] = lf  // sentinel: unquoted scans always stop
        UnsafeMutableRawPointer(p + end + 1).storeBytes(of: 0, as: UInt64.self)  // what a load at it reads beyond
        let delimiters = 0x0101_0101_0101_0101 &* UInt64(d)
        // Kept in locals: stores through `bounds` could otherwise alias them and force reloads per field.
        var slots = bounds + 2 * first, room = boundsCapacity - first - 1
        // Fields are split by the C kernel, sixty-four bytes at a time: the whole record when it ends at an LF or
        // CRLF and no quoted field holds a doubled quote or a line break (most do), else up to where this loop goes on.
        do {
            let (split, next, quoted) = splitFields(from: i, into: slots, room: room, delimiter: d)
            if split > 0 { finish(at: next, newlines: 1, quoted: quoted); return split }
            quotedAny = quoted
            n = -split - 1
            i = next
        }
        while true {
            if n >= room { growBounds(); slots = bounds + 2 * first; room = boundsCapacity - first - 1 }
            if p[i] == quote {
                quotedAny = true
                // The closing quote, sixty-four bytes at a time (a doubled quote is content).
                var lines: Int64 = 0, doubled: Int32 = 0
                let r = Int(ckernels_quoted_end(p, Int64(i + 1), Int64(end), &lines, &doubled))
                if r < 0 {
                    if eof {
                        throw FileError(file: path, line: line, column: columnName(n),
                                       message: "a quoted field is never closed; add the closing quote")
                    }
                    return nil
                }
                if r + 1 >= end && !eof { return nil }
                newlines += Int(lines)
                if doubled != 0 {
                    let s = scratchCount
                    unescape(from: i + 1, to: r)
                    bounds[2 * (first + n)] = s | Self.scratchFlag; bounds[2 * (first + n) + 1] = scratchCount | Self.scratchFlag
                } else {
                    bounds[2 * (first + n)] = i + 1; bounds[2 * (first + n) + 1] = r
                }
                n += 1
                i = r + 1
                switch fieldEnd(at: i, delimiter: d) {
                case .another:
                    i += 1
                    // The fields that follow by the kernel again.
                    if n < room {
                        let (split, next, _) = splitFields(from: i, into: slots + 2 * n, room: room - n, delimiter: d)
                        if split > 0 { finish(at: next, newlines: newlines + 1, quoted: true); return n + split }
                        n += -split - 1
                        i = next
                    }
                    continue
                case .needMore: return nil
                case .record(let next, let newline):
                    finish(at: next, newlines: newlines + (newline ? 1 : 0), quoted: quotedAny); return n
                case .text:
                    throw FileError(file: path, line: line + newlines, column: columnName(n - 1),
                                   message: "text follows a closing quote; quote the whole field and double inner quotes")
                }
            }
            let fieldStart = i
            // Eight bytes a step: the first delimiter, LF or CR (the sentinel at `end` stops the scan).
            while true {
                let w = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
                let hit = Self.zeroBytes(w ^ delimiters) | Self.zeroBytes(w ^ 0x0A0A_0A0A_0A0A_0A0A)
                    | Self.zeroBytes(w ^ 0x0D0D_0D0D_0D0D_0D0D)
                if hit != 0 { i &+= hit.trailingZeroBitCount >> 3; break }
                i &+= 8
            }
            slots[2 &* n] = fieldStart; slots[2 &* n &+ 1] = i
            n &+= 1
            // A delimiter is never the sentinel, so it lies before `end`: another field follows, by the kernel again
            // (it hands over an unquoted field that holds a quote, which this loop has just read).
            if p[i] == d {
                i &+= 1
                if n < room {
                    let (split, next, quoted) = splitFields(from: i, into: slots + 2 * n, room: room - n, delimiter: d)
                    quotedAny = quotedAny || quoted
                    if split > 0 { finish(at: next, newlines: newlines + 1, quoted: quotedAny); return n + split }
                    n += -split - 1
                    i = next
                }
                continue
            }
            switch fieldEnd(at: i, delimiter: d) {
            case .another: i += 1; continue
            case .needMore: return nil
            case .record(let next, let newline):
                finish(at: next, newlines: newlines + (newline ? 1 : 0), quoted: quotedAny); return n
            case .text: preconditionFailure("an unquoted field ends only at a delimiter or a line break")
            }
        }
    }

    /// `ckernels_split_fields` from `i` into `slots` (at most `room` fields): its result (the record's field count
    /// when it ended at a line break, else −(k + 1) for k fields written), where the record or the caller goes on,
    /// and whether it took a quoted field.
    @inline(__always)
    private func splitFields(from i: Int, into slots: UnsafeMutablePointer<Int>, room: Int,
                             delimiter d: UInt8) -> (Int, Int, Bool) {
        var next: Int64 = 0, quoted: Int32 = 0
        let split = slots.withMemoryRebound(to: Int64.self, capacity: 2 * max(room, 0)) { s in
            Int(ckernels_split_fields(buffer, Int64(i), Int64(end), d, s, Int64(room), &next, &quoted))
        }
        return (split, Int(next), quoted != 0)
    }

    enum FieldEnd {
        /// A delimiter: another field follows.
        case another
        /// The record ends; the next one starts at the offset (after a line break when `newline`).
        case record(next: Int, newline: Bool)
        /// The buffer ends before it can be told.
        case needMore
        /// Anything else (only possible after a closing quote).
        case text
    }

    /// What follows a field that ends at `i`: CRLF, LF, a lone CR, a delimiter or the end of the file.
    @inline(__always)
    func fieldEnd(at i: Int, delimiter d: UInt8) -> FieldEnd {
        if i >= end { return eof ? .record(next: i, newline: false) : .needMore }
        let c = buffer[i]
        if c == d { return .another }
        if c == 10 { return .record(next: i + 1, newline: true) }
        if c == 13 {
            if i + 1 >= end && !eof { return .needMore }
            return .record(next: i + 1 < end && buffer[i + 1] == 10 ? i + 2 : i + 1, newline: true)
        }
        return .text
    }

    static let scratchFlag = 1 << 62

    /// Copies a quoted field's content with doubled quotes made single into the scratch buffer.
    func unescape(from a: Int, to b: Int) {
        if scratchCount + (b - a) > scratchCapacity {
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: max(scratchCapacity * 2, scratchCount + b - a))
            bigger.update(from: scratch, count: scratchCount)
            scratch.deallocate()
            scratch = bigger
            scratchCapacity = max(scratchCapacity * 2, scratchCount + b - a)
        }
        scratchCount += Int(ckernels_unescape(buffer + a, Int64(b - a), scratch + scratchCount))
    }

    func finish(at i: Int, newlines: Int, quoted: Bool) {
        start = i
        line += newlines
        lastRecordWasQuoted = quoted
    }

    func columnName(_ i: Int) -> String {
        headerPending || i >= header.count ? "#\(i + 1)" : header[i]
    }

    /// A read buffer for `capacity` bytes, plus the sentinel byte and eight bytes that an 8-byte load at the
    /// sentinel may read (`parseRecord` zeroes those eight when it places the sentinel: they are never taken
    /// as data, the sentinel stops every scan first).
    static func allocateBuffer(_ capacity: Int) -> UnsafeMutablePointer<UInt8> {
        // And 64 more: `ckernels_split_fields` reads sixty-four bytes at a time up to the sentinel, and
        // `ckernels_quoted_end` up to `end` (bytes from it on are not taken as data). Zeroed once,
        // so that no read ever sees uninitialised memory.
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity + 9 + 64)
        p.initialize(repeating: 0, count: capacity + 9 + 64)
        return p
    }

    /// Bytes equal to zero in `x`: the lowest set high bit marks the first one exactly (borrows only reach
    /// bytes above a zero byte).
    @inline(__always)
    static func zeroBytes(_ x: UInt64) -> UInt64 { (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080 }

    /// Room for at least `fields` fields' bounds (at least twice the current room), keeping those held.
    func growBounds(to fields: Int = 0) {
        let room = max(boundsCapacity * 2, fields)
        let bigger = UnsafeMutablePointer<Int>.allocate(capacity: room * 2)
        bigger.update(from: bounds, count: boundsCapacity * 2)
        bounds.deallocate()
        bounds = bigger
        boundsCapacity = room
    }

    /// Moves the unconsumed tail to the front (growing the buffer when one record fills it) and reads more.
    func refill() throws {
        let tail = end - start
        if start == 0 && tail == capacity {
            let bigger = Self.allocateBuffer(capacity * 2)
            bigger.update(from: buffer, count: tail)
            buffer.deallocate()
            buffer = bigger
            capacity *= 2
        } else if start > 0 {
            (buffer).update(from: buffer + start, count: tail)
            bufferOffset += Int64(start)
            start = 0
            end = tail
        }
        try fill()
    }

    func fill() throws {
        while end < capacity && !eof {
            if remaining == 0 { eof = true; break }
            let got = read(fd, buffer + end, Int(min(Int64(capacity - end), remaining)))
            if got < 0 {
                if errno == EINTR { continue }
                throw FileError(file: path, message: "reading failed (\(String(cString: strerror(errno))))")
            }
            if got == 0 { eof = true; break }
            onBytes?(UnsafeRawBufferPointer(start: buffer + end, count: got))
            end += got
            remaining -= Int64(got)
        }
    }
}
