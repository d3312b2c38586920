import CKernels

/// A block's codes (`codeCount` a row: an index into `categoricalTerms`, or −1 for none), laid out row by row
/// (`fillCodes`), or for `RowCodes` to gather: the categorical features' as columns (`fillCodeColumns`) and the
/// missing indicators' as each row's bits, found once (`IndicatorRows`).
extension DesignMatrix {
    /// Writes the categorical codes of rows `range` into `codes`, `codeCount` per row: an index into
    /// `categoricalTerms`, or −1 when the value has no term (an unseen level).
    func fillCodes(_ range: Range<Int>, into codes: inout [Int32]) {
        let k = codeCount
        codes.withUnsafeMutableBufferPointer { out in
            rows.withUnsafeBufferPointer { rowIndex in
                let rowIndex = UnsafeBufferPointer(rebasing: rowIndex[range])
                for (j, filler) in codeFillers.enumerated() {
                    switch filler {
                    case .levels(let codes, let terms, let missingTerm):
                        terms.withUnsafeBufferPointer { terms in
                            codes.map(rowIndex, through: terms, missing: missingTerm, into: out.baseAddress! + j, stride: k)
                        }
                    case .missing(let values, let term):
                        Self.missingCodes(values, rows: rowIndex, first: firstRow.map { $0 + range.lowerBound }, term: term,
                                          into: out.baseAddress! + j, stride: k)
                    }
                }
            }
        }
    }

    /// `term` where the value of a row is missing, −1 elsewhere, `stride` apart; from the stored integers where
    /// the rows are consecutive from `first` and the column is scaled.
    private static func missingCodes(_ values: NumberColumn, rows: UnsafeBufferPointer<Int>, first: Int?, term: Int32,
                                     into out: UnsafeMutablePointer<Int32>, stride: Int) {
        if let first, values.withScaled(rows: first..<(first + rows.count), { m, _ -> Bool in
            let m0 = m.baseAddress!
            for r in 0..<rows.count { out[r &* stride] = m0[r] == NumberColumn.missing ? term : -1 }
            return true
        }) != nil { return }
        for r in 0..<rows.count { out[r &* stride] = values[rows[r]].isNaN ? term : -1 }
    }

    /// Whether `RowCodes` gathers this design's codes row by row from `IndicatorRows`: when its missing indicators
    /// kept as codes outnumber its other columns of codes, over consecutive rows. A categorical feature's column
    /// costs more that way than laid out a slot a row and compacted (perf samples of the codes' functions in train,
    /// gathered against compacted, Intel Xeon: levels, 5 categorical features and no indicator, 801 against 281;
    /// the unseen flags file, 8 and 0, 1,045 against 480; crm, 7 and 3, 853 against 429), an indicator much less
    /// (the unseen wide file, 1 and 120: 470, and 182 for the bits found once, against 2,130; numeric, 2 and 10:
    /// 442 in all against 599).
    var gathersCodes: Bool {
        guard firstRow != nil else { return false }
        let indicators = codeFillers.filter { if case .missing = $0 { return true } else { return false } }.count
        return indicators > codeFillers.count - indicators
    }

    /// Where the missing indicators kept as codes are present, found once for every pass over the design
    /// (`gathersCodes`): each row's as a bit set, a bit an indicator (`ckernels_gather_codes`).
    struct IndicatorRows: Sendable {
        /// Per code filler: its indicator's slot, or −1 (a column of codes).
        let slots: [Int32]
        /// Per slot: its term.
        let slotTerms: [Int32]
        /// Per code filler without a slot, in order: how many slots come before it.
        let breaks: [Int32]
        /// Row r's bits at `bytes[r · stride ..< (r + 1) · stride]` (eight bytes of room past the last row).
        let bytes: [UInt8]
        let stride: Int
    }

    /// `IndicatorRows` of this design, when it `gathersCodes`; nil otherwise. Costs a pass over the indicators'
    /// columns and ⌈indicators / 8⌉ bytes a row.
    func indicatorRows() -> IndicatorRows? {
        guard gathersCodes, let first = firstRow else { return nil }
        var slots: [Int32] = [], slotTerms: [Int32] = [], breaks: [Int32] = [], columns: [NumberColumn] = []
        for filler in codeFillers {
            if case .missing(let values, let term) = filler {
                slots.append(Int32(columns.count)); slotTerms.append(term); columns.append(values)
            } else {
                slots.append(-1); breaks.append(Int32(columns.count))
            }
        }
        let n = rows.count, stride = (columns.count + 7) / 8
        let scaled = columns.map { $0.scaledDivisor != nil }
        var bytes = [UInt8](repeating: 0, count: n * stride + 8)
        bytes.withUnsafeMutableBufferPointer { all in
            let all = all
            // A stretch of rows a core; a byte's eight indicators at a time.
            Cores.perform(stretchesOf: n) { part in
                for g in Swift.stride(from: 0, to: columns.count, by: 8) {
                    let group = g..<min(g + 8, columns.count)
                    let stored = group.filter { scaled[$0] }
                    let out = all.baseAddress! + part.lowerBound * stride + g / 8
                    if !stored.isEmpty {
                        // A stretch of rows at a time, so that narrow columns are widened a stretch at a time.
                        let slots = stored.map { Int8($0 - g) }, group = ArraySlice(stored.map { columns[$0] })
                        withUnsafeTemporaryAllocation(of: UnsafePointer<Int32>?.self, capacity: 8) { bases in
                            for s in Swift.stride(from: part.lowerBound, to: part.upperBound, by: NumberColumn.stretch) {
                                let rows = s..<min(part.upperBound, s + NumberColumn.stretch)
                                NumberColumn.withScaledBases(group, rows: (first + rows.lowerBound)..<(first + rows.upperBound),
                                                             into: bases.baseAddress!) {
                                    ckernels_indicator_rows(bases.baseAddress!, slots, Int64(stored.count), Int64(rows.count),
                                                            NumberColumn.missing, out + (s - part.lowerBound) * stride, Int64(stride))
                                }
                            }
                        }
                    }
                    for s in group where !scaled[s] {
                        for r in part where columns[s][first + r].isNaN { all[r * stride + s / 8] |= 1 << UInt8(s % 8) }
                    }
                }
            }
        }
        return IndicatorRows(slots: slots, slotTerms: slotTerms, breaks: breaks, bytes: bytes, stride: stride)
    }

    /// Rows `range`'s codes of the fillers without a slot (`slots[j]` −1), in order, each as a column of
    /// `range.count` codes from `columns`, for `ckernels_gather_codes`.
    func fillCodeColumns(_ range: Range<Int>, slots: [Int32], into columns: UnsafeMutablePointer<Int32>) {
        let n = range.count
        var i = 0
        rows.withUnsafeBufferPointer { rowIndex in
            let rowIndex = UnsafeBufferPointer(rebasing: rowIndex[range])
            for (j, filler) in codeFillers.enumerated() where slots[j] < 0 {
                defer { i += 1 }
                switch filler {
                case .levels(let codes, let levelTerms, let missingTerm):
                    levelTerms.withUnsafeBufferPointer { levelTerms in
                        codes.map(rowIndex, through: levelTerms, missing: missingTerm, into: columns + i * n, stride: 1)
                    }
                case .missing(let values, let term):
                    Self.missingCodes(values, rows: rowIndex, first: firstRow.map { $0 + range.lowerBound }, term: term,
                                      into: columns + i * n, stride: 1)
                }
            }
        }
    }
}
