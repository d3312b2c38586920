import Foundation

/// Deterministic synthetic CRM history with a known generating model (see datasets/README.md).
///
/// Each lead has a latent engagement e ~ N(0, 1) driving its behaviour counts; the outcome is Bernoulli with
///
///     logit P(converted) = −4.9 + industry + job_level + lead_source + 0.35·log10(revenue / 1e6)
///                          + 0.08·min(site_visits, 30) + 0.25·min(pricing_page_views, 10) + 0.05·email_clicks
///                          + 0.10·content_downloads + 0.20·webinars_attended + 1.2·demo + 0.8·trial
///                          − 1.8·unsubscribed − 0.02·days_since_last_activity + 0.7·budget + 0.5·decision_maker
///                          + 0.6·need + 0.5·[timeline ≤ 90] + 0.2·[corporate email]
///
/// (the BANT terms count only when the field is known and yes). The same seed gives the same file.
public struct SyntheticLeads {
    public var rows: Int
    public var seed: UInt64
    /// New leads: no outcome column, ids prefixed N, dated in the month after the history, plus two rows with
    /// bad values (to show rejects).
    public var newLeads: Bool
    /// Also write an activity log (`SyntheticEvents`), whose decayed counts then enter the history's outcome.
    public var events: Bool

    public init(rows: Int, seed: UInt64, newLeads: Bool = false, events: Bool = false) {
        self.rows = rows
        self.seed = seed
        self.newLeads = newLeads
        self.events = events
    }

    public static let header = ["lead_id", "created_date", "industry", "employees", "annual_revenue", "region",
                                "job_level", "lead_source", "site_visits", "pricing_page_views", "email_clicks",
                                "content_downloads", "webinars_attended", "demo_requested", "trial_started",
                                "unsubscribed", "days_since_last_activity", "budget_confirmed", "decision_maker",
                                "need_identified", "purchase_timeline_days", "email_domain", "converted"]

    static let industries: [(String, Double, Double)] = [("software", 0.24, 0.5), ("finance", 0.16, 0.3),
        ("healthcare", 0.14, 0.1), ("manufacturing", 0.16, -0.1), ("retail", 0.12, -0.3), ("education", 0.10, -0.5),
        ("Select", 0.05, 0), ("", 0.02, 0), ("Software ", 0.01, 0.5)]
    static let levels: [(String, Double, Double, Double)] = [("individual", 0.35, -0.4, 0.05), ("manager", 0.30, 0, 0.15),
        ("director", 0.18, 0.3, 0.4), ("vp", 0.10, 0.5, 0.6), ("c_level", 0.07, 0.6, 0.8)]
    static let sources: [(String, Double, Double)] = [("web", 0.40, 0), ("paid", 0.20, -0.2), ("outbound", 0.15, -0.3),
        ("event", 0.15, 0.2), ("referral", 0.10, 0.6)]
    static let regions: [(String, Double)] = [("americas", 0.45), ("emea", 0.30), ("apac", 0.20), ("latam", 0.05)]
    static let timelines: [(Int, Double)] = [(30, 0.15), (60, 0.2), (90, 0.25), (180, 0.25), (365, 0.15)]

    /// Writes the CSV through `sink` in pieces of about 1 MB (and, with `events`, the activity log through
    /// `eventSink`); `progress` hears how far it is.
    public func write(progress: ((String) -> Void)? = nil, eventSink: (([UInt8]) throws -> Void)? = nil,
                      _ sink: ([UInt8]) throws -> Void) throws {
        // Progress counts rows for both its measures (the total is in rows).
        let meter = progress.map { ProgressMeter("writing", totalBytes: Int64(rows), report: $0) }
        var reported = 0
        var rng = SeededGenerator(seed: seed)
        var w = CSVWriter()
        w.row(newLeads ? Array(Self.header.dropLast()) : Self.header)
        var log = CSVWriter()
        log.row(SyntheticEvents.header)
        let firstDay = ISODate.daysFromCivil(2024, 11, 1) + (newLeads ? 730 : 0)
        let span = newLeads ? 30 : 730
        for i in 0..<rows {
            var cells = lead(i, day: firstDay + i * span / max(1, rows), rng: &rng, activityLog: &log)
            if newLeads && i == 137 { cells[3] = "about 50" }
            if newLeads && i == 612 { cells[4] = "1e999" }
            if newLeads { cells.removeLast() }
            w.row(cells)
            if w.bytes.count > 1 << 20 {
                try sink(w.bytes)
                w.bytes.removeAll(keepingCapacity: true)
                meter?.add(rows: i + 1 - reported, bytes: i + 1 - reported)
                reported = i + 1
            }
            if log.bytes.count > 1 << 20 {
                try eventSink?(log.bytes)
                log.bytes.removeAll(keepingCapacity: true)
            }
        }
        try sink(w.bytes)
        if events { try eventSink?(log.bytes) }
    }

    private func lead(_ i: Int, day: Int, rng: inout SeededGenerator, activityLog: inout CSVWriter) -> [String] {
        let e = rng.normal()
        let id = (newLeads ? "N" : "L") + String(format: "%07d", i + 1)
        let industry = pick(Self.industries.map { ($0.0, $0.1) }, &rng)
        let level = pick(Self.levels.map { ($0.0, $0.1) }, &rng)
        let source = pick(Self.sources.map { ($0.0, $0.1) }, &rng)
        let region = pick(Self.regions, &rng)
        let employees = max(1, Int(exp(4.5 + 1.5 * rng.normal()).rounded()))
        let revenue = (Double(employees) * exp(11.8 + 0.5 * rng.normal()) / 1000).rounded() * 1000
        let visits = Self.poisson(exp(1.5 + 0.5 * e), &rng)
        let pricing = Self.poisson(exp(-0.5 + 0.7 * e), &rng)
        let clicks = Self.poisson(exp(0.5 + 0.4 * e), &rng)
        let downloads = Self.poisson(exp(-0.7 + 0.5 * e), &rng)
        let webinars = Self.poisson(exp(-1.5 + 0.5 * e), &rng)
        let demo = rng.uniform() < Logistic.sigmoid(-2.2 + 0.9 * e)
        let trial = rng.uniform() < Logistic.sigmoid(-2.5 + 0.8 * e)
        let unsubscribed = rng.uniform() < 0.05
        let idle = Int(-log(max(rng.uniform(), 1e-12)) * 30 * exp(-0.3 * e))
        let budget: Bool? = rng.uniform() < 0.3 ? nil : rng.uniform() < Logistic.sigmoid(-0.5 + 0.8 * log10(revenue / 1e6))
        let maker: Bool? = rng.uniform() < 0.25 ? nil : rng.uniform() < Self.levels.first { $0.0 == level }!.3
        let need: Bool? = rng.uniform() < 0.3 ? nil : rng.uniform() < Logistic.sigmoid(-0.3 + 0.6 * e)
        let timeline: Int? = rng.uniform() < 0.4 ? nil : Int(pick(Self.timelines.map { (String($0.0), $0.1) }, &rng))!
        let corporate = rng.uniform() < 0.8
        var eta = -4.9 + Self.industries.first { $0.0 == industry }!.2 + Self.levels.first { $0.0 == level }!.2
            + Self.sources.first { $0.0 == source }!.2 + 0.35 * log10(revenue / 1e6)
        eta += 0.08 * Double(min(visits, 30)) + 0.25 * Double(min(pricing, 10)) + 0.05 * Double(clicks)
            + 0.10 * Double(downloads) + 0.20 * Double(webinars)
        eta += (demo ? 1.2 : 0) + (trial ? 0.8 : 0) - (unsubscribed ? 1.8 : 0) - 0.02 * Double(idle)
        eta += (budget == true ? 0.7 : 0) + (maker == true ? 0.5 : 0) + (need == true ? 0.6 : 0)
            + ((timeline ?? 999) <= 90 ? 0.5 : 0) + (corporate ? 0.2 : 0)
        // The activity log draws from its own generator (one per lead), so the leads' other columns are the
        // same with and without it.
        var activity: [SyntheticEvents.Event] = []
        var eventRNG = SeededGenerator(seed: seed &* 0x2545_F491_4F6C_DD1D &+ UInt64(i))
        let created = Double(day) * 86_400
        // New leads are scored on the day after the last of them; history leads are judged 30 days after creation.
        let asOf = newLeads ? Double(ISODate.daysFromCivil(2024, 11, 1) + 760) * 86_400 : created + SyntheticEvents.snapshotDays * 86_400
        if events {
            let window = newLeads ? (created - 30 * 86_400, asOf) : (created - 30 * 86_400, created + 60 * 86_400)
            let (drawn, effect) = SyntheticEvents.draw(created: created, asOf: asOf, engagement: e, window: window, rng: &eventRNG)
            activity = drawn
            eta += effect
        }
        let converted = rng.uniform() < Logistic.sigmoid(eta)
        if events {
            if converted && !newLeads { activity += SyntheticEvents.afterOutcome(asOf: asOf, rng: &eventRNG) }
            for ev in activity.sorted(by: { $0.time < $1.time }) {
                activityLog.row([id, SyntheticEvents.types[ev.type].name, ev.text])
            }
        }
        let yesNo = { (b: Bool?) in b.map { $0 ? "yes" : "no" } ?? "" }
        return [
            id, ISODate.day(Double(day) * 86_400), industry,
            rng.uniform() < 0.03 ? "" : String(employees), rng.uniform() < 0.05 ? "" : NumberFormat.shortest(revenue),
            region, level, source, String(visits), String(pricing), String(clicks), String(downloads), String(webinars),
            String(demo), String(trial), String(unsubscribed), String(idle), yesNo(budget), yesNo(maker), yesNo(need),
            timeline.map(String.init) ?? "", corporate ? "corporate" : "free", converted ? "1" : "0",
        ]
    }

    private func pick(_ options: [(String, Double)], _ rng: inout SeededGenerator) -> String {
        var u = rng.uniform() * options.reduce(0) { $0 + $1.1 }
        for (value, weight) in options {
            if u < weight { return value }
            u -= weight
        }
        return options[options.count - 1].0
    }

    static func poisson(_ lambda: Double, _ rng: inout SeededGenerator) -> Int {
        let limit = exp(-min(lambda, 30))
        var k = 0, p = 1.0
        while true {
            p *= rng.uniform()
            if p < limit || k > 200 { return k }
            k += 1
        }
    }
}
