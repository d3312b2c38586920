import CKernels
import Foundation

/// A feature that cannot be encoded as declared.
struct EncodingError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

extension FeatureEncoder {
    /// Fits every feature's encoding on the given rows of `table` (all rows when nil).
    /// - Parameters:
    ///   - minLevelCount: categorical levels seen fewer times fold into `(other)`.
    ///   - dropReference: leave out each categorical's most frequent level (for λ = 0).
    ///   - maxLevels: a categorical keeping more levels after folding is refused (an id or a parsing mistake).
    public static func fit(table: Table, features: [FeatureDeclaration], rows: [Int]? = nil, minLevelCount: Int,
                           maxLevels: Int = .max, dropReference: Bool) throws -> FeatureEncoder {
        let subset = rows ?? Array(0..<table.rowCount)
        var fitted: [EncodedFeature] = []
        var means: [Double] = []
        // Numeric columns (log1p aside) fitted on a run of consecutive rows (every row, in train): up to eight at a
        // time by one kernel, their sums side by side (`ckernels_moments`, `ckernels_moments_narrow`,
        // `ckernels_moments_doubles`), a group of one storage. The rest each on its own. The units spread over the
        // cores; the features are checked and joined in order.
        let run = subset.withUnsafeBufferPointer { NumberColumn.consecutive($0) }
        var groups: [[Int]] = [], singles: [Int] = []
        var open: [NumberColumn.Kind: Int] = [:]  // the group of each storage that is filling
        for (k, decl) in features.enumerated() {
            if run, decl.type == .numeric, decl.transform != .log1p, let numbers = table[decl.name]?.numbers {
                if let g = open[numbers.kind], groups[g].count < 8 { groups[g].append(k); continue }
                groups.append([k])
                open[numbers.kind] = groups.count - 1
            } else {
                singles.append(k)
            }
        }
        let scratch = ScratchColumns()
        let units = Cores.map(groups.count + singles.count) { u -> [(Int, Result<FeatureFit, Error>)] in
            if u < groups.count {
                return fitGroup(groups[u], features: features, table: table, first: subset.first ?? 0, count: subset.count)
            }
            let k = singles[u - groups.count], decl = features[k]
            return [(k, Result {
                guard let column = table[decl.name] else {
                    throw EncodingError(message: "\(table.path): there is no column '\(decl.name)'")
                }
                return try fitOne(decl, column: column, rows: subset, minLevelCount: minLevelCount,
                                  dropReference: dropReference, file: table.path, scratch: scratch)
            })]
        }
        var byFeature = [Result<FeatureFit, Error>?](repeating: nil, count: features.count)
        for unit in units { for (k, fit) in unit { byFeature[k] = fit } }
        let fits = try byFeature.map { try $0!.get() }
        for (decl, (feature, termMeans)) in zip(features, fits) {
            let levels = feature.levels.filter { $0 != EncodedFeature.missingLevel }.count
            if feature.type == .categorical && levels > maxLevels {
                throw TrainingError("\(table.path): column '\(decl.name)' has \(levels) levels after folding those seen fewer"
                    + " than \(minLevelCount) times, more than --max-levels \(maxLevels): almost always an identifier or a"
                    + " parsing mistake (a shifted column, decimal commas); leave it out with --exclude \(decl.name), or raise"
                    + " --max-levels (spec: max_levels)")
            }
            fitted.append(feature)
            means += termMeans
        }
        return FeatureEncoder(features: fitted, termMeans: means)
    }

    /// A feature's encoding and the mean of each of its terms (as the design matrix encodes them).
    typealias FeatureFit = (EncodedFeature, [Double])

    /// `fitOne` for numeric features (no transform) whose columns are stored alike (scaled integers, or doubles), over
    /// rows `first ..< first + count`: the kernel's sums are the bits of `fitOne`'s loops.
    private static func fitGroup(_ ks: [Int], features: [FeatureDeclaration], table: Table, first: Int,
                                 count n: Int) -> [(Int, Result<FeatureFit, Error>)] {
        let columns = ks.map { table[features[$0].name]!.numbers! }
        var mean = [Double](repeating: 0, count: ks.count), scale = mean, zsum = mean
        var present = [Int64](repeating: 0, count: ks.count)
        // The group's columns held for the call (one kind: `fit` groups them so), each kernel given its own type.
        withUnsafeTemporaryAllocation(of: UnsafeRawPointer?.self, capacity: ks.count) { raw in
            NumberColumn.withStoredBases(columns[...], into: raw.baseAddress!) {
                switch columns[0].kind {
                case .scaled:
                    let bases = raw.map { $0.map { $0.assumingMemoryBound(to: Int32.self) + first } }
                    let divisors = columns.map { $0.scaledDivisor! }
                    _ = ckernels_moments(bases, divisors, Int64(ks.count), Int64(n), &mean, &scale, &present, &zsum)
                case .narrow:
                    let bases = raw.map { $0.map { $0.assumingMemoryBound(to: Int16.self) + first } }
                    let divisors = columns.map { $0.scaledDivisor! }
                    _ = ckernels_moments_narrow(bases, divisors, Int64(ks.count), Int64(n), &mean, &scale, &present, &zsum)
                case .doubles:
                    let bases = raw.map { $0.map { $0.assumingMemoryBound(to: Double.self) + first } }
                    _ = ckernels_moments_doubles(bases, Int64(ks.count), Int64(n), &mean, &scale, &present, &zsum)
                }
            }
        }
        let rows = Double(max(1, n))
        return ks.indices.map { i in
            let decl = features[ks[i]]
            let missing = n - Int(present[i])
            let f = EncodedFeature(name: decl.name, type: decl.type, transform: decl.transform, mean: mean[i],
                                   scale: scale[i], missingIndicator: missing > 0, levels: [], folded: [], reference: nil)
            return (ks[i], .success((f, [zsum[i] / rows] + (missing > 0 ? [Double(missing) / rows] : []))))
        }
    }

    /// One feature's encoding and the mean of each of its terms over `rows` (as the design matrix encodes them).
    private static func fitOne(_ decl: FeatureDeclaration, column: Column, rows: [Int], minLevelCount: Int,
                               dropReference: Bool, file: String, scratch: ScratchColumns) throws -> FeatureFit {
        let n = Double(max(1, rows.count))
        var termMeans: [Double] = []
        var f = EncodedFeature(name: decl.name, type: decl.type, transform: decl.transform, mean: 0, scale: 1,
                               missingIndicator: false, levels: [], folded: [], reference: nil)
        switch decl.type {
        case .numeric:
            guard let column = column.numbers else {
                throw EncodingError(message: "\(StandardStreams.displayName(file)): column '\(decl.name)' is declared numeric but holds text")
            }
            // The transformed values once (log1p checked and taken once per value, not in each pass), then
            // the sums in row order, as they always were.
            try scratch.with(count: rows.count) { values throws in
                values.withUnsafeMutableBufferPointer { out in rows.withUnsafeBufferPointer { column.gather($0, into: out) } }
                if decl.transform == .log1p {
                    for i in values.indices where !values[i].isNaN { values[i] = try transformed(values[i], decl, file: file) }
                }
                var sum = 0.0, present = 0
                for x in values where !x.isNaN { sum += x; present += 1 }
                let mean = present > 0 ? sum / Double(present) : 0
                var ss = 0.0
                for x in values where !x.isNaN { let d = x - mean; ss += d * d }
                let sd = rows.isEmpty ? 0 : (ss / Double(rows.count)).squareRoot()
                f.mean = mean
                f.scale = sd > 0 ? sd : 1
                f.missingIndicator = present < rows.count
                var zSum = 0.0
                let scale = f.scale
                for x in values where !x.isNaN { zSum += (x - mean) / scale }
                termMeans = [zSum / n] + (f.missingIndicator ? [Double(rows.count - present) / n] : [])
            }
        case .boolean:
            let values = try booleanValues(column, file: file)
            var trues = 0, present = 0
            switch values {
            case .codes(let codes, let table):
                // Each level's rows counted once (`CodeColumn.counts`); every level is 1 or 0.
                let (counts, missing) = rows.withUnsafeBufferPointer { codes.counts($0, levels: table.count) }
                for (count, value) in zip(counts, table) where value == 1 { trues += count }
                present = rows.count - missing
            case .numbers:
                for i in rows { let b = values[i]; present += b.isNaN ? 0 : 1; trues += b == 1 ? 1 : 0 }
            }
            f.mean = present > 0 ? Double(trues) / Double(present) : 0
            f.missingIndicator = present < rows.count
            let missingRows = Double(rows.count - present)
            termMeans = [(Double(trues) + f.mean * missingRows) / n] + (f.missingIndicator ? [missingRows / n] : [])
        case .categorical:
            var counts = levelCounts(column, rows: rows)
            let missingCount = counts.removeValue(forKey: EncodedFeature.missingLevel) ?? 0
            var kept = counts.filter { $0.value >= minLevelCount }
            let folded = counts.filter { $0.value < minLevelCount }
            f.folded = folded.keys.sorted()
            var levels = kept.keys.sorted()
            if !folded.isEmpty {
                levels.append(EncodedFeature.other); kept[EncodedFeature.other] = folded.values.reduce(0, +)
            }
            if missingCount > 0 { levels.append(EncodedFeature.missingLevel); kept[EncodedFeature.missingLevel] = missingCount }
            if dropReference, let top = levels.max(by: { kept[$0]! < kept[$1]! || (kept[$0]! == kept[$1]! && $0 > $1) }) {
                f.reference = top
                levels.removeAll { $0 == top }
            }
            f.levels = levels
            termMeans = levels.map { Double(kept[$0]!) / n }
        }
        return (f, termMeans)
    }

    /// Rows per raw level (missing as `(missing)`), counted on codes rather than strings.
    static func levelCounts(_ column: Column, rows: [Int]) -> [String: Int] {
        var result: [String: Int] = [:]
        if case .text(let codes, let levels) = column.values {
            let (counts, missing) = rows.withUnsafeBufferPointer { codes.counts($0, levels: levels.count) }
            for (k, level) in levels.enumerated() where counts[k] > 0 { result[level] = counts[k] }
            if missing > 0 { result[EncodedFeature.missingLevel] = missing }
        } else {
            for i in rows { result[column.text(at: i) ?? EncodedFeature.missingLevel, default: 0] += 1 }
        }
        return result
    }

    static func transformed(_ v: Double, _ decl: FeatureDeclaration, file: String) throws -> Double {
        guard decl.transform == .log1p else { return v }
        guard v > -1 else {
            throw EncodingError(message: "\(StandardStreams.displayName(file)): column '\(decl.name)': log1p needs values above -1, and"
                + " \(NumberFormat.shortest(v)) is not; remove the transform or fix the value")
        }
        return log1p(v)
    }

    /// 1, 0 or NaN (missing) for every row of a boolean column stored as numbers or text.
    static func booleanValues(_ column: Column, file: String) throws -> BooleanColumn {
        switch column.values {
        case .numbers(let v):
            if let bad = v.first(where: { !$0.isNaN && $0 != 0 && $0 != 1 }) {
                throw EncodingError(message: "\(StandardStreams.displayName(file)): column '\(column.name)' is declared boolean but holds"
                    + " \(NumberFormat.shortest(bad)); booleans are \(BooleanTokens.spelled)")
            }
            return .numbers(v)
        case .text(let codes, let levels):
            let table = try levels.map { level -> Double in
                guard let b = BooleanTokens.value(of: level) else {
                    throw EncodingError(message: "\(StandardStreams.displayName(file)): column '\(column.name)' is declared boolean but holds"
                        + " \"\(level)\"; booleans are \(BooleanTokens.spelled) (or declare it categorical)")
                }
                return b ? 1 : 0
            }
            return .codes(codes, values: table)
        default:
            throw EncodingError(message: "\(StandardStreams.displayName(file)): column '\(column.name)' cannot be read as boolean")
        }
    }
}

/// A boolean column as stored, without a copy: 0/1 numbers (NaN missing), or text codes with each level's
/// value (a million booleans as doubles would be 8 MB a column; the codes are already held).
enum BooleanColumn: Sendable {
    case numbers(NumberColumn)
    case codes(CodeColumn, values: [Double])

    /// 1, 0, or NaN when missing.
    @inline(__always)
    subscript(i: Int) -> Double {
        switch self {
        case .numbers(let v): return v[i]
        case .codes(let c, let values): return c[i] == Column.missingCode ? .nan : values[Int(c[i])]
        }
    }

    /// Writes the values of rows `rows` to `out` (at least as long), in that order.
    func gather(_ rows: UnsafeBufferPointer<Int>, into out: UnsafeMutableBufferPointer<Double>) {
        guard let o = out.baseAddress, !rows.isEmpty else { return }
        switch self {
        case .numbers(let v): v.gather(rows, into: out)
        case .codes(let c, let values): values.withUnsafeBufferPointer { c.map(rows, through: $0, missing: .nan, into: o, stride: 1) }
        }
    }
}
