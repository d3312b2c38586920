/// The spellings of true and false that leadscore accepts in data, in any case.
///
/// A column is boolean when its values are one of these pairs and nothing else: true/false, yes/no,
/// y/n, t/f, 1/0. t/f is how PostgreSQL writes a boolean in text (`COPY … CSV`, `psql --csv`): a lead
/// table piped from a warehouse CLI had every row set aside (issue 14's unseen files).
enum BooleanTokens {
    static let pairs: [(yes: String, no: String)] = [("true", "false"), ("yes", "no"), ("y", "n"), ("t", "f"), ("1", "0")]

    /// The pairs as messages name them: "true/false, yes/no, y/n, t/f, 1/0".
    static let spelled = pairs.map { "\($0.yes)/\($0.no)" }.joined(separator: ", ")

    /// true or false for any token of any pair (case-insensitive); nil otherwise.
    public static func value(of s: String) -> Bool? {
        let l = s.lowercased()
        for p in pairs {
            if l == p.yes { return true }
            if l == p.no { return false }
        }
        return nil
    }

    /// true or false for raw bytes, without building a string (case-insensitive); nil otherwise.
    @inline(__always)
    public static func value(_ b: UnsafeBufferPointer<UInt8>) -> Bool? {
        func lower(_ i: Int) -> UInt8 { b[i] | 0x20 }
        switch b.count {
        case 1:
            switch b[0] {
            case UInt8(ascii: "1"): return true
            case UInt8(ascii: "0"): return false
            default: break
            }
            switch lower(0) {
            case UInt8(ascii: "y"), UInt8(ascii: "t"): return true
            case UInt8(ascii: "n"), UInt8(ascii: "f"): return false
            default: return nil
            }
        case 2: return lower(0) == UInt8(ascii: "n") && lower(1) == UInt8(ascii: "o") ? false : nil
        case 3: return lower(0) == UInt8(ascii: "y") && lower(1) == UInt8(ascii: "e") && lower(2) == UInt8(ascii: "s") ? true : nil
        case 4:
            return lower(0) == UInt8(ascii: "t") && lower(1) == UInt8(ascii: "r") && lower(2) == UInt8(ascii: "u")
                && lower(3) == UInt8(ascii: "e") ? true : nil
        case 5:
            return lower(0) == UInt8(ascii: "f") && lower(1) == UInt8(ascii: "a") && lower(2) == UInt8(ascii: "l")
                && lower(3) == UInt8(ascii: "s") && lower(4) == UInt8(ascii: "e") ? false : nil
        default: return nil
        }
    }

    /// Whether every one of `levels` belongs to one and the same pair.
    static func formOnePair(_ levels: [String]) -> Bool {
        let lowered = Set(levels.map { $0.lowercased() })
        return pairs.contains { lowered.isSubset(of: [$0.yes, $0.no]) } && !lowered.isEmpty
    }
}
