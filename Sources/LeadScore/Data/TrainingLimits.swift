/// Defaults that both inference (which warns) and training (which refuses) apply.
public enum TrainingLimits {
    /// Levels a categorical may keep after folding, unless `--max-levels` or `max_levels:` says otherwise.
    public static let maxLevels = 1000
}
