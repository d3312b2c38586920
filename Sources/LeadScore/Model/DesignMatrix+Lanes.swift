import CKernels

/// A design block's numeric terms filled up to eight neighbouring columns at a time (`ckernels_fill_lanes`;
/// `ckernels_fill_lanes_mixed` where some are stored in 16 bits, `ckernels_fill_lanes_doubles` for doubles).
extension DesignMatrix {
    /// The terms of numeric features (no log1p), when the rows are consecutive: each value and missing indicator a
    /// lane; runs of neighbouring terms of columns stored alike (as integers of either width, or as doubles) split
    /// into groups of at most eight.
    struct Lanes: Sendable {
        var columns: [NumberColumn] = []
        var column: [Int] = [], offsets: [Int] = []
        var divisors: [Double] = [], means: [Double] = [], invs: [Double] = []
        var indicators: [Int8] = []
        /// Per lane: how its column is stored.
        var kinds: [NumberColumn.Kind] = []
        /// (first lane, lane count).
        var groups: [(first: Int, count: Int)] = []
        /// Per filler: its terms are lanes.
        var covers: [Bool] = []
        /// The most columns taken as lanes: `NumberColumn.withScaledBases` nests calls per column (in the debug build, the test of a
        /// 300-column design overflowed a 256 KB stack with 256 lanes and passed with 64), on the cores' threads,
        /// whose stacks can be as small as 512 KB (libdispatch's workers on macOS; on Linux they take `ulimit -s`).
        /// The columns past it are filled one at a time, as before.
        static let maxColumns = 64

        init(_ fillers: [Filler], consecutive: Bool) {
            for filler in fillers {
                guard consecutive, columns.count < Self.maxColumns,
                      case .numeric(let values, let offset, let mean, let scale, false, let indicator) = filler
                else { covers.append(false); continue }
                let divisor = values.scaledDivisor
                covers.append(true)
                columns.append(values)
                for (at, flag) in [(offset, Int8(0))] + (indicator.map { [($0, Int8(1))] } ?? []) {
                    column.append(columns.count - 1); offsets.append(at); divisors.append(divisor ?? 1)
                    means.append(mean); invs.append(1 / scale); indicators.append(flag); kinds.append(values.kind)
                    if let last = groups.last, last.count < 8, offsets[last.first + last.count - 1] == at - 1,
                       (kinds[last.first] == .doubles) == (values.kind == .doubles) {
                        groups[groups.count - 1].count += 1
                    } else {
                        groups.append((offsets.count - 1, 1))
                    }
                }
            }
        }
    }

    /// `body` with the address of each lane column's first value (`lanes.columns` order), for `fillDense`.
    func withLaneBases<R>(_ body: (UnsafePointer<UnsafeRawPointer?>) -> R) -> R {
        withUnsafeTemporaryAllocation(of: UnsafeRawPointer?.self, capacity: max(1, lanes.columns.count)) { p in
            NumberColumn.withStoredBases(lanes.columns[...], into: p.baseAddress!) { body(UnsafePointer(p.baseAddress!)) }
        }
    }

    /// The lanes' terms of `count` rows from row `start` of the columns, into a block's rows.
    func fillLanes(_ bases: UnsafePointer<UnsafeRawPointer?>, rows start: Int, count: Int,
                   into block: UnsafeMutablePointer<Double>) {
        withUnsafeTemporaryAllocation(of: UnsafePointer<Int32>?.self, capacity: 8) { picked in
        withUnsafeTemporaryAllocation(of: UnsafeRawPointer?.self, capacity: 8) { pickedMixed in
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 8) { narrow in
        withUnsafeTemporaryAllocation(of: UnsafePointer<Double>?.self, capacity: 8) { pickedDoubles in
            lanes.divisors.withUnsafeBufferPointer { dv in lanes.means.withUnsafeBufferPointer { mu in
            lanes.invs.withUnsafeBufferPointer { iv in lanes.indicators.withUnsafeBufferPointer { flags in
            lanes.column.withUnsafeBufferPointer { column in
                for (g, n) in lanes.groups {
                    let out = block + lanes.offsets[g]
                    let kinds = lanes.kinds[g..<(g + n)]
                    if kinds[g] == .doubles {
                        for j in 0..<n { pickedDoubles[j] = bases[column[g + j]]!.assumingMemoryBound(to: Double.self) + start }
                        _ = ckernels_fill_lanes_doubles(pickedDoubles.baseAddress!, mu.baseAddress! + g, iv.baseAddress! + g,
                                                        flags.baseAddress! + g, Int64(n), Int64(count), out, Int64(denseWidth))
                    } else if kinds.contains(.narrow) {
                        for j in 0..<n { pickedMixed[j] = bases[column[g + j]]! + start * (kinds[g + j] == .narrow ? 2 : 4) }
                        for j in 0..<n { narrow[j] = kinds[g + j] == .narrow ? 1 : 0 }
                        _ = ckernels_fill_lanes_mixed(pickedMixed.baseAddress!, narrow.baseAddress!, dv.baseAddress! + g,
                                                      mu.baseAddress! + g, iv.baseAddress! + g, flags.baseAddress! + g, Int64(n),
                                                      Int64(count), out, Int64(denseWidth))
                    } else {
                        for j in 0..<n { picked[j] = bases[column[g + j]]!.assumingMemoryBound(to: Int32.self) + start }
                        _ = ckernels_fill_lanes(picked.baseAddress!, dv.baseAddress! + g, mu.baseAddress! + g, iv.baseAddress! + g,
                                                flags.baseAddress! + g, Int64(n), Int64(count), out, Int64(denseWidth))
                    }
                }
            } } } } }
        }
        }
        }
        }
    }
}
