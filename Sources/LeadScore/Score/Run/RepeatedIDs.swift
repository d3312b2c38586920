/// Rows of a leads file whose id an earlier scored row has (`score`): two monthly exports put together, or a
/// report with a row per activity, repeat leads, and each repeat took a rank, a place in a capacity-limited
/// tier and a line of a CRM import of its own. Each lead is scored once, from its first row; the later rows are
/// set aside, naming the line of the first.
///
/// Found from a 64-bit hash (`IDHash.quick`) of every scored lead's id that the first pass keeps
/// (`ScoringPass.idHashes`, 8 MB a million leads, let go before the ranking: the peak is later, in the second
/// pass), sorted in place: hashes that occur twice name the candidates (none in a file without repeats, which then
/// costs the sort), and a read of the rows with those hashes compares the ids themselves, so that two ids sharing
/// a hash are never one.
enum RepeatedIDs {
    /// One row with a candidate hash: where it is, its id, and its fields.
    private struct Candidate {
        var ordinal: Int
        var line: Int
        var id: String
        var fields: [String]
        /// What the row added to the pass's counters when it was scored.
        var counts: RowScorer.Counts
    }

    /// Sets aside from `pass` every scored row whose id (field `field`, named `name`) an earlier scored row has:
    /// their leads leave the per-lead arrays, their unseen levels and imputed values leave the pass's counters
    /// (`counts`: what scoring a row added to them), and their ordinals join `rejected`. Returns those rows, in
    /// file order, with their reasons. Lets `pass.idHashes` go.
    static func setAside(_ pass: inout ScoringPass, file: CSVReader, field: Int, name: String,
                         counts: (borrowing CSVRecord) -> RowScorer.Counts) throws -> [ScoringPass.RejectedRow] {
        var hashes = pass.idHashes
        pass.idHashes = []
        let repeated = repeatedHashes(&hashes)
        hashes = []
        guard !repeated.isEmpty else { return [] }
        var firstLine: [String: Int] = [:]
        var rows: [ScoringPass.RejectedRow] = [], ordinals: [Int] = []
        for c in try candidates(pass, file: file, field: field, hashes: repeated, counts: counts) {
            if let line = firstLine[c.id] {
                pass.uncount(c.counts)
                rows.append(.init(line: c.line, fields: c.fields, reason: "\(name) '\(c.id)' is on line \(line) too, which was scored:"
                    + " a lead is scored once, from its first row"))
                ordinals.append(c.ordinal)
            } else {
                firstLine[c.id] = c.line
            }
        }
        if !ordinals.isEmpty { remove(ordinals, from: &pass) }
        return rows
    }

    /// The hash values that occur more than once; reorders `hashes`. In place (no second array beside the 8 MB of
    /// a million hashes): the array cut in one stretch per core, each sorted on its core, then each stretch walked
    /// against itself and every other. Measured on a million hashes, this machine, one core: 37 ms by `sort`
    /// below; a first-pass bitmap of candidates took 15–18 ms but raised score's peak from 75 to 79 MB.
    static func repeatedHashes(_ hashes: inout [UInt64]) -> Set<UInt64> {
        var repeated = Set<UInt64>()
        hashes.withUnsafeMutableBufferPointer { p in
            let parts = min(Cores.count, max(1, p.count / 65_536))
            let bounds = (0...parts).map { p.count * $0 / parts }
            let runs = (0..<parts).map { UnsafeMutableBufferPointer(rebasing: p[bounds[$0]..<bounds[$0 + 1]]) }
            Cores.perform(parts) { sort(runs[$0], shift: 56) }
            for (a, run) in runs.enumerated() {
                for i in run.indices.dropFirst() where run[i] == run[i - 1] { repeated.insert(run[i]) }
                for other in runs[(a + 1)...] {
                    var i = 0, j = 0
                    while i < run.count && j < other.count {
                        if run[i] < other[j] { i += 1 } else if run[i] > other[j] { j += 1 } else { repeated.insert(run[i]); i += 1; j += 1 }
                    }
                }
            }
        }
        return repeated
    }

    /// Sorts `p` ascending in place: a 256-way partition on the byte at `shift` (from the top down), each part
    /// then by the next byte, and insertion sort below 32 values.
    static func sort(_ p: UnsafeMutableBufferPointer<UInt64>, shift: UInt64) {
        if p.count <= 32 {
            for i in p.indices.dropFirst() {
                let v = p[i]
                var j = i
                while j > 0 && p[j - 1] > v { p[j] = p[j - 1]; j -= 1 }
                p[j] = v
            }
            return
        }
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 513) { t in
            let start = UnsafeMutableBufferPointer(rebasing: t[0..<257]), next = UnsafeMutableBufferPointer(rebasing: t[257..<513])
            start.update(repeating: 0)
            for v in p { start[Int((v >> shift) & 255) + 1] += 1 }
            for b in 0..<256 { start[b + 1] += start[b] }
            for b in 0..<256 { next[b] = start[b] }
            // Each value is carried to its bucket's next free place, taking up the value found there.
            for b in 0..<256 {
                while next[b] < start[b + 1] {
                    var v = p[next[b]]
                    var d = Int((v >> shift) & 255)
                    while d != b {
                        swap(&v, &p[next[d]])
                        next[d] += 1
                        d = Int((v >> shift) & 255)
                    }
                    p[next[b]] = v
                    next[b] += 1
                }
            }
            guard shift > 0 else { return }
            for b in 0..<256 where start[b + 1] - start[b] > 1 {
                sort(UnsafeMutableBufferPointer(rebasing: p[start[b]..<start[b + 1]]), shift: shift - 8)
            }
        }
    }

    /// The scored rows whose id hashes to one of `hashes`, in file order, read in parallel parts from the first
    /// pass's record boundaries.
    private static func candidates(_ pass: ScoringPass, file: CSVReader, field: Int, hashes: Set<UInt64>,
                                   counts: (borrowing CSVRecord) -> RowScorer.Counts) throws -> [Candidate] {
        let segments = pass.parts(Cores.parts)
        let total = pass.probabilities.count + pass.rejected.count
        let rejected = pass.rejected
        var found = [[Candidate]](repeating: [], count: segments.count)
        var failures = [Error?](repeating: nil, count: segments.count)
        found.withUnsafeMutableBufferPointer { found in
            failures.withUnsafeMutableBufferPointer { failed in
                let (found, failed) = (found, failed)
                Cores.perform(segments.count) { part in
                    do {
                        let s = segments[part]
                        let reader = try CSVReader(segmentOf: file, from: s.start.offset, to: s.end, line: s.start.line)
                        var ordinal = s.start.ordinal
                        var nextRejected = rejected.partitioningIndex { $0 >= ordinal }
                        let end = part + 1 < segments.count ? segments[part + 1].start.ordinal : total
                        try reader.forEachBatch { batch in
                            for i in 0..<batch.count {
                                let row = ordinal + i
                                if nextRejected < rejected.count && rejected[nextRejected] == row { nextRejected += 1; continue }
                                batch.withRecord(i) { r in
                                    guard field < r.count, hashes.contains(IDHash.quick(r[field])) else { return }
                                    found[part].append(Candidate(ordinal: row, line: r.line, id: String(decoding: r[field], as: UTF8.self),
                                                                 fields: r.allStrings(), counts: counts(r)))
                                }
                            }
                            ordinal += batch.count
                        }
                        if ordinal != end { throw OutputPass.changed(reader) }
                    } catch { failed[part] = error }
                }
            }
        }
        if let error = failures.compactMap({ $0 }).first { throw error }
        return found.flatMap { $0 }
    }

    /// Drops the leads of data rows `ordinals` (ascending, each a scored row) from the per-lead arrays and adds
    /// the rows to `rejected`.
    private static func remove(_ ordinals: [Int], from pass: inout ScoringPass) {
        var leads: [Int] = [], j = 0
        for o in ordinals {
            while j < pass.rejected.count && pass.rejected[j] < o { j += 1 }
            leads.append(o - j)
        }
        drop(leads, from: &pass.probabilities)
        pass.passes.rewrite { drop(leads, from: &$0, stride: $1) }
        pass.unknowns.rewrite { drop(leads, from: &$0, stride: $1) }
        drop(leads, from: &pass.disqualified)
        drop(leads, from: &pass.groupScores)
        drop(leads, from: &pass.reasons, stride: pass.reasonsPerLead)
        drop(leads, from: &pass.models)
        drop(leads, from: &pass.labels)
        var merged: [Int] = []
        merged.reserveCapacity(pass.rejected.count + ordinals.count)
        var a = 0, b = 0
        while a < pass.rejected.count || b < ordinals.count {
            if b == ordinals.count || (a < pass.rejected.count && pass.rejected[a] < ordinals[b]) {
                merged.append(pass.rejected[a]); a += 1
            } else {
                merged.append(ordinals[b]); b += 1
            }
        }
        pass.rejected = merged
    }

    /// Removes the `stride` values of each lead in `leads` (ascending) from `values`, in place; an empty array
    /// (not kept in this run) stays empty.
    static func drop<T>(_ leads: [Int], from values: inout [T], stride: Int = 1) {
        guard !values.isEmpty, stride > 0, let first = leads.first else { return }
        var write = first * stride, k = 0
        for lead in first..<(values.count / stride) {
            if k < leads.count && leads[k] == lead { k += 1; continue }
            for s in 0..<stride { values[write + s] = values[lead * stride + s] }
            write += stride
        }
        values.removeLast(values.count - write)
    }
}
