/// A text column's level codes while a file is read (`ColumnAccumulator`): one byte a code while the column
/// has at most 255 levels (`CodeColumn.missingByte` marking a missing value), 32-bit codes from the 256th
/// level on. The codes were 32-bit until the column was finished (issue 14): on a file of 24 yes/no flags and
/// 8 categoricals (1M leads), the text columns held 128 MB while the file was read instead of 32.
struct CodeStore {
    private(set) var bytes: [UInt8] = []
    private(set) var words: [UInt32] = []
    private(set) var isBytes = true

    init() {}

    /// `rows` missing values.
    init(missing rows: Int) { bytes = Array(repeating: CodeColumn.missingByte, count: rows) }

    var count: Int { isBytes ? bytes.count : words.count }

    mutating func reserve(_ n: Int) {
        if isBytes { bytes.reserveCapacity(n) } else { words.reserveCapacity(n) }
    }

    mutating func appendMissing(_ n: Int = 1) {
        guard n > 0 else { return }
        if isBytes { bytes.append(contentsOf: repeatElement(CodeColumn.missingByte, count: n)) }
        else { words.append(contentsOf: repeatElement(Column.missingCode, count: n)) }
    }

    /// Appends level code `c` (`Column.missingCode` for a missing value), widening the store when `c` is
    /// beyond a byte.
    mutating func append(_ c: UInt32) {
        if isBytes && c != Column.missingCode && c >= UInt32(CodeColumn.missingByte) { widen() }
        if isBytes { bytes.append(c == Column.missingCode ? CodeColumn.missingByte : UInt8(truncatingIfNeeded: c)) }
        else { words.append(c) }
    }

    /// Appends codes gathered by a caller whose levels so far all fit the store (`levelCount` of them), so that
    /// no code needs widening: `Column.missingCode` for a missing value.
    mutating func append(contentsOf codes: UnsafeBufferPointer<UInt32>, levelCount: Int) {
        if isBytes && levelCount > Int(CodeColumn.missingByte) { widen() }
        guard isBytes else { words.append(contentsOf: codes); return }
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: codes.count))
        bytes.withUnsafeMutableBufferPointer { out in
            for i in 0..<codes.count {
                let c = codes[i]
                out[start &+ i] = c == Column.missingCode ? CodeColumn.missingByte : UInt8(truncatingIfNeeded: c)
            }
        }
    }

    /// Appends `other`'s codes (the same column from the next part of the file) through `map` (its code to
    /// this column's), `levelCount` being this column's count of levels once `other`'s are added.
    mutating func append(_ other: CodeStore, through map: [UInt32], levelCount: Int) {
        if isBytes && (levelCount > Int(CodeColumn.missingByte) || !other.isBytes) { widen() }
        let start = count, n = other.count
        appendMissing(n)
        map.withUnsafeBufferPointer { map in
            if isBytes {
                // Both in bytes: every mapped code is below 255.
                bytes.withUnsafeMutableBufferPointer { out in
                    other.bytes.withUnsafeBufferPointer { src in
                        for i in 0..<n {
                            let c = src[i]
                            out[start &+ i] = c == CodeColumn.missingByte ? c : UInt8(truncatingIfNeeded: map[Int(c)])
                        }
                    }
                }
            } else if other.isBytes {
                words.withUnsafeMutableBufferPointer { out in
                    other.bytes.withUnsafeBufferPointer { src in
                        for i in 0..<n {
                            let c = src[i]
                            out[start &+ i] = c == CodeColumn.missingByte ? Column.missingCode : map[Int(c)]
                        }
                    }
                }
            } else {
                words.withUnsafeMutableBufferPointer { out in
                    other.words.withUnsafeBufferPointer { src in
                        for i in 0..<n { let c = src[i]; out[start &+ i] = c == Column.missingCode ? c : map[Int(c)] }
                    }
                }
            }
        }
    }

    /// The code of row `i` (`Column.missingCode` for a missing value).
    subscript(i: Int) -> UInt32 {
        if isBytes { return bytes[i] == CodeColumn.missingByte ? Column.missingCode : UInt32(bytes[i]) }
        return words[i]
    }

    /// The stored codes as a column (bytes stay bytes).
    func column(levelCount: Int) -> CodeColumn {
        isBytes ? CodeColumn(bytes: bytes) : CodeColumn(words, levelCount: levelCount)
    }

    /// From one byte a code to 32 bits, for a column past 255 levels.
    private mutating func widen() {
        words = [UInt32](unsafeUninitializedCapacity: max(bytes.capacity, bytes.count)) { out, n in
            for i in 0..<bytes.count {
                let b = bytes[i]
                out[i] = b == CodeColumn.missingByte ? Column.missingCode : UInt32(b)
            }
            n = bytes.count
        }
        bytes = []
        isBytes = false
    }
}
