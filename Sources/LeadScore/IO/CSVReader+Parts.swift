#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension CSVReader {
    /// The note for a header that ends with a delimiter (that empty column is ignored), naming the file as
    /// `name`; nil for any other header.
    func trailingColumnNote(naming name: String) -> String? {
        droppedTrailingColumn ? "\(name): the header ends with a delimiter; the unnamed empty last column is ignored" : nil
    }

    /// Where to cut a file into parts read at once (one `CSVReader(segmentOf:…)` each): offsets just after the
    /// first line break at or after each k/parts of the data that lies outside quotes (an even number of quote
    /// characters from the data's start; RFC 4180 doubles quotes inside quoted fields, so pairs do not change
    /// the count), with the data's start and the file's end. The scan costs one read of the data before the
    /// last cut, at memory speed. A file whose quotes are not RFC 4180 can still get a cut inside a field; the
    /// part before it then fails on its unclosed quote and callers read the file in one sequence.
    /// How many bytes of `b` are a double quote: eight bytes a step (a byte of v ^ 0x22… is zero exactly at a
    /// quote; ((x & 0x7F…) + 0x7F…) | x sets the high bit of every nonzero byte), then the tail. The cuts count
    /// the quotes before them on one core before the parts start; byte by byte that took ~0.1 s on 1M leads.
    static func quoteCount(_ b: UnsafeBufferPointer<UInt8>) -> Int {
        let q: UInt64 = 0x2222_2222_2222_2222, lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F, highs: UInt64 = 0x8080_8080_8080_8080
        var count = 0, i = 0
        if let base = b.baseAddress {
            let raw = UnsafeRawPointer(base)
            while i + 8 <= b.count {
                let x = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ q
                let nonzero = (((x & lows) &+ lows) | x) & highs
                count &+= 8 &- nonzero.nonzeroBitCount
                i += 8
            }
        }
        while i < b.count { count &+= b[i] == 34 ? 1 : 0; i += 1 }
        return count
    }

    static func cuts(_ reader: CSVReader, from start: Int64, parts: Int) -> [Int64]? {
        let size = reader.fileSize
        guard size - start > 1 << 20 else { return nil }  // small files: one part
        let fd = open(reader.path, O_RDONLY)
        if fd < 0 { return nil }
        defer { close(fd) }
        var cuts = [start]
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var at = start, quotes = 0
        for k in 1..<parts {
            let target = start + (size - start) * Int64(k) / Int64(parts)
            var cut: Int64?
            while cut == nil && at < size {
                let got = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, $0.count, off_t(at)) }
                if got <= 0 { return nil }
                let used = chunk.withUnsafeBufferPointer { b -> Int in
                    var i = 0
                    if at < target {  // only counting up to the target
                        let upto = Int(min(Int64(got), target - at))
                        quotes &+= Self.quoteCount(UnsafeBufferPointer(rebasing: b[..<upto]))
                        i = upto
                    }
                    while i < got {
                        if b[i] == 34 { quotes += 1 } else if b[i] == 10 && quotes & 1 == 0 { cut = at + Int64(i) + 1; return i + 1 }
                        i += 1
                    }
                    return got
                }
                at += Int64(used)
            }
            guard let cut else { break }
            if cut > cuts.last! && cut < size { cuts.append(cut) }
        }
        cuts.append(size)
        return cuts
    }
}
