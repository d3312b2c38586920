import Foundation

/// Cores to use for work split across threads.
public enum Cores {
    public static let count = max(1, min(8, ProcessInfo.processInfo.activeProcessorCount))
}
