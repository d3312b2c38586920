
/// How a column should be read.
public enum ColumnRequest: Sendable, Equatable {
    /// Decide from the values: numbers, else ISO dates, else text.
    case infer
    /// Every value must be a number.
    case numeric
    /// Every value must be an ISO date.
    case date
    /// Keep as text (booleans, categoricals, labels).
    case text
}

/// Reads the requested columns of a CSV file into memory, column by column.
///
/// Numbers are kept as doubles, text as codes into a level list, so a million-row file of two dozen
/// columns takes about 200 MB. A column inferred as numeric that later shows a non-number is read again
/// as text in a second pass (rare: the first pass never stores what it cannot keep).
public enum TableReader {
    /// Text columns with more distinct values than this stop being stored (identifiers, free text).
    static let maxLevels = 50_000

    public static func read(path: String, columns requests: [String: ColumnRequest], missing: ValueRules,
                            delimiter: UInt8? = nil, hash: Bool = false, idColumn: String? = nil,
                            parts: Bool = true) throws -> Table {
        if parts, let table = try inParts(path: path, requests: requests, missing: missing, delimiter: delimiter, hash: hash,
                                   idColumn: idColumn) {
            return table
        }
        var requests = requests
        while true {
            let (table, retry) = try pass(path: path, requests: requests, missing: missing,
                                          delimiter: delimiter, hash: hash, idColumn: idColumn)
            if retry.isEmpty { return table }
            for name in retry { requests[name] = .text }
        }
    }

    private static func pass(path: String, requests: [String: ColumnRequest], missing: ValueRules,
                             delimiter: UInt8?, hash: Bool, idColumn: String?) throws -> (Table, [String]) {
        let hasher = SHA256Digest()
        let reader = try CSVReader(path: path, delimiter: delimiter,
                                   onBytes: hash ? { hasher.update($0) } : nil)
        let header = reader.header
        var index: [String: Int] = [:]
        for (i, name) in header.enumerated() { index[name] = i }
        let names = requests.keys.sorted()
        for name in names where index[name] == nil {
            throw FileError.header(file: path, message: "there is no column '\(name)'; the columns are "
                + header.map { "'\($0)'" }.joined(separator: ", "))
        }
        var accumulators = names.map { ColumnAccumulator(name: $0, field: index[$0]!, request: requests[$0]!) }
        // Each row's id hash (0 for a missing id), for the model's id sketch.
        let idField = idColumn.flatMap { index[$0] }
        var idHashes: [UInt64] = []
        var rows = 0
        let width = header.count
        let numericTokens = missing.hasNumericTokens
        // Columns are dealt round-robin to the cores; each core fills its columns for a whole batch.
        let groups = max(1, min(Cores.count, accumulators.count))
        try accumulators.withUnsafeMutableBufferPointer { buffer in
            let acc = buffer  // a copy of the pointer, so that the worker closures may capture it
            try reader.forEachBatch { batch in
                for i in 0..<batch.count {
                    let (count, line, id) = batch.withRecord(i) { r in
                        (r.count, r.line, idField.map { f in f < r.count && !missing.isMissing(r[f]) ? IDHash.of(r[f]) : 0 })
                    }
                    if count != width {
                        throw FileError(file: path, line: line, message: "this row has \(count) fields but the"
                            + " header has \(width); quote fields that contain '\(Character(UnicodeScalar(reader.delimiter)))'"
                            + " or fix the row")
                    }
                    if let id { idHashes.append(id) }
                }
                if rows == 0 {
                    // Reserve for the whole file from the first record's size, so columns rarely grow by copying.
                    let length = batch.withRecord(0) { $0.length }
                    let estimate = Int(Double(reader.fileSize) / Double(max(1, length)) * 1.2) + 16
                    for k in acc.indices { acc[k].reserve(min(estimate, 50_000_000)) }
                }
                let first = rows
                let failures = UnsafeMutableBufferPointer<(Int, Error)?>.allocate(capacity: groups)
                failures.initialize(repeating: nil)
                defer { failures.deallocate() }
                let work = { (g: Int) in
                    do {
                        for i in 0..<batch.count {
                            try batch.withRecord(i) { record in
                                var k = g
                                while k < acc.count {
                                    try acc[k].add(record[acc[k].field], row: first + i, line: record.line, missing: missing,
                                                   numericTokens: numericTokens, file: path)
                                    k += groups
                                }
                            }
                        }
                    } catch {
                        failures[g] = (0, error)
                    }
                }
                if groups == 1 || batch.count < 256 {
                    for g in 0..<groups { work(g) }
                } else {
                    Cores.perform(groups, work)
                }
                // Of errors in several columns, report the earliest line.
                if let (_, error) = failures.compactMap({ $0 }).min(by: { errorLine($0.1) < errorLine($1.1) }) { throw error }
                rows += batch.count
            }
        }
        let retry = accumulators.filter(\.needsTextPass).map(\.name)
        var stored: [String: Column] = [:]
        // Each finished in place, so that its stores go as its column is made (a copy would hold them to the end).
        for a in accumulators.indices { stored[accumulators[a].name] = accumulators[a].finish(rows: rows) }
        let digest = hash ? hasher.hex() : ""
        let shown = StandardStreams.displayName(path)
        let notes = [reader.trailingColumnNote(naming: shown), reader.footerNote(naming: shown)].compactMap { $0 }
            + ColumnAccumulator.sheetErrorNotes(accumulators, header: header, file: shown)
        return (Table(path: path, header: header, rowCount: rows, columns: stored, digest: Background(value: digest),
                      notes: notes, idHashes: idField == nil ? nil : idHashes), retry)
    }
}

import Foundation

private func errorLine(_ e: Error) -> Int { (e as? FileError)?.line ?? Int.max }
