import Foundation

/// Scores one raw lead record with a model, term by term, without building a design matrix.
///
/// For each feature f the contribution to the log-odds is c_f = Σ_{j∈f} β_j·(x_j − m_j), m_j the term's
/// training mean, so that  η = β₀ + Σ_j β_j·m_j + Σ_f c_f  exactly. The reasons are the c_f of largest size.
struct RowScorer: Sendable {
    /// `event(f)`: feature f of the lead's activity (`EventValues`), looked up by its id; never missing.
    enum Kind: Sendable { case numeric(log1p: Bool), boolean, categorical, event(Int) }

    struct Slot: Sendable {
        let name: String
        let field: Int
        let kind: Kind
        let mean: Double, scale: Double
        let beta: Double
        let indicatorBeta: Double
        /// Σ_j β_j·m_j over the feature's terms.
        let centre: Double
        let missingBeta: Double
    }

    /// Plain values only, so reading a slot in the hot loop retains nothing.
    let slots: [Slot]
    /// Every categorical's raw levels in one table, salted by the slot index; `levelBetas` by code holds the
    /// β of the level's term (0 for the reference; β of (other) for folded levels).
    let levels: ByteInterner
    let levelBetas: [Double]
    /// Feature names' bytes one after another (feature f ends at nameEnds[f]), then "(missing)".
    let nameBytes: [UInt8]
    let nameEnds: [Int]
    public let intercept: Double
    /// β₀ + Σ_j β_j·m_j: the log-odds of a lead whose every term sits at its training mean.
    let baseline: Double
    /// Categorical values are lower-cased before they are looked up (`normalize: {case: lower}`).
    let foldsCase: Bool
    /// The leads' activity features, when the model has any.
    let events: EventValues?

    var featureNames: [String] { slots.map(\.name) }

    /// - Parameter events: the activity features of this file's leads (`EventLog.aggregate`), needed when the
    ///   model has `events:` features.
    /// With segment models: the segment column's field, each segment's scorer (same features, its own β), its
    /// levels (code k: segment k) and names (`region=emea`).
    let segmentField: Int
    let segmentScorers: [RowScorer]
    let segmentLevels: ByteInterner
    public let segmentNames: [String]

    public init(model: ModelFile, header: [String], file: String, events: EventValues? = nil) throws {
        try self.init(model: model, beta: model.beta, header: header, file: file, events: events)
    }

    private init(model: ModelFile, beta: [Double], header: [String], file: String, events: EventValues?, segment: Bool = true) throws {
        var index: [String: Int] = [:]
        for (i, name) in header.enumerated() { index[name] = i }
        var eventIndex: [String: Int] = [:]
        for (i, name) in (events?.names ?? []).enumerated() { eventIndex[name] = i }
        let fromEvents = model.encoder.features.map(\.name).filter { index[$0] == nil && $0.hasPrefix("events:") }
        if !fromEvents.isEmpty && events == nil {
            throw SpecError("the model uses activity from an event log (\(fromEvents[0])…); give the log of these leads with"
                + " --events FILE")
        }
        let lacking = model.encoder.features.map(\.name).filter { index[$0] == nil && eventIndex[$0] == nil }
        if !lacking.isEmpty {
            throw FileError.header(file: file, message: "the model needs \(lacking.count == 1 ? "column" : "columns") "
                + lacking.map { "'\($0)'" }.joined(separator: ", ") + ", which the file lacks; export them from the CRM")
        }
        var slots: [Slot] = []
        var interner = ByteInterner()
        var levelBetas: [Double] = []
        var termIndex = 1
        var centreSum = 0.0
        for f in model.encoder.features {
            let terms = f.terms.count
            let b = Array(beta[termIndex..<(termIndex + terms)])
            let m = Array(model.encoder.termMeans[(termIndex - 1)..<(termIndex - 1 + terms)])
            let centre = zip(b, m).reduce(0) { $0 + $1.0 * $1.1 }
            centreSum += centre
            var missingBeta = 0.0
            let salt = Int32(slots.count)
            let kind: Kind
            switch f.type {
            case .numeric where index[f.name] == nil: kind = .event(eventIndex[f.name]!)
            case .numeric: kind = .numeric(log1p: f.transform == .log1p)
            case .boolean: kind = .boolean
            case .categorical:
                kind = .categorical
                let other = f.levels.firstIndex(of: EncodedFeature.other).map { b[$0] } ?? 0
                for (k, level) in f.levels.enumerated() where level != EncodedFeature.other {
                    if level == EncodedFeature.missingLevel { missingBeta = b[k]; continue }
                    _ = interner.code(level, salt: salt); levelBetas.append(b[k])
                }
                for level in f.folded { _ = interner.code(level, salt: salt); levelBetas.append(other) }
                if let r = f.reference, r != EncodedFeature.missingLevel, r != EncodedFeature.other {
                    _ = interner.code(r, salt: salt); levelBetas.append(0)
                }
            }
            slots.append(Slot(name: f.name, field: index[f.name] ?? -1, kind: kind, mean: f.mean, scale: f.scale,
                              beta: f.type == .categorical ? 0 : b[0],
                              indicatorBeta: f.type != .categorical && f.missingIndicator ? b[1] : 0,
                              centre: centre, missingBeta: missingBeta))
            termIndex += terms
        }
        self.slots = slots
        levels = interner
        self.levelBetas = levelBetas
        nameBytes = slots.flatMap { Array($0.name.utf8) } + Array(EncodedFeature.missingLevel.utf8)
        nameEnds = slots.indices.map { f in slots[...f].reduce(0) { $0 + $1.name.utf8.count } }
        intercept = beta[0]
        baseline = beta[0] + centreSum
        foldsCase = model.spec.foldsCase
        self.events = fromEvents.isEmpty ? nil : events
        if segment, let seg = model.segments, !seg.models.isEmpty {
            guard let f = index[seg.by] else {
                throw FileError.header(file: file, message: "the model has segment models by '\(seg.by)', a column the file lacks;"
                    + " export it from the CRM")
            }
            segmentField = f
            var levels = ByteInterner()
            for m in seg.models { _ = levels.code(m.level) }
            segmentLevels = levels
            segmentScorers = try seg.models.map { try RowScorer(model: model, beta: $0.beta, header: header, file: file, events: events, segment: false) }
            segmentNames = seg.models.indices.map(seg.name)
        } else {
            segmentField = -1
            segmentLevels = ByteInterner()
            segmentScorers = []
            segmentNames = []
        }
    }

    /// The segment model a record uses (an index into `segmentScorers`), nil for the global model.
    @inline(__always)
    func segment(_ record: borrowing CSVRecord) -> Int? {
        guard segmentField >= 0 else { return nil }
        let f = record[segmentField]
        return foldsCase ? CaseFold.withFolded(f) { segmentLevels.find($0) } : segmentLevels.find(f)
    }

    /// The log-odds of a lead whose every term sits at its training mean, by the model `segment` found for it
    /// (nil: the global one).
    func baseline(model: Int?) -> Double { model.map { segmentScorers[$0].baseline } ?? baseline }

    /// Counters for the run summary.
    struct Counts: Sendable {
        var unseen = 0
        var imputed = 0
        /// The features with an unseen level, a bit each (`unseenBit`).
        var unseenFeatures: UInt64 = 0
    }

    /// Feature k's bit in `Counts.unseenFeatures`: its own for the first 63, the last bit for any after.
    @inline(__always)
    static func unseenBit(_ k: Int) -> UInt64 { 1 << UInt64(min(k, 63)) }

    /// The log-odds of `record`, filling `contributions` (one per feature); a reason when it cannot be scored.
    public func score(_ record: borrowing CSVRecord, missing: ValueRules, contributions c: inout [Double],
                      counts: inout Counts) -> (eta: Double, problem: String?) {
        score(record, model: segment(record), missing: missing, contributions: &c, counts: &counts)
    }

    /// `score` by the model `segment` found for the record (nil: the global one), so that a caller that needs
    /// it too looks it up once.
    func score(_ record: borrowing CSVRecord, model: Int?, missing: ValueRules, contributions c: inout [Double],
               counts: inout Counts) -> (eta: Double, problem: String?) {
        if let k = model { return segmentScorers[k].score(record, model: nil, missing: missing, contributions: &c, counts: &counts) }
        var eta = baseline
        let lead = events.flatMap { $0.lead(record[$0.idField], missing: missing) }
        // Through pointers: writing `c[k]` checked the array's uniqueness for every feature of every lead.
        return c.withUnsafeMutableBufferPointer { c in
            slots.withUnsafeBufferPointer { slots -> (Double, String?) in
                for k in slots.indices {
                    let (value, problem) = slotValue(slots, k, record, lead: lead, missing: missing, counts: &counts)
                    if let problem { return (0, problem) }
                    c[k] = value
                    eta += value
                }
                return (eta, nil)
            }
        }
    }

    /// Feature k's contribution c_k to the log-odds of `record` (which `score` found scorable), by the model
    /// `segment` found for it (nil: the global one): the value `score` puts in `contributions[k]`, from the same
    /// arithmetic.
    func contribution(_ k: Int, _ record: borrowing CSVRecord, model: Int?, missing: ValueRules) -> Double {
        if let s = model { return segmentScorers[s].contribution(k, record, model: nil, missing: missing) }
        var counts = Counts()
        let lead: Int? = if case .event = slots[k].kind { events!.lead(record[events!.idField], missing: missing) } else { nil }
        return slots.withUnsafeBufferPointer { slotValue($0, k, record, lead: lead, missing: missing, counts: &counts).value }
    }

    /// One slot's contribution, or why the record cannot be scored.
    /// Reads the slot's fields in place: a copy of the `Slot` would retain its name for every feature of every lead.
    @inline(__always)
    private func slotValue(_ slots: UnsafeBufferPointer<Slot>, _ k: Int, _ record: borrowing CSVRecord, lead: Int?,
                           missing: ValueRules, counts: inout Counts) -> (value: Double, problem: String?) {
        if case .event(let e) = slots[k].kind {
            return (slots[k].beta * (events!.value(lead: lead, feature: e) - slots[k].mean) / slots[k].scale - slots[k].centre, nil)
        }
        let f = record[slots[k].field]
        if missing.isMissing(f) {
            counts.imputed += 1
            switch slots[k].kind {
            case .numeric, .event: return (slots[k].indicatorBeta - slots[k].centre, nil)
            case .boolean: return (slots[k].beta * slots[k].mean + slots[k].indicatorBeta - slots[k].centre, nil)
            case .categorical: return (slots[k].missingBeta - slots[k].centre, nil)
            }
        }
        switch slots[k].kind {
        case .numeric(let useLog):
            guard var v = missing.number(f) else { return (0, "column '\(slots[k].name)': \"\(text(f))\" is not a number") }
            guard v.isFinite else { return (0, "column '\(slots[k].name)': \"\(text(f))\" is not a finite number") }
            if useLog {
                guard v > -1 else { return (0, "column '\(slots[k].name)': log1p needs a value above -1, not \(text(f))") }
                v = log1p(v)
            }
            return (slots[k].beta * (v - slots[k].mean) / slots[k].scale - slots[k].centre, nil)
        case .boolean:
            guard let b = BooleanTokens.value(f) else {
                return (0, "column '\(slots[k].name)': \"\(text(f))\" is not a boolean (\(BooleanTokens.spelled))")
            }
            return ((b ? slots[k].beta : 0) - slots[k].centre, nil)
        case .categorical:
            let found = foldsCase ? CaseFold.withFolded(f) { levels.find($0, salt: Int32(k)) } : levels.find(f, salt: Int32(k))
            if let code = found { return (levelBetas[code] - slots[k].centre, nil) }
            counts.unseen += 1
            counts.unseenFeatures |= Self.unseenBit(k)
            return (-slots[k].centre, nil)
        case .event: return (0, nil)
        }
    }

    private func text(_ f: UnsafeBufferPointer<UInt8>) -> String { String(decoding: f, as: UTF8.self) }
}
