/// A pass's encoding on its own, for the stage tool (`leadscore-bench`): its encode stage times what each pass
/// of train spends turning columns into design blocks.
extension DesignMatrix {
    /// Fills every block once as `LogisticObjective.evaluate` fills them, and computes nothing from them: the
    /// objective's chunks, a wave of one per core; in each, block after block, the dense terms through the lane
    /// columns (`fillDense`) and the codes as the rows' present terms (`RowCodes`), after the missing indicators'
    /// rows are found once (`indicatorRows`, as the objective does when it is made). Returns the number of present
    /// terms in all rows and the sum of each block's last row's last dense value, so that no fill can be left out.
    public func fillEveryBlock() -> (presentTerms: Int, lastValues: Double) {
        let indicators = indicatorRows()
        let chunks = LogisticObjective.chunks(rows: rows.count)
        var sums = [(presentTerms: Int, lastValues: Double)](repeating: (0, 0), count: chunks.count)
        sums.withUnsafeMutableBufferPointer { sums in
            let sums = sums
            var first = 0
            while first < chunks.count {
                let count = min(Cores.count, chunks.count - first)
                Cores.perform(count) { k in sums[first + k] = fill(chunks[first + k], indicators: indicators) }
                first += count
            }
        }
        return sums.reduce((0, 0)) { ($0.presentTerms + $1.presentTerms, $0.lastValues + $1.lastValues) }
    }

    /// `fillEveryBlock`'s work on one chunk of rows.
    private func fill(_ rows: Range<Int>, indicators: IndicatorRows?) -> (presentTerms: Int, lastValues: Double) {
        var block = [Double](repeating: 0, count: blockRows * denseWidth)
        var codes = RowCodes(rows: blockRows, perRow: codeCount, indicators: indicators)
        var sum = (presentTerms: 0, lastValues: 0.0)
        var start = rows.lowerBound
        withLaneBases { bases in
            while start < rows.upperBound {
                let range = start..<min(rows.upperBound, start + blockRows)
                fillDense(range, into: &block, bases: bases)
                codes.fill(range, from: self)
                if codeCount > 0 { sum.presentTerms += Int(codes.starts[range.count]) }
                if denseWidth > 0 { sum.lastValues += block[range.count * denseWidth - 1] }
                start = range.upperBound
            }
        }
        return sum
    }
}
