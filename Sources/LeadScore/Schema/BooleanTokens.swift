/// The spellings of true and false that leadscore accepts in data, in any case.
///
/// A column is boolean when its values are one of these pairs and nothing else: true/false, yes/no,
/// y/n, 1/0.
public enum BooleanTokens {
    public static let pairs: [(yes: String, no: String)] = [("true", "false"), ("yes", "no"), ("y", "n"), ("1", "0")]

    /// true or false for any token of any pair (case-insensitive); nil otherwise.
    public static func value(of s: String) -> Bool? {
        let l = s.lowercased()
        for p in pairs {
            if l == p.yes { return true }
            if l == p.no { return false }
        }
        return nil
    }

    /// Whether every one of `levels` belongs to one and the same pair.
    public static func formOnePair(_ levels: [String]) -> Bool {
        let lowered = Set(levels.map { $0.lowercased() })
        return pairs.contains { lowered.isSubset(of: [$0.yes, $0.no]) } && !lowered.isEmpty
    }
}
