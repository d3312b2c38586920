import Foundation

/// The encoded design matrix [1, x₁ … x_p] of a set of rows, never held whole: it is produced block by
/// block (row-major, `width` doubles per row) straight from the stored columns, so training needs no
/// second full copy of the data.
public struct DesignMatrix: Sendable {
    /// Columns including the intercept (column 0).
    public let width: Int
    public let rows: [Int]
    private let fillers: [Filler]

    enum Filler: Sendable {
        case numeric(values: [Double], offset: Int, mean: Double, scale: Double, log1p: Bool, indicator: Int?)
        case boolean(values: [Double], offset: Int, mean: Double, indicator: Int?)
        case categorical(codes: [UInt32], terms: [Int32], missingTerm: Int32)
    }

    public init(encoder: FeatureEncoder, table: Table, rows: [Int]) throws {
        self.rows = rows
        width = 1 + encoder.terms.count
        var fillers: [Filler] = []
        for (f, start) in zip(encoder.features, encoder.offsets) {
            let offset = start + 1
            guard let column = table[f.name] else { throw EncodingError(message: "\(table.path): no column '\(f.name)'") }
            switch f.type {
            case .numeric:
                guard let v = column.numbers else { throw EncodingError(message: "\(table.path): column '\(f.name)' is not numeric") }
                fillers.append(.numeric(values: v, offset: offset, mean: f.mean, scale: f.scale,
                                        log1p: f.transform == .log1p, indicator: f.missingIndicator ? offset + 1 : nil))
            case .boolean:
                let v = try FeatureEncoder.booleanValues(column, file: table.path)
                fillers.append(.boolean(values: v, offset: offset, mean: f.mean, indicator: f.missingIndicator ? offset + 1 : nil))
            case .categorical:
                var termOf: [String: Int32] = [:]
                for (k, level) in f.levels.enumerated() { termOf[level] = Int32(offset + k) }
                let folded = Set(f.folded)
                let otherTerm = termOf[EncodedFeature.other] ?? -1
                switch column.values {
                case .text(let codes, let levels):
                    let terms = levels.map { termOf[$0] ?? (folded.contains($0) ? otherTerm : -1) }
                    fillers.append(.categorical(codes: codes, terms: terms, missingTerm: termOf[EncodedFeature.missingLevel] ?? -1))
                default:
                    // A categorical declared over a numeric column: codes from the numbers' text.
                    var levelCodes: [String: UInt32] = [:]
                    var terms: [Int32] = []
                    let codes = (0..<table.rowCount).map { i -> UInt32 in
                        guard let s = column.text(at: i) else { return Column.missingCode }
                        if let c = levelCodes[s] { return c }
                        let c = UInt32(terms.count)
                        levelCodes[s] = c
                        terms.append(termOf[s] ?? (folded.contains(s) ? otherTerm : -1))
                        return c
                    }
                    fillers.append(.categorical(codes: codes, terms: terms, missingTerm: termOf[EncodedFeature.missingLevel] ?? -1))
                }
            }
        }
        self.fillers = fillers
    }

    /// Writes rows `range` (positions in `rows`) into `block`, row-major, `width` doubles per row.
    public func fill(_ range: Range<Int>, into block: inout [Double]) {
        let w = width
        let count = range.count
        block.withUnsafeMutableBufferPointer { b in
            b.baseAddress!.update(repeating: 0, count: count * w)
            for r in 0..<count { b[r * w] = 1 }
            rows.withUnsafeBufferPointer { rowIndex in
                for filler in fillers {
                    switch filler {
                    case .numeric(let values, let offset, let mean, let scale, let log1pOn, let indicator):
                        let inv = 1 / scale
                        for r in 0..<count {
                            let v = values[rowIndex[range.lowerBound + r]]
                            if v.isNaN {
                                if let ind = indicator { b[r * w + ind] = 1 }
                            } else {
                                b[r * w + offset] = ((log1pOn ? Foundation.log1p(v) : v) - mean) * inv
                            }
                        }
                    case .boolean(let values, let offset, let mean, let indicator):
                        for r in 0..<count {
                            let v = values[rowIndex[range.lowerBound + r]]
                            if v.isNaN {
                                b[r * w + offset] = mean
                                if let ind = indicator { b[r * w + ind] = 1 }
                            } else {
                                b[r * w + offset] = v
                            }
                        }
                    case .categorical(let codes, let terms, let missingTerm):
                        for r in 0..<count {
                            let c = codes[rowIndex[range.lowerBound + r]]
                            let t = c == Column.missingCode ? missingTerm : terms[Int(c)]
                            if t >= 0 { b[r * w + Int(t)] = 1 }
                        }
                    }
                }
            }
        }
    }

    /// Rows per block: about 1 MB of doubles, so a block stays in cache between the BLAS calls.
    var blockRows: Int { max(64, (1 << 17) / width) }

    /// Calls `body` with consecutive blocks covering all rows.
    public func forEachBlock(_ body: (_ range: Range<Int>, _ block: [Double]) throws -> Void) rethrows {
        var block = [Double](repeating: 0, count: blockRows * width)
        var start = 0
        while start < rows.count {
            let range = start..<min(rows.count, start + blockRows)
            fill(range, into: &block)
            try body(range, block)
            start = range.upperBound
        }
    }

    /// σ(X·β) for every row, in `rows` order.
    func probabilities(beta: [Double]) -> [Double] {
        linearPredictor(beta: beta).map(Logistic.sigmoid)
    }

    /// The linear predictor η = X·β for every row, in `rows` order.
    func linearPredictor(beta: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: rows.count)
        var eta = [Double](repeating: 0, count: blockRows)
        forEachBlock { range, block in
            BLAS.multiply(block, rows: range.count, width: width, by: beta, into: &eta)
            for r in 0..<range.count { out[range.lowerBound + r] = eta[r] }
        }
        return out
    }
}
