import Foundation

/// The activity log `synth --events` writes beside the synthetic leads, with a known effect on conversion.
///
/// Each lead (latent engagement e) has, in the 90 days from 30 days before it was created to 60 days after,
/// Poisson(μ_t·exp(a_t·e)) events of each type t at uniform times (whole seconds; a tenth written as a date
/// only, a fifth with a +02:00 offset, some pairs at the same second). Its as-of time is its creation + 30
/// days (`snapshot_days: 30`), and the history's outcome adds to the leads' log-odds
///
///     Σ_t w_t · Σ_{events of type t before as-of} 2^(−age_days / h_t) − 1      (h = 30 days, 90 for meeting)
///
/// with the weights below (the −1 keeps the base rate near the history's without a log). A converted lead also
/// gets two `meeting` events in the 30 days after its as-of time (the contract and onboarding calls): activity
/// after the outcome, which a leak-free model must not see.
struct SyntheticEvents {
    static let types: [(name: String, rate: Double, slope: Double, weight: Double, halfLife: Double)] = [
        ("email_click", 4.0, 0.4, 0.2, 30), ("page_view:pricing", 1.0, 0.7, 0.6, 30), ("form_fill", 0.6, 0.3, 0.4, 30),
        ("webinar", 0.3, 0.5, 0.5, 30), ("meeting", 0.25, 0.8, 1.0, 90),
    ]
    static let snapshotDays = 30.0
    static let header = ["lead_id", "activity_type", "occurred_at"]

    /// One event: type index, time (seconds since 1970, as written) and its text.
    struct Event { var type: Int; var time: Double; var text: String }

    /// The lead's events before and after its as-of time (history) or before `asOf` (new leads), and their
    /// effect on the log-odds at the as-of time.
    static func draw(created: Double, asOf: Double, engagement e: Double, window: (Double, Double),
                     rng: inout SeededGenerator) -> (events: [Event], effect: Double) {
        var events: [Event] = []
        var effect = -1.0
        for (t, type) in types.enumerated() {
            let n = SyntheticLeads.poisson(type.rate * exp(type.slope * e), &rng)
            for _ in 0..<n {
                let time = (window.0 + rng.uniform() * (window.1 - window.0)).rounded(.down)
                let event = written(type: t, time: time, rng: &rng)
                events.append(event)
                // A second event at the same second, now and then (ties in the log).
                if rng.uniform() < 0.05 { events.append(event) }
            }
        }
        for ev in events where ev.time < asOf {
            effect += types[ev.type].weight * exp2(-(asOf - ev.time) / 86_400 / types[ev.type].halfLife)
        }
        return (events, effect)
    }

    /// Activity after the outcome: two meetings in the 30 days after the as-of time.
    static func afterOutcome(asOf: Double, rng: inout SeededGenerator) -> [Event] {
        (0..<2).map { _ in written(type: 4, time: (asOf + 1 + rng.uniform() * 30 * 86_400).rounded(.down), rng: &rng) }
    }

    /// The event as a CRM would export it: mostly UTC date-times, some with an offset, some dates only (whose
    /// time is then midnight UTC).
    private static func written(type: Int, time: Double, rng: inout SeededGenerator) -> Event {
        let u = rng.uniform()
        if u < 0.1 {
            let midnight = (time / 86_400).rounded(.down) * 86_400
            return Event(type: type, time: midnight, text: ISODate.day(midnight))
        }
        if u < 0.3 {
            // The same instant written in UTC+2.
            let local = ISODate.dateTime(time + 7200)
            return Event(type: type, time: time, text: String(local.dropLast()) + "+02:00")
        }
        return Event(type: type, time: time, text: ISODate.dateTime(time))
    }
}
