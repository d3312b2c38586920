import CKernels
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

    /// How many bytes of `b` are a double quote: `ckernels_count_byte`, 32 bytes a step with AVX2 (the eight
    /// bytes a step of a SWAR loop here took 4% of `evaluate`'s time on the 369 MB numeric file).
    static func quoteCount(_ b: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = b.baseAddress else { return 0 }
        return Int(ckernels_count_byte(base, Int64(b.count), 34))
    }

    /// Where to cut a file into parts read at once (one `CSVReader(segmentOf:…)` each): offsets just after the
    /// first line break at or after each part's share of the data (`Cores.starts`: equal parts when there are as
    /// many as cores, shrinking toward the end when more) that lies outside quotes (an even number of quote
    /// characters from the data's start; RFC 4180 doubles quotes inside quoted fields, so pairs do not change
    /// the count), with the data's start and the file's end. The quotes between the targets are counted on all
    /// cores (one read of the data before the last target, at memory speed), then each cut is looked for from
    /// its target. A file whose quotes are not RFC 4180 can still get a cut inside a field; the part before it
    /// then fails on its unclosed quote and callers read the file in one sequence.
    static func cuts(_ reader: CSVReader, from start: Int64, parts: Int) -> [Int64]? {
        let size = reader.dataEnd
        guard size - start > 1 << 20, parts > 1 else { return nil }  // small files: one part
        let fd = open(reader.path, O_RDONLY)
        if fd < 0 { return nil }
        defer { close(fd) }
        let shares = Cores.starts(parts)
        let targets = (0..<parts).map { start + (size - start) * shares[$0].0 / shares[$0].1 }
        // Quotes in each stretch between two targets (−1: a read failed), counted in pieces on all cores: with
        // one part per core (train) there is a single stretch, half the file, which one core read while the other
        // waited (numeric train: 0.05 s of 0.95 on one core, perf).
        let pieces = Self.countPieces(targets)
        var pieceCounts = [Int](repeating: 0, count: pieces.count)
        pieceCounts.withUnsafeMutableBufferPointer { out in
            let out = out
            Cores.perform(pieces.count) { i in
                // 64 KB a read: a megabyte, zeroed afresh per stretch, was 3,840 of score's page faults (15 stretches).
                var chunk = [UInt8](repeating: 0, count: 1 << 16)
                var at = pieces[i].from, quotes = 0
                while at < pieces[i].to {
                    let want = Int(min(Int64(chunk.count), pieces[i].to - at))
                    let got = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, want, off_t(at)) }
                    if got <= 0 { out[i] = -1; return }
                    quotes &+= chunk.withUnsafeBufferPointer { quoteCount(UnsafeBufferPointer(rebasing: $0[..<got])) }
                    at += Int64(got)
                }
                out[i] = quotes
            }
        }
        var counts = [Int](repeating: 0, count: parts - 1)
        for (i, piece) in pieces.enumerated() {
            counts[piece.stretch] = counts[piece.stretch] < 0 || pieceCounts[i] < 0 ? -1 : counts[piece.stretch] + pieceCounts[i]
        }
        if counts.contains(-1) { return nil }
        var cuts = [start]
        var quotes = 0
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        for k in 1..<parts {
            quotes += counts[k - 1]
            // The first line break from the target on with an even count of quotes before it.
            var at = targets[k], inside = quotes, cut: Int64?
            while cut == nil && at < size {
                let got = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, $0.count, off_t(at)) }
                if got <= 0 { return nil }
                chunk.withUnsafeBufferPointer { b in
                    for i in 0..<got {
                        if b[i] == 34 { inside += 1 } else if b[i] == 10 && inside & 1 == 0 { cut = at + Int64(i) + 1; return }
                    }
                }
                at += Int64(got)
            }
            guard let cut else { break }
            if cut > cuts.last! && cut < size { cuts.append(cut) }
        }
        cuts.append(size)
        return cuts
    }

    /// The stretches between neighbouring `targets`, each cut into ⌈2·cores / stretches⌉ equal pieces (fewer
    /// when it has fewer bytes), so that there are at least two per core: (stretch, from, to), in file order.
    static func countPieces(_ targets: [Int64]) -> [(stretch: Int, from: Int64, to: Int64)] {
        let stretches = targets.count - 1
        guard stretches > 0 else { return [] }
        let each = max(1, (2 * Cores.count + stretches - 1) / stretches)
        var pieces: [(stretch: Int, from: Int64, to: Int64)] = []
        for k in 0..<stretches {
            let (a, b) = (targets[k], targets[k + 1])
            for j in 0..<each {
                let from = a + (b - a) * Int64(j) / Int64(each), to = a + (b - a) * Int64(j + 1) / Int64(each)
                if to > from { pieces.append((k, from, to)) }
            }
        }
        return pieces
    }
}
