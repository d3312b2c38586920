import CKernels

/// A numeric column's stored values as the kernels read them in place: scaled integers of either width (a narrow
/// column widened a stretch at a time where a kernel takes 32 bits), or doubles.
extension NumberColumn {
    /// The divisor of a column stored as scaled integers (of either width); nil for doubles.
    var scaledDivisor: Double? {
        switch storage {
        case .doubles: return nil
        case .scaled(_, let divisor), .narrow(_, let divisor): return divisor
        }
    }

    /// Calls `body` with rows `rows`' scaled integers, 32-bit, and their divisor: the stored integers themselves, or
    /// a narrow column's widened (`ckernels_widen_scaled`) into an array `scratch` lends, or else into a buffer of
    /// the rows' size (keep the rows to a `stretch` then: a larger buffer is mapped afresh and faulted in each time);
    /// nil (body not called) when the column holds doubles.
    func withScaled<R>(rows: Range<Int>, scratch: ScratchColumns? = nil, _ body: (UnsafeBufferPointer<Int32>, Double) -> R) -> R? {
        switch storage {
        case .doubles: return nil
        case .scaled(let m, let divisor):
            return m.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[rows]), divisor) }
        case .narrow(let m, let divisor):
            func widened(_ wide: UnsafeMutablePointer<Int32>) -> R {
                m.withUnsafeBufferPointer { ckernels_widen_scaled($0.baseAddress! + rows.lowerBound, Int64(rows.count), wide) }
                return body(UnsafeBufferPointer(start: wide, count: rows.count), divisor)
            }
            guard let scratch else { return withUnsafeTemporaryAllocation(of: Int32.self, capacity: rows.count) { widened($0.baseAddress!) } }
            return scratch.with(count: (rows.count + 1) / 2) { lent in
                lent.withUnsafeMutableBufferPointer { $0.baseAddress!.withMemoryRebound(to: Int32.self, capacity: rows.count, widened) }
            }
        }
    }

    /// `body` once `bases[k]` holds the address of `columns[k]`'s first stored value, a scaled integer of either width
    /// or a double (`kind` tells which), for the design's lane kernels. Nested calls, one per column, as
    /// `withScaledBases`.
    static func withStoredBases<R>(_ columns: ArraySlice<NumberColumn>, into bases: UnsafeMutablePointer<UnsafeRawPointer?>,
                                   _ body: () -> R) -> R {
        guard let column = columns.first else { return body() }
        switch column.storage {
        case .doubles(let v):
            return v.withUnsafeBufferPointer {
                bases[columns.startIndex] = UnsafeRawPointer($0.baseAddress)
                return withStoredBases(columns.dropFirst(), into: bases, body)
            }
        case .scaled(let m, _):
            return m.withUnsafeBufferPointer {
                bases[columns.startIndex] = UnsafeRawPointer($0.baseAddress)
                return withStoredBases(columns.dropFirst(), into: bases, body)
            }
        case .narrow(let m, _):
            return m.withUnsafeBufferPointer {
                bases[columns.startIndex] = UnsafeRawPointer($0.baseAddress)
                return withStoredBases(columns.dropFirst(), into: bases, body)
            }
        }
    }

    /// `body` once `bases[k]` holds the address of rows `rows`' scaled integers of `columns[k]`, 32-bit
    /// (`withScaled(rows:)`), for kernels that read several scaled columns at once. Nested calls, one per column:
    /// keep the columns few, since the cores' threads may have stacks as small as 512 KB.
    static func withScaledBases<R>(_ columns: ArraySlice<NumberColumn>, rows: Range<Int>,
                                   into bases: UnsafeMutablePointer<UnsafePointer<Int32>?>, _ body: () -> R) -> R {
        guard let column = columns.first else { return body() }
        return column.withScaled(rows: rows) { m, _ in
            bases[columns.startIndex] = m.baseAddress
            return withScaledBases(columns.dropFirst(), rows: rows, into: bases, body)
        }!
    }

    /// The smallest and largest values present and whether each is 0 or 1, as a loop over the values in row order
    /// with `min(lo, x)` and `max(hi, x)` finds them (zeros' signs included: `min` keeps the first of equal values,
    /// `max` takes the last); nil when every value is missing.
    func extremes() -> (lo: Double, hi: Double, zeroOne: Bool)? {
        guard let divisor = scaledDivisor else {
            guard case .doubles(let v) = storage else { return nil }
            // By a kernel (`ckernels_extremes_doubles`: the loop took 3.5 ns a value); ±0 at an end as below.
            var lo = 0.0, hi = 0.0, others: Int64 = 0, present: Int64 = 0
            v.withUnsafeBufferPointer { ckernels_extremes_doubles($0.baseAddress, Int64($0.count), &lo, &hi, &others, &present) }
            if present == 0 { return nil }
            func zero(_ rows: some Sequence<Int>) -> Double {
                for r in rows where v[r] == 0 { return v[r] }
                return 0
            }
            return (lo == 0 ? zero(v.indices) : lo, hi == 0 ? zero(v.indices.reversed()) : hi, others == 0)
        }
        // On the codes (the division by a positive divisor keeps their order), −0's code as 0, by a kernel
        // (`ckernels_extremes_scaled`): decoding and comparing doubles took 1.7 ns a value, a loop over the codes
        // 1.2 (no vector code for baseline x86-64). A stretch at a time (a narrow column's widened).
        var lo = Int32.max, hi = Int32.min, others: Int64 = 0
        for start in stride(from: 0, to: count, by: Self.stretch) {
            var l = Int32.max, h = Int32.min, o: Int64 = 0
            _ = withScaled(rows: start..<Swift.min(count, start + Self.stretch)) { m, _ in
                ckernels_extremes_scaled(m.baseAddress, Int64(m.count), Int32(divisor), &l, &h, &o)
            }
            lo = Swift.min(lo, l); hi = Swift.max(hi, h); others += o
        }
        if hi == Int32.min { return nil }
        // A zero at an end: the first zero in row order is the smallest, the last the largest (−0 compares equal to 0;
        // a missing value, NaN, to nothing).
        func zero(_ rows: some Sequence<Int>) -> Double {
            for r in rows where self[r] == 0 { return self[r] }
            return 0
        }
        return (lo == 0 ? zero(indices) : Self.value(lo, divisor), hi == 0 ? zero(indices.reversed()) : Self.value(hi, divisor),
                others == 0)
    }

    /// Rows a scaled column is read by at a time where a narrow one is widened for it: 64 KB, below the size from
    /// which glibc maps each allocation afresh (`MemoryPolicy`).
    static let stretch = 1 << 14
}
