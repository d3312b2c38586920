import CKernels

/// The codes of a block's rows as each row's terms that are present: row r's are `terms[starts[r] ..< starts[r + 1]]`,
/// in column order. A block holds a column of codes for each categorical feature (one present a row, but for unseen
/// levels) and each missing indicator kept as a code (present only where the value is missing,
/// `DesignMatrix.indicatorAsCode`), so a loop over the present ones does not visit the −1 of every indicator in
/// every row. Two ways to the same codes: laid out row by row with a slot a column and then compacted (`fillCodes`,
/// `ckernels_compact_codes`); or, with the design's `IndicatorRows` (`DesignMatrix.gathersCodes`), gathered row by
/// row from the categorical features' columns of codes and the row's bits of its indicators present, read 64 at a
/// time (`ckernels_gather_codes`). The unseen bench's wide file (120 indicators, 7% present) wrote and read 121
/// codes a row for 9 present, in every pass of the fit.
struct RowCodes {
    let perRow: Int
    let indicators: DesignMatrix.IndicatorRows?
    private var codes: [Int32]
    private(set) var starts: [Int32]
    private(set) var terms: [Int32]

    init(rows: Int, perRow k: Int, indicators: DesignMatrix.IndicatorRows? = nil) {
        perRow = k
        self.indicators = indicators
        codes = [Int32](repeating: 0, count: rows * k)
        starts = [Int32](repeating: 0, count: rows + 1)
        terms = [Int32](repeating: 0, count: max(1, rows * k))
    }

    /// The codes of rows `range` of `design` (as many as the block was made for, at most).
    mutating func fill(_ range: Range<Int>, from design: DesignMatrix) {
        guard perRow > 0 else { return }
        let n = range.count, k = perRow
        guard let indicators else {
            design.fillCodes(range, into: &codes)
            _ = ckernels_compact_codes(codes, Int64(n), Int64(k), &starts, &terms)
            return
        }
        codes.withUnsafeMutableBufferPointer { columns in
            design.fillCodeColumns(range, slots: indicators.slots, into: columns.baseAddress!)
        }
        _ = ckernels_gather_codes(codes, indicators.breaks, Int64(indicators.breaks.count), indicators.bytes,
                                  Int64(indicators.stride), Int64(range.lowerBound), indicators.slotTerms,
                                  Int64(indicators.slotTerms.count), Int64(n), &starts, &terms)
    }

    /// `out[offset + c] += values[r]` for each present term c of each of the first `rows` rows, in row order.
    func addEach(_ values: [Double], rows: Int, into out: inout [Double], at offset: Int) {
        starts.withUnsafeBufferPointer { starts in terms.withUnsafeBufferPointer { terms in
            out.withUnsafeMutableBufferPointer { g in
                for r in 0..<rows {
                    let v = values[r]
                    for a in Int(starts[r])..<Int(starts[r &+ 1]) { g[offset &+ Int(terms[a])] += v }
                }
            }
        } }
    }
}

extension LogisticObjective {
    /// The Hessian's diagonal: Σ cᵢ·xᵢⱼ² for a dense term, Σ cᵢ over its rows for a categorical one.
    func accumulateDiagonal(_ block: [Double], _ codes: RowCodes, _ curvature: [Double], n: Int,
                            into diagonal: inout [Double]) {
        let d = design.denseWidth
        diagonal.withUnsafeMutableBufferPointer { g in
            for r in 0..<n {
                let c = curvature[r]
                for j in 0..<d { let x = block[r &* d &+ j]; g[j] += c * x * x }
            }
        }
        codes.addEach(curvature, rows: n, into: &diagonal, at: d)
    }

    /// The Hessian's columns of categorical terms, upper triangle: for each row and each of its terms c,
    /// column c gains the row's curvature times its dense values, and 1 at every term of the row up to c. A C
    /// kernel (CKernels/categorical.c: four values a step with AVX2, the same sums bit for bit; Swift's loop here
    /// took two: train on the sample bench file 1.67 → 1.57 s, user 2.66 → 2.43 s).
    func accumulateCategorical(_ block: [Double], _ codes: RowCodes, _ curvature: [Double], n: Int,
                               into hessian: inout [Double]) {
        let w = width, d = design.denseWidth
        withUnsafeTemporaryAllocation(of: Double.self, capacity: max(1, d)) { scaled in
            ckernels_categorical_hessian(block, codes.starts, codes.terms, curvature, Int64(n), Int64(d), &hessian, Int64(w),
                                         scaled.baseAddress, 0)
        }
    }
}
