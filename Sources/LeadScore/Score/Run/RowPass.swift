import Foundation

/// The per-row work of a `ScoringPass`: score, gates, label; and the two ways of running it over a file.
struct RowPass {
    let scorer: RowScorer
    let policy: Policy?
    let missing: ValueRules
    let width: Int
    let label: LabelMatch?
    /// Whether to keep each lead's unknown-gate mask (`score` recomputes gate states in its second pass).
    var keepUnknowns = true
    /// Progress on a terminal, when someone watches.
    var meter: ProgressMeter?
    /// The id field and the sketch's threshold: ids hashing at most to it are kept in `ScoringPass.idSample`.
    var idSample: (field: Int, threshold: UInt64)?
    /// When the policy's tiers have group conditions or the output shows sub-scores: each lead's are kept.
    var subScores: SubScores?
    /// Per lead, the features of its `reasons` largest contributions are kept (`score`'s second pass then
    /// computes only those); 0: none.
    var reasons = 0
    /// The id's field and name, and why a lead without one is set aside: a CRM import (`--format
    /// hubspot|salesforce`) could not match it to its record; in the other formats the id is all that says which
    /// lead an output row is.
    var requiredID: (field: Int, name: String, why: String)?
    /// The id field whose value's hash is kept per scored lead (`ScoringPass.idHashes`), for finding ids that
    /// repeat (`score`).
    var hashedID: Int?

    /// A part holding more rejected rows than this gives up on parts (the sequential pass streams them).
    static let maxHeldRejects = 10_000
    struct TooManyRejects: Error {}

    struct RowResult {
        var probability = 0.0
        var problem: String?
        var pass: UInt32 = 0
        var unknown: UInt32 = 0
        var disqualified = false
        var label = Double.nan
        var unseen = 0
        var unseenFeatures: UInt64 = 0
        var imputed = 0
        var idHash: UInt64?
        var leadHash: UInt64 = 0
        var groups: UInt64 = 0
        var model: Int16 = -1
    }

    func result(_ record: borrowing CSVRecord, contributions: inout [Double], top: UnsafeMutableBufferPointer<UInt16>) -> RowResult {
        var r = RowResult()
        if record.count != width {
            r.problem = "the row has \(record.count) fields but the header has \(width)"
            return r
        }
        // A spreadsheet's empty row (`,,,,`: Excel writes one for every row below the data it has formatted) is no
        // lead: scored, it was written out and ranked as one with every value imputed and no id.
        if Self.isEmpty(record) {
            r.problem = "the row is empty: no field has a value (a spreadsheet writes such rows below its data)"
            return r
        }
        if let id = requiredID, missing.isMissing(record[id.field]) {
            r.problem = "no \(id.why)"
            return r
        }
        var counts = RowScorer.Counts()
        // The segment model looked up once for the score, the sub-scores' baseline and the pass's record of it.
        let model = scorer.segment(record)
        let (eta, problem) = scorer.score(record, model: model, missing: missing, contributions: &contributions, counts: &counts)
        if let problem { r.problem = problem; return r }
        r.probability = Logistic.sigmoid(eta)
        if top.count > 0 { contributions.withUnsafeBufferPointer { _ = RowScorer.topReasons($0, k: top.count, into: top) } }
        if let subScores { r.groups = subScores.packed(contributions, baseline: scorer.baseline(model: model)) }
        if scorer.segmentField >= 0 { r.model = Int16(model ?? -1) }
        r.unseen = counts.unseen
        r.unseenFeatures = counts.unseenFeatures
        r.imputed = counts.imputed
        // Optional chaining borrows the policy; `if let` copied it (and retained its arrays) per row.
        if let m = policy?.evaluate(record, missing: missing) { (r.pass, r.unknown, r.disqualified) = m }
        if let s = idSample, !missing.isMissing(record[s.field]) {
            let h = IDHash.of(record[s.field])
            if h <= s.threshold { r.idHash = h }
        }
        if let f = hashedID { r.leadHash = IDHash.quick(record[f]) }
        if let label { r.label = label.value(record[label.index], missing: missing) }
        return r
    }

    /// Whether every field of `record` is empty (quoted or not).
    static func isEmpty(_ record: borrowing CSVRecord) -> Bool {
        for i in 0..<record.count where record[i].count > 0 { return false }
        return true
    }

    /// A batch's results and top reasons, kept from one batch to the next by whoever reads the batches in
    /// sequence: made per batch (about a megabyte), they came fresh from the OS each time (on the sample bench
    /// file 21,000 of score's 76,000 page faults).
    final class BatchScratch {
        var results: [RowResult] = []
        var tops: [UInt16] = []
    }

    /// Scores one batch (on `cores` threads) and adds its rows to `pass` in order, with `scratch`'s arrays.
    func absorb(_ batch: CSVBatch, firstRow: Int, into pass: inout ScoringPass, cores: Int, scratch: BatchScratch,
                onReject: (ScoringPass.RejectedRow) throws -> Void) throws {
        let n = batch.count
        if let meter { meter.add(rows: n, bytes: batch.meta.reduce(0) { $0 + $1.length }) }
        let features = scorer.featureNames.count
        let k = min(reasons, features)
        // Every result below n is set by the loop; the reasons are zeroed as when made.
        if scratch.results.count < n { scratch.results = [RowResult](repeating: RowResult(), count: n) }
        if scratch.tops.count < n * k { scratch.tops = [UInt16](repeating: 0, count: n * k) }
        scratch.tops.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        if let policy, pass.passes.isEmpty {
            let width = GateMasks.width(gates: policy.gates.count)
            pass.passes.use(width: width)
            pass.unknowns.use(width: width)
        }
        try absorb(batch, firstRow: firstRow, into: &pass, cores: cores, k: k, features: features,
                   results: &scratch.results, tops: &scratch.tops, onReject: onReject)
    }

    private func absorb(_ batch: CSVBatch, firstRow: Int, into pass: inout ScoringPass, cores: Int, k: Int, features: Int,
                        results: inout [RowResult], tops: inout [UInt16],
                        onReject: (ScoringPass.RejectedRow) throws -> Void) throws {
        let n = batch.count
        results.withUnsafeMutableBufferPointer { buffer in
            tops.withUnsafeMutableBufferPointer { tops in
                let out = buffer, tops = tops
                batch.parallel(parts: cores) { _, range in
                    var contributions = [Double](repeating: 0, count: features)
                    for i in range {
                        let top = UnsafeMutableBufferPointer(rebasing: tops[(i * k)..<(i * k + k)])
                        out[i] = batch.withRecord(i) { result($0, contributions: &contributions, top: top) }
                    }
                }
            }
        }
        // The last value read as not converted, as written: a row whose value differs is looked at again.
        var other: [UInt8] = []
        // Through pointers: copying each result retained its problem's text, and each slice of `tops` retained
        // and released the array.
        try results.withUnsafeBufferPointer { results in
            try tops.withUnsafeBufferPointer { tops in
                for i in 0..<n {
                    if let problem = results[i].problem {
                        try batch.withRecord(i) { try onReject(.init(line: $0.line, fields: $0.allStrings(), reason: problem)) }
                        pass.rejected.append(firstRow + i)
                        continue
                    }
                    let r = UnsafePointer(results.baseAddress! + i)
                    pass.probabilities.append(r.pointee.probability)
                    if k > 0 { pass.reasons.append(contentsOf: UnsafeBufferPointer(rebasing: tops[(i * k)..<(i * k + k)])) }
                    pass.unseen += r.pointee.unseen
                    if r.pointee.unseenFeatures != 0 { pass.countUnseen(r.pointee.unseenFeatures) }
                    pass.imputed += r.pointee.imputed
                    if policy != nil {
                        pass.passes.append(r.pointee.pass)
                        if keepUnknowns { pass.unknowns.append(r.pointee.unknown) }
                        pass.disqualified.append(r.pointee.disqualified)
                    }
                    if subScores != nil { pass.groupScores.append(r.pointee.groups) }
                    if scorer.segmentField >= 0 { pass.models.append(r.pointee.model) }
                    if let label {
                        pass.labels.append(r.pointee.label)
                        if r.pointee.label == 0 {
                            batch.withRecord(i) { record in
                                let f = record[label.index]
                                if !f.elementsEqual(other) {
                                    other = Array(f)
                                    pass.noteOtherLabel(String(decoding: f, as: UTF8.self))
                                }
                            }
                        }
                    }
                    if let h = r.pointee.idHash { pass.idSample.append(h) }
                    if hashedID != nil { pass.idHashes.append(r.pointee.leadHash) }
                }
            }
        }
    }

    /// The pass with the file cut at line breaks into `parts` parts read at once; nil when a cut fell inside
    /// a quoted field, a part failed, or a part held too many rejected rows (the caller then reads the file
    /// in one sequence, which also reports any error at its place).
    func inParts(_ whole: CSVReader, parts: Int) -> (ScoringPass, [ScoringPass.RejectedRow])? {
        guard let cuts = CSVReader.cuts(whole, from: whole.dataOffset, parts: parts), cuts.count > 2 else { return nil }
        let merged = PartMerger(parts: cuts.count - 1, base: whole.line - 1)
        Cores.perform(cuts.count - 1) { k in
            var part = PartMerger.Part()
            let scratch = BatchScratch()
            do {
                // Lines count from 1 in each part; they are shifted once the parts before are known.
                let reader = try CSVReader(segmentOf: whole, from: cuts[k], to: cuts[k + 1], line: 1)
                try reader.forEachBatch { batch in
                    part.pass.checkpoints.append(.init(offset: batch.offset, line: batch.line, ordinal: part.rows))
                    try absorb(batch, firstRow: part.rows, into: &part.pass, cores: 1, scratch: scratch) { row in
                        if part.rejects.count >= Self.maxHeldRejects { throw TooManyRejects() }
                        part.rejects.append(row)
                    }
                    // Room from the first batch's bytes per row: for the whole file in the first part (the others
                    // are appended to it), for its own stretch in each other (grown by doubling, their arrays were
                    // copied at each step: 2,500 of score's page faults on the sample bench file).
                    if part.rows == 0 {
                        let bytesPerRow = Double(batch.meta.reduce(0) { $0 + $1.length }) / Double(batch.count)
                        let bytes = k == 0 ? whole.dataEnd - cuts[0] : cuts[k + 1] - cuts[k]
                        let estimate = Double(bytes) / max(1, bytesPerRow) * 1.1
                        part.pass.reserve(Int(estimate) + 16, gates: policy?.gates.count, unknowns: keepUnknowns,
                                          labels: label != nil, groups: subScores != nil,
                                          reasons: min(reasons, scorer.featureNames.count), ids: hashedID != nil)
                    }
                    part.rows += batch.count
                }
                // Ending exactly at the next cut (the reader consumed its stretch with no open quote).
                part.lines = reader.line - 1
                part.ok = true
            } catch {}
            merged.finish(k, part)
        }
        whole.spares.release()
        guard let (joined, rejects) = merged.result else { return nil }
        var pass = joined
        pass.dataEnd = whole.dataEnd
        return (pass, rejects)
    }
}

/// Joins the parts of a pass in file order as they finish: the first part reserved room for the whole file
/// (estimated from its first batch; untouched room costs no memory) and each next part is appended to it
/// as soon as the parts before it are in, so that only the parts still waiting for an earlier one are held
/// twice (joining them all at the end held nearly the whole pass twice with many parts).
final class PartMerger: @unchecked Sendable {  // its state is only touched under the lock
    struct Part {
        var pass = ScoringPass()
        var rejects: [ScoringPass.RejectedRow] = []
        var rows = 0
        var lines = 0
        var ok = false
    }

    private let lock = NSLock()
    private var waiting: [Part?]
    private var next = 0
    private var failed = false
    private var pass = ScoringPass()
    private var rejects: [ScoringPass.RejectedRow] = []
    private var rows = 0, lines: Int

    /// - Parameter base: the line before the first part's first line.
    init(parts: Int, base: Int) {
        waiting = Array(repeating: nil, count: parts)
        lines = base
    }

    func finish(_ k: Int, _ part: Part) {
        lock.lock()
        defer { lock.unlock() }
        waiting[k] = part
        while next < waiting.count, let p = waiting[next] {
            waiting[next] = nil
            next += 1
            if failed || !p.ok { failed = true; continue }
            rejects += p.rejects.map { .init(line: $0.line + lines, fields: $0.fields, reason: $0.reason) }
            if next == 1 {
                pass = p.pass
                pass.checkpoints = pass.checkpoints.map { .init(offset: $0.offset, line: $0.line + lines, ordinal: $0.ordinal) }
            } else {
                pass.append(p.pass, rows: rows, lines: lines)
            }
            rows += p.rows
            lines += p.lines
        }
    }

    /// The joined pass and its rejected rows; nil when a part failed.
    var result: (ScoringPass, [ScoringPass.RejectedRow])? {
        lock.lock()
        defer { lock.unlock() }
        return failed || next < waiting.count ? nil : (pass, rejects)
    }
}
