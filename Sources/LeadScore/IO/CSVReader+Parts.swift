#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension CSVReader {
    /// Where to cut a file into parts read at once (one `CSVReader(segmentOf:…)` each). A cut inside a quoted
    /// field shows up as a part that fails to parse; callers then read the file in one sequence.
    /// Offsets just after a line break near each k/parts of the data, with the data's start and the file's end.
    static func cuts(_ reader: CSVReader, from start: Int64, parts: Int) -> [Int64]? {
        let size = reader.fileSize
        guard size - start > 1 << 20 else { return nil }  // small files: one part
        let fd = open(reader.path, O_RDONLY)
        if fd < 0 { return nil }
        defer { close(fd) }
        var cuts = [start]
        var window = [UInt8](repeating: 0, count: 1 << 16)
        for k in 1..<parts {
            let target = start + (size - start) * Int64(k) / Int64(parts)
            let got = window.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, $0.count, off_t(target)) }
            guard got > 0, let i = window[..<got].firstIndex(of: 10) else { continue }
            let cut = target + Int64(i) + 1
            if cut > cuts.last! && cut < size { cuts.append(cut) }
        }
        cuts.append(size)
        return cuts
    }
}
