import CKernels
import Foundation

/// The encoded design matrix [1, x₁ … x_p] of a set of rows, never held whole: it is produced block by
/// block straight from the stored columns, so training needs no second full copy of the data.
///
/// It comes in two parts, because a one-hot block is almost all zeros: the **dense** part (intercept,
/// numeric and boolean terms, missing indicators of columns with many gaps; `denseWidth` doubles per row,
/// row-major) and the **codes** of the categorical features and of the other missing indicators
/// (`codeCount` per row: which term is 1 for that feature, as an index into `categoricalTerms`, or −1 for
/// none; `indicatorAsCode`). `permutation` lists the global term indices in that order, dense first: the
/// objective works in it, so a one-hot block costs a count per row instead of `width` multiplications
/// (issue 14).
public struct DesignMatrix: Sendable {
    /// Columns including the intercept (column 0).
    public let width: Int
    public let rows: [Int]
    /// Global index of each dense column (the intercept is dense column 0) and of each categorical term.
    let denseTerms: [Int]
    let categoricalTerms: [Int]
    private let fillers: [Filler]
    /// `rows[0]` when the rows are consecutive (`rows[i] == rows[0] + i`), as they are when every row is used:
    /// a block's values are then one stretch of each column.
    let firstRow: Int?
    let codeFillers: [CodeFiller]
    /// Terms filled up to eight neighbours at a time (`ckernels_fill_lanes`), and which fillers that covers.
    let lanes: Lanes

    var denseWidth: Int { denseTerms.count }
    var codeCount: Int { codeFillers.count }
    /// Dense columns then categorical terms, as global indices: position p holds term `permutation[p]`.
    var permutation: [Int] { denseTerms + categoricalTerms }

    enum Filler: Sendable {
        case numeric(values: NumberColumn, offset: Int, mean: Double, scale: Double, log1p: Bool, indicator: Int?)
        case boolean(values: BooleanColumn, offset: Int, mean: Double, indicator: Int?)
    }

    /// A column of codes: a categorical column's level codes and, per code, the categorical term (−1: none);
    /// or a numeric column whose missing indicator is kept as a code (`indicatorAsCode`): its term where the
    /// value is missing, −1 elsewhere.
    enum CodeFiller: Sendable {
        case levels(codes: CodeColumn, terms: [Int32], missingTerm: Int32)
        case missing(values: NumberColumn, term: Int32)
    }

    /// The largest share of missing values (in the fitted rows) at which a numeric column's missing indicator is
    /// a code rather than a dense column: a dense column costs every row a product with each dense term in
    /// XᵀWX, a code only the rows where it is 1, but a scatter-add there costs several times a product in the
    /// Gram kernel's tiles. Measured on 600,000 leads with 120 numeric columns and 4 levels, train (3 or more
    /// alternating runs each): 5% missing in every column 2.42 → 1.80 s, 12% 3.2 → 2.1–3.0 s, 24% 2.25 → 2.5 s
    /// (slower: hence 15%). The three 1M bench files: numeric (10 indicators at 8%) 0.86 → 0.84 s, sample 0.545
    /// → 0.535 s, levels (no indicator) unchanged.
    static let indicatorAsCode = 0.15

    public init(encoder: FeatureEncoder, table: Table, rows: [Int]) throws {
        self.rows = rows
        firstRow = rows.first.flatMap { first in rows.indices.allSatisfy { rows[$0] == first &+ $0 } ? first : nil }
        width = 1 + encoder.terms.count
        var fillers: [Filler] = [], codeFillers: [CodeFiller] = []
        var denseTerms = [0], categoricalTerms: [Int] = []
        for (f, start) in zip(encoder.features, encoder.offsets) {
            let global = start + 1
            guard let column = table[f.name] else { throw EncodingError(message: "\(table.path): no column '\(f.name)'") }
            let offset = denseTerms.count
            let indicator = f.missingIndicator ? offset + 1 : nil
            switch f.type {
            case .numeric:
                guard let v = column.numbers else { throw EncodingError(message: "\(table.path): column '\(f.name)' is not numeric") }
                let share = start + 1 < encoder.termMeans.count ? encoder.termMeans[start + 1] : 1
                let asCode = f.missingIndicator && share <= Self.indicatorAsCode
                fillers.append(.numeric(values: v, offset: offset, mean: f.mean, scale: f.scale,
                                        log1p: f.transform == .log1p, indicator: asCode ? nil : indicator))
                if asCode {
                    denseTerms.append(global)
                    codeFillers.append(.missing(values: v, term: Int32(categoricalTerms.count)))
                    categoricalTerms.append(global + 1)
                } else {
                    denseTerms += Array(global..<(global + f.terms.count))
                }
            case .boolean:
                let v = try FeatureEncoder.booleanValues(column, file: table.path)
                fillers.append(.boolean(values: v, offset: offset, mean: f.mean, indicator: indicator))
                denseTerms += Array(global..<(global + f.terms.count))
            case .categorical:
                let first = Int32(categoricalTerms.count)
                categoricalTerms += Array(global..<(global + f.levels.count))
                codeFillers.append(Self.codeFiller(f, column: column, rowCount: table.rowCount, first: first))
            }
        }
        self.fillers = fillers
        lanes = Lanes(fillers, consecutive: firstRow != nil)
        self.codeFillers = codeFillers
        self.denseTerms = denseTerms
        self.categoricalTerms = categoricalTerms
    }

    private static func codeFiller(_ f: EncodedFeature, column: Column, rowCount: Int, first: Int32) -> CodeFiller {
        var termOf: [String: Int32] = [:]
        for (k, level) in f.levels.enumerated() { termOf[level] = first + Int32(k) }
        let folded = Set(f.folded)
        let otherTerm = termOf[EncodedFeature.other] ?? -1
        let missingTerm = termOf[EncodedFeature.missingLevel] ?? -1
        switch column.values {
        case .text(let codes, let levels):
            let terms = levels.map { termOf[$0] ?? (folded.contains($0) ? otherTerm : -1) }
            return .levels(codes: codes, terms: terms, missingTerm: missingTerm)
        default:
            // A categorical declared over a numeric column: codes from the numbers' text.
            var levelCodes: [String: UInt32] = [:]
            var terms: [Int32] = []
            let codes = (0..<rowCount).map { i -> UInt32 in
                guard let s = column.text(at: i) else { return Column.missingCode }
                if let c = levelCodes[s] { return c }
                let c = UInt32(terms.count)
                levelCodes[s] = c
                terms.append(termOf[s] ?? (folded.contains(s) ? otherTerm : -1))
                return c
            }
            return .levels(codes: CodeColumn(codes, levelCount: terms.count), terms: terms, missingTerm: missingTerm)
        }
    }

    /// Writes the dense part of rows `range` (positions in `rows`) into `block`, row-major, `denseWidth`
    /// doubles per row.
    /// - Parameter bases: `withLaneBases`'s addresses, when the caller fills many blocks (taking them per block
    ///   retained and released each column's storage forty times a block on the numeric bench file).
    func fillDense(_ range: Range<Int>, into block: inout [Double], bases: UnsafePointer<UnsafeRawPointer?>? = nil) {
        let w = denseWidth
        let count = range.count
        // Every dense column is written for every row (the intercept here, each feature's value and missing
        // indicator by its filler), so the block needs no zeroing first.
        block.withUnsafeMutableBufferPointer { b in
            for r in 0..<count { b[r * w] = 1 }
            // Scaled numeric terms up to eight neighbours at a time: each block row's values in one store.
            if let first = firstRow, !lanes.groups.isEmpty {
                if let bases { fillLanes(bases, rows: first + range.lowerBound, count: count, into: b.baseAddress!) }
                else { withLaneBases { fillLanes($0, rows: first + range.lowerBound, count: count, into: b.baseAddress!) } }
            }
            rows.withUnsafeBufferPointer { rowIndex in
                let rowIndex = UnsafeBufferPointer(rebasing: rowIndex[range])
                for (k, filler) in fillers.enumerated() where !lanes.covers[k] {
                    switch filler {
                    case .numeric(let values, let offset, let mean, let scale, let log1pOn, let indicator):
                        let inv = 1 / scale
                        // Pointers and wrapping index arithmetic: this loop runs for every value of every
                        // numeric column in each evaluation of the objective.
                        let out = b.baseAddress! + offset
                        // Consecutive rows of a scaled column: decoded and written in one pass
                        // (`ckernels_fill_scaled`, the same bits as the loops below).
                        let at = (firstRow ?? 0) + range.lowerBound
                        if !log1pOn, firstRow != nil, values.withScaled(rows: at..<(at + count), { m, divisor in
                            ckernels_fill_scaled(m.baseAddress!, Int64(count), divisor, mean, inv,
                                                 out, Int64(w), indicator.map { b.baseAddress! + $0 })
                        }) != nil { continue }
                        // The rows' values first (decoded when stored scaled), then one pass per case.
                        withUnsafeTemporaryAllocation(of: Double.self, capacity: count) { gathered in
                            if let first = firstRow { values.copy(from: first + range.lowerBound, count: count, into: gathered.baseAddress!) }
                            else { values.gather(rowIndex, into: gathered) }
                            let v0 = gathered.baseAddress!
                            if let ind = indicator {
                                let flag = b.baseAddress! + ind
                                for r in 0..<count {
                                    let v = v0[r], at = r &* w
                                    if v.isNaN { out[at] = 0; flag[at] = 1 }
                                    else { out[at] = ((log1pOn ? Foundation.log1p(v) : v) - mean) * inv; flag[at] = 0 }
                                }
                            } else if log1pOn {
                                // Missing where the fitted rows had no gap (rows scored later): the mean, 0.
                                for r in 0..<count { let v = v0[r]; out[r &* w] = v.isNaN ? 0 : (Foundation.log1p(v) - mean) * inv }
                            } else {
                                for r in 0..<count { let v = v0[r]; out[r &* w] = v.isNaN ? 0 : (v - mean) * inv }
                            }
                        }
                    case .boolean(let values, let offset, let mean, let indicator):
                        withUnsafeTemporaryAllocation(of: Double.self, capacity: count) { gathered in
                            values.gather(rowIndex, into: gathered)
                            let out = b.baseAddress! + offset
                            if let ind = indicator {
                                let flag = b.baseAddress! + ind
                                for r in 0..<count {
                                    let v = gathered[r], at = r &* w
                                    if v.isNaN { out[at] = mean; flag[at] = 1 } else { out[at] = v; flag[at] = 0 }
                                }
                            } else {
                                for r in 0..<count { let v = gathered[r]; out[r &* w] = v.isNaN ? mean : v }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Rows per block: about 128 KB of dense doubles, so that a block stays in a core's L2 cache while it is
    /// filled column by column and then multiplied.
    var blockRows: Int { max(64, min(8192, (1 << 14) / denseWidth)) }

    /// σ(X·β) for every row, in `rows` order.
    func probabilities(beta: [Double]) -> [Double] {
        linearPredictor(beta: beta).map(Logistic.sigmoid)
    }

    /// The linear predictor η = X·β for every row, in `rows` order: blocks of `blockRows` rows from the first (the
    /// same boundaries, so each row's value is the same whatever the core count), shared out to the cores in runs
    /// of consecutive blocks.
    func linearPredictor(beta: [Double]) -> [Double] {
        let k = codeCount, d = denseWidth, size = blockRows, n = rows.count
        let denseBeta = denseTerms.map { beta[$0] }, codeBeta = categoricalTerms.map { beta[$0] }
        let blocks = (n + size - 1) / size
        let parts = max(1, min(Cores.count, blocks))
        return [Double](unsafeUninitializedCapacity: n) { out, count in
            let out = out
            Cores.perform(parts) { part in
                var block = [Double](repeating: 0, count: size * d)
                var codes = [Int32](repeating: 0, count: size * k)
                var eta = [Double](repeating: 0, count: size)
                for b in (blocks * part / parts)..<(blocks * (part + 1) / parts) {
                    let range = (b * size)..<min(n, (b + 1) * size)
                    fillDense(range, into: &block)
                    fillCodes(range, into: &codes)
                    BLAS.multiply(block, rows: range.count, width: d, by: denseBeta, into: &eta)
                    for r in 0..<range.count {
                        var e = eta[r]
                        for j in 0..<k { let c = codes[r * k + j]; if c >= 0 { e += codeBeta[Int(c)] } }
                        out[range.lowerBound + r] = e
                    }
                }
            }
            count = n
        }
    }
}
