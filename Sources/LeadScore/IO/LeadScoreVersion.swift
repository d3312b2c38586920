/// The version written into every model file and spec, and printed by `--version`.
public enum LeadScoreVersion {
    public static let current = "0.1.0"
}
