import CKernels
import Foundation

import Dispatch

/// Consecutive records parsed together and all held in the reader's buffer, so they can be worked on in
/// parallel. Valid only during the reader's callback.
struct CSVBatch {
    struct Meta {
        let firstField: Int
        let count: Int
        let line: Int
        let length: Int
    }

    let base: UnsafeMutablePointer<UInt8>
    let scratch: UnsafeMutablePointer<UInt8>
    let bounds: UnsafeMutablePointer<Int>
    let meta: [Meta]
    /// Where the batch starts (a record boundary, or blank lines before one) and the line number there: where
    /// a `CSVReader(segmentOf:…)` can start from.
    let offset: Int64
    public let line: Int

    public var count: Int { meta.count }

    /// Calls `body` with record `i` of the batch.
    @inline(__always)
    func withRecord<T>(_ i: Int, _ body: (borrowing CSVRecord) throws -> T) rethrows -> T {
        let m = meta[i]
        return try body(CSVRecord(base: base, scratch: scratch, bounds: bounds + 2 * m.firstField, count: m.count,
                                  line: m.line, length: m.length))
    }

    /// `body` with the kernels' view of records `records`: the bounds, the first record's first-field index
    /// (`Meta.firstField`) and the stride in words from one record's to the next.
    private func withRecords<T>(_ records: Range<Int>,
                                _ body: (UnsafePointer<Int64>, UnsafePointer<Int64>, Int64) -> T) -> T {
        let stride = MemoryLayout<Meta>.stride / MemoryLayout<Int>.stride
        let offset = MemoryLayout<Meta>.offset(of: \Meta.firstField)!
        return meta.withUnsafeBufferPointer { m in
            let firsts = (UnsafeRawPointer(m.baseAddress! + records.lowerBound) + offset).assumingMemoryBound(to: Int64.self)
            return body(UnsafeRawPointer(bounds).assumingMemoryBound(to: Int64.self), firsts, Int64(stride))
        }
    }

    /// Reads field `field` of records `records` as scaled integers at `decimals` decimals into `out` (the
    /// missing code for an empty field, each counted in `gaps`) with CKernels' `ckernels_parse_scaled`, up to
    /// the first field it does not take; returns how many records it read.
    func parseScaled(records: Range<Int>, field: Int, decimals: Int, point: UInt8, into out: UnsafeMutablePointer<Int32>,
                     gaps: inout Int) -> Int {
        guard !records.isEmpty else { return 0 }
        var missing: Int64 = 0
        let done = withRecords(records) { bounds, firsts, stride in
            ckernels_parse_scaled(base, bounds, firsts, stride, Int64(records.count), Int64(field), Int64(decimals), point,
                                  out, &missing)
        }
        gaps += Int(missing)
        return Int(done)
    }

    /// Reads field `field` of records `records` as doubles into `out` (NaN for an empty field, each counted in
    /// `gaps`) with CKernels' `ckernels_parse_doubles`, up to the first field it does not take; returns how many
    /// records it read.
    func parseDoubles(records: Range<Int>, field: Int, point: UInt8, into out: UnsafeMutablePointer<Double>,
                      gaps: inout Int) -> Int {
        guard !records.isEmpty else { return 0 }
        var missing: Int64 = 0
        let done = withRecords(records) { bounds, firsts, stride in
            ckernels_parse_doubles(base, bounds, firsts, stride, Int64(records.count), Int64(field), point, out, &missing)
        }
        gaps += Int(missing)
        return Int(done)
    }

    /// `parseScaled` for several fields at once, record by record (`ckernels_parse_scaled_rows`): field `fields[j]`
    /// at `decimals[j]` decimals into `out + j · records.count`, `taken[j]` records of it, its missing values
    /// added to `gaps[j]`; `active` is the kernel's room (as many as `fields`).
    func parseScaled(records: Range<Int>, fields: UnsafePointer<Int64>, decimals: UnsafePointer<Int64>, columns: Int,
                     point: UInt8, into out: UnsafeMutablePointer<Int32>, taken: UnsafeMutablePointer<Int64>,
                     gaps: UnsafeMutablePointer<Int64>, active: UnsafeMutablePointer<Int64>) {
        guard !records.isEmpty, columns > 0 else { return }
        withRecords(records) { bounds, firsts, stride in
            ckernels_parse_scaled_rows(base, bounds, firsts, stride, Int64(records.count), Int64(columns), fields, decimals,
                                       point, out, taken, gaps, active)
        }
    }

    /// `parseDoubles` for several fields at once, record by record (`ckernels_parse_doubles_rows`): field `fields[j]`
    /// into `out + j · records.count`, `taken[j]` records of it, its missing values added to `gaps[j]`; `active` is
    /// the kernel's room (as many as `fields`).
    func parseDoubles(records: Range<Int>, fields: UnsafePointer<Int64>, columns: Int, point: UInt8,
                      into out: UnsafeMutablePointer<Double>, taken: UnsafeMutablePointer<Int64>,
                      gaps: UnsafeMutablePointer<Int64>, active: UnsafeMutablePointer<Int64>) {
        guard !records.isEmpty, columns > 0 else { return }
        withRecords(records) { bounds, firsts, stride in
            ckernels_parse_doubles_rows(base, bounds, firsts, stride, Int64(records.count), Int64(columns), fields, point,
                                        out, taken, gaps, active)
        }
    }

    /// Runs `body` over `parts` contiguous slices of the batch at once (one per core), part index given.
    func parallel(parts: Int, _ body: (Int, Range<Int>) -> Void) {
        let n = count
        if parts <= 1 || n < 64 { body(0, 0..<n); return }
        Cores.perform(parts) { k in body(k, (n * k / parts)..<(n * (k + 1) / parts)) }
    }
}
