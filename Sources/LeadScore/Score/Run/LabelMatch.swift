/// How `evaluate` reads the outcome column of labelled history: 1 for the model's converted value, 0 for any
/// other, NaN where missing. Values compare as `LabelResolver` compares them in training (case and the spaces
/// around aside), and when the model's converted value is one of the usual spellings (`1`, `true`, `yes`, `won`, …
/// `LabelResolver.defaultPositives`, or a number equal to 1), any of them counts: a file written `yes`/`no` or
/// `1.0`/`0.0` for a model trained on `1`/`0` means the same. `ScoringPass.otherLabels` keeps the other values
/// seen, so that a file whose labels are not the model's (every row read as not converted) is stopped rather than
/// reported.
struct LabelMatch {
    let index: Int
    /// The model's converted value as written (compared first: most rows match it or fail at once).
    let positive: [UInt8]
    /// The folded forms that count as converted.
    private let keys: [[UInt8]]
    /// Whether the model's value is a usual spelling of converted (then so is any other, a number equal to 1 too).
    private let usual: Bool

    init(index: Int, positive: String) {
        let key = LabelResolver.folded(positive)
        self.index = index
        self.positive = Array(positive.utf8)
        usual = LabelResolver.isUsualPositive(key)
        keys = usual ? LabelResolver.defaultPositives.sorted().map { Array($0.utf8) } : [Array(key.utf8)]
    }

    /// 1, 0, or NaN for a missing value.
    @inline(__always)
    func value(_ f: UnsafeBufferPointer<UInt8>, missing: ValueRules) -> Double {
        if missing.isMissing(f) { return .nan }
        if f.elementsEqual(positive) { return 1 }
        return isPositive(f) || (usual && missing.number(f) == 1) ? 1 : 0
    }

    /// Whether `f`, folded, is one of `keys`: ASCII in place (its only blanks are space and tab), anything else through
    /// `LabelResolver.folded`.
    private func isPositive(_ f: UnsafeBufferPointer<UInt8>) -> Bool {
        if f.contains(where: { $0 >= 0x80 }) {
            let key = Array(LabelResolver.folded(String(decoding: f, as: UTF8.self)).utf8)
            return keys.contains(key)
        }
        var lo = 0, hi = f.count
        while lo < hi && (f[lo] == 0x20 || f[lo] == 0x09) { lo += 1 }
        while hi > lo && (f[hi - 1] == 0x20 || f[hi - 1] == 0x09) { hi -= 1 }
        return keys.contains { k in
            guard k.count == hi - lo else { return false }
            for j in 0..<k.count {
                let b = f[lo + j]
                if (b >= 0x41 && b <= 0x5A ? b | 0x20 : b) != k[j] { return false }
            }
            return true
        }
    }
}
