/// Reading a table with the file cut into one part per core: each core parses its part and stores every
/// column of it, and the parts are joined in file order. The parse itself then runs on all cores (in one
/// sequence it is a single core's work while the others wait). The result equals the sequential read's.
extension TableReader {
    /// Nil when the file is small, a cut fell inside a quoted field, a part failed, or the parts decided a
    /// column differently: the caller then reads in one sequence, which also reports any error at its line.
    static func inParts(path: String, requests: [String: ColumnRequest], missing: ValueRules, delimiter: UInt8?,
                        hash: Bool, idColumn: String?) throws -> Table? {
        guard Cores.count > 1 else { return nil }
        let whole = try CSVReader(path: path, delimiter: delimiter)
        // One part per core. A wanted hash is computed on a thread of its own meanwhile (below): as one of the
        // cores' tasks, started first, it left a core idle for 0.05–0.15 s at the end (the parts do not divide
        // evenly around it), and after the parts for 0.1–0.4 s. Two parts per core (until 2026-12-04) made the
        // join copy three quarters of the columns into the first part's room instead of half: numeric train
        // 108,000 → 96,000 page faults, median 0.98 → 0.94 s (8 alternating pairs).
        guard let cuts = CSVReader.cuts(whole, from: whole.dataOffset, parts: Cores.count),
              cuts.count > 2 else { return nil }
        let header = whole.header
        var index: [String: Int] = [:]
        for (i, name) in header.enumerated() { index[name] = i }
        let names = requests.keys.sorted()
        guard names.allSatisfy({ index[$0] != nil }) else { return nil }
        // The hash's thread at nice 10, and waited for only when the digest is asked for (`Table.sha256()`, when
        // the model is put together): it then runs mostly while a core would be idle (a part's end, the join,
        // the encoder's fit, the solver's single-threaded steps) instead of taking a fifth of the parts' cores.
        // 8 alternating runs against waiting after the join at nice 0 (2026-12-05): sample train 0.61 → 0.575 s,
        // levels 0.76 → 0.72 s, numeric 0.85–0.875 → 0.82–0.845 s; nice 5 and 15 between.
        let digestJob = hash ? Background(niceness: 10) { try SHA256Digest.of(file: path) } : nil
        let idField = idColumn.flatMap { index[$0] }
        let width = header.count
        let numericTokens = missing.hasNumericTokens

        struct Part {
            var accumulators: [ColumnAccumulator]
            var idHashes: [UInt64] = []
            var numbers = NumberStretch()
            var rows = 0
            var ok = false
        }
        struct Ragged: Error {}
        let count = cuts.count - 1
        var parts = [Part?](repeating: nil, count: count)
        parts.withUnsafeMutableBufferPointer { buffer in
            let out = buffer
            Cores.perform(count) { k in
                var part = Part(accumulators: names.map { ColumnAccumulator(name: $0, field: index[$0]!, request: requests[$0]!) })
                do {
                    let reader = try CSVReader(segmentOf: whole, from: cuts[k], to: cuts[k + 1], line: 1)
                    try reader.forEachBatch { batch in
                        if part.rows == 0 {
                            // The first part reserves for the whole file (the others are appended to it).
                            let length = batch.withRecord(0) { $0.length }
                            let bytes = k == 0 ? whole.dataEnd - cuts[0] : cuts[k + 1] - cuts[k]
                            let estimate = Int(Double(bytes) / Double(max(1, length)) * 1.2) + 16
                            for a in part.accumulators.indices { part.accumulators[a].reserve(min(estimate, 50_000_000)) }
                            if idField != nil { part.idHashes.reserveCapacity(estimate) }
                        }
                        for i in 0..<batch.count {
                            try batch.withRecord(i) { r in
                                guard r.count == width else { throw Ragged() }
                                if let f = idField { part.idHashes.append(missing.isMissing(r[f]) ? 0 : IDHash.of(r[f])) }
                            }
                        }
                        // Column by column, a stretch of records at a time: each column's loop stays in its own
                        // few lines of code, and a stretch's fields stay in the cache while its columns are read.
                        // The columns of plain numbers first, record by record (`NumberStretch`).
                        let first = part.rows
                        try part.accumulators.withUnsafeMutableBufferPointer { accumulators in
                            for s in stride(from: 0, to: batch.count, by: 128) {
                                let stretch = s..<min(batch.count, s + 128)
                                part.numbers.read(batch, records: stretch, into: accumulators, numericTokens: numericTokens,
                                                 point: missing.point)
                                for a in accumulators.indices {
                                    try accumulators[a].add(batch, records: part.numbers.next[a]..<stretch.upperBound, firstRow: first,
                                                            missing: missing, numericTokens: numericTokens, file: path)
                                }
                            }
                        }
                        part.rows += batch.count
                    }
                    part.ok = true
                } catch {}
                out[k] = part
            }
        }
        whole.spares.release()
        guard parts.allSatisfy({ $0?.ok == true }) else { return nil }
        var first = parts[0]!
        parts[0] = nil
        var rows = first.rows
        for k in 1..<count {
            var part = parts[k]!
            parts[k] = nil
            // The columns joined on all cores; each part's column released once joined, so the joined file is
            // held twice only a column per core at a time.
            let joined = first.accumulators.withUnsafeMutableBufferPointer { into in
                part.accumulators.withUnsafeMutableBufferPointer { from in
                    let (into, from) = (into, from)
                    return Cores.map(into.count) { a -> Bool in
                        defer { from[a] = ColumnAccumulator(name: "", field: 0, request: .text) }
                        return into[a].append(from[a], rows: rows)
                    }
                }
            }
            guard joined.allSatisfy({ $0 }) else { return nil }
            first.idHashes.append(contentsOf: part.idHashes)
            rows += part.rows
        }
        var stored: [String: Column] = [:]
        // Each finished in place, so that its stores go as its column is made (a copy would hold them to the end).
        for a in first.accumulators.indices { stored[first.accumulators[a].name] = first.accumulators[a].finish(rows: rows) }
        let shown = StandardStreams.displayName(path)
        let notes = [whole.trailingColumnNote(naming: shown), whole.footerNote(naming: shown)].compactMap { $0 }
            + ColumnAccumulator.sheetErrorNotes(first.accumulators, header: header, file: shown)
        return Table(path: path, header: header, rowCount: rows, columns: stored, digest: digestJob ?? Background(value: ""),
                     notes: notes, idHashes: idField == nil ? nil : first.idHashes)
    }
}
