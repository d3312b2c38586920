#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a file's first bytes say before its header is read: not CSV text at all, Excel's delimiter line, the
/// delimiter.
extension CSVReader {
    /// What the file is instead, with what to do, when its first bytes are those of a compressed file, a ZIP
    /// archive (an Excel workbook), a Parquet file or UTF-16 text (Excel's "Unicode Text"); nil for anything
    /// else. Read as CSV, each stopped at "the header is not valid UTF-8", which named neither.
    static func notText(_ b: UnsafeBufferPointer<UInt8>, piped: Bool = false) -> String? {
        func starts(_ magic: [UInt8]) -> Bool { b.count >= magic.count && zip(b, magic).allSatisfy { $0 == $1 } }
        let pipe = piped ? "decompress it in the pipe" : "decompress it first, or pipe it in with - for the file"
        if starts([0x1F, 0x8B]) { return "the file is gzip-compressed, not CSV text; \(pipe) (gunzip -c FILE | leadscore … -)" }
        if starts([0x28, 0xB5, 0x2F, 0xFD]) { return "the file is zstd-compressed, not CSV text; \(pipe) (zstd -dc FILE | leadscore … -)" }
        if starts([0x42, 0x5A, 0x68]) { return "the file is bzip2-compressed, not CSV text; \(pipe) (bzip2 -dc FILE | leadscore … -)" }
        if starts([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]) { return "the file is xz-compressed, not CSV text; \(pipe) (xz -dc FILE | leadscore … -)" }
        if starts([0x50, 0x4B, 0x03, 0x04]) {
            return "the file is a ZIP archive, not CSV text (an Excel workbook, .xlsx, is one); save the sheet as CSV UTF-8"
        }
        if starts([0x50, 0x41, 0x52, 0x31]) {
            return "the file is Parquet, not CSV text; export it as CSV (duckdb -csv -c \"SELECT * FROM 'FILE'\" | leadscore … -)"
        }
        if starts([0xFF, 0xFE]) || starts([0xFE, 0xFF]) {
            return "the file is UTF-16 text (Excel's \"Unicode Text\" saves it so); save it as CSV UTF-8, or convert it"
                + " (iconv -f UTF-16 -t UTF-8 FILE)"
        }
        return nil
    }

    /// Excel's delimiter line, `sep=X` and a line break, X a comma, semicolon, tab or bar: the delimiter and
    /// the line's length; nil for any other first line.
    static func separatorLine(_ p: UnsafePointer<UInt8>, count: Int) -> (delimiter: UInt8, length: Int)? {
        let prefix = Array("sep".utf8)  // in any case; `|0x20` folds only letters
        guard count >= 6, (0..<3).allSatisfy({ p[$0] | 0x20 == prefix[$0] }), p[3] == UInt8(ascii: "=") else { return nil }
        let d = p[4]
        guard [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t"), UInt8(ascii: "|")].contains(d) else { return nil }
        if p[5] == 10 { return (d, 6) }
        if p[5] == 13 { return (d, count > 6 && p[6] == 10 ? 7 : 6) }
        return nil
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
        // Ordered so that comma is the larger of two equal counts (it had been the smaller one: a header with no
        // delimiter, a one-column file, was read with semicolons; found by fuzzing the reader).
        return order.max { counts[$0]! < counts[$1]! || (counts[$0]! == counts[$1]! && $1 == UInt8(ascii: ",")) }!
    }

    /// The header's line in the file at `path`: 2 when it starts with Excel's `sep=` line, else 1. Read again from
    /// the file, for a message about the header where no reader is at hand (only an error needs it).
    static func headerLine(of path: String) -> Int {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return 1 }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: 10)
        let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 10, 0) }
        guard n > 0 else { return 1 }
        let skip = n >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
        return bytes.withUnsafeBufferPointer { separatorLine($0.baseAddress! + skip, count: n - skip) } == nil ? 1 : 2
    }
}
