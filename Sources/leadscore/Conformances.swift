import ArgumentParser
import LeadScore

// The library's enum-like settings, parsed by the argument parser itself: a bad value is refused with the
// list of valid ones (exit 64) before any work.
extension ClassWeight: ExpressibleByArgument {}
extension ScoreOptions.Format: ExpressibleByArgument {}
