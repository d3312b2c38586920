@testable import LeadScore

/// The full matrix [1, x₁ … x_p] that `DesignMatrix` never builds (it keeps a dense part and categorical
/// codes): the tests' reference for the encoding and for the objective's sums.
extension DesignMatrix {
    /// Writes rows `range` into `block` as the full matrix, row-major, `width` doubles per row.
    func fill(_ range: Range<Int>, into block: inout [Double]) {
        let n = range.count, d = denseWidth, k = codeCount
        var dense = [Double](repeating: 0, count: n * d)
        var codes = [Int32](repeating: 0, count: n * k)
        fillDense(range, into: &dense)
        fillCodes(range, into: &codes)
        for r in 0..<n {
            for j in 0..<width { block[r * width + j] = 0 }
            for j in 0..<d { block[r * width + denseTerms[j]] = dense[r * d + j] }
            for j in 0..<k where codes[r * k + j] >= 0 { block[r * width + categoricalTerms[Int(codes[r * k + j])]] = 1 }
        }
    }
}
