import Foundation

/// One streaming pass that scores every row of a leads file and evaluates the policy's gates, on all cores.
/// Shared by `score` (its first pass), `evaluate`, `retrain` and `diff`.
///
/// The file is cut at line breaks into one part per core, each read by its own reader. A cut inside a quoted
/// field (a field holding a line break) shows as the part before it failing to end exactly at the cut, and
/// the pass is then made again as one sequential read whose batches are shared out to the cores.
struct ScoringPass {
    /// Per scored lead, in file order.
    var probabilities: [Double] = []
    /// With a policy: the gates that pass, and those unknown (every field they read missing).
    var passes = GateMasks()
    var unknowns = GateMasks()
    var disqualified: [Bool] = []
    /// Per scored lead when the policy's tiers have group conditions or the output shows sub-scores: the
    /// sub-scores, one byte per group.
    var groupScores: [UInt64] = []
    /// Per scored lead when asked (`reasons`): the features of its largest contributions, largest first,
    /// `reasonsPerLead` each.
    var reasons: [UInt16] = []
    var reasonsPerLead = 0
    /// Per scored lead with segment models: the segment model that scored it (−1: the global model).
    var models: [Int16] = []
    /// Per scored lead when a label column was asked for: 1, 0 or NaN (missing).
    var labels: [Double] = []
    /// The labels read as not converted, folded (`LabelResolver.folded`), in the order first seen; at most
    /// `maxOtherLabels` (one is expected: `evaluate` stops at two).
    private(set) var otherLabels: [String] = []
    static let maxOtherLabels = 11
    /// Id hashes at most the model sketch's threshold (evaluate's check for training rows).
    var idSample: [UInt64] = []
    /// Per scored lead when asked (`RowPass.hashedID`): its id's hash (`IDHash`), for finding repeated ids.
    var idHashes: [UInt64] = []
    /// Record ordinals (0-based, data rows) of the rejected rows, ascending.
    public var rejected: [Int] = []
    var unseen = 0
    /// Leads with an unseen level per feature (`RowScorer.unseenBit`: the last, in any feature after the 63rd); empty
    /// while there are none.
    var unseenByFeature: [Int] = []
    var imputed = 0
    /// Where each batch of the pass started, so that a second pass can read the file in parallel parts.
    var checkpoints: [Checkpoint] = []
    /// Where the records end (the end of the last part): the file's size, or where a report's footer starts.
    var dataEnd: Int64 = 0

    /// A record boundary: file offset, line number, and how many data rows come before it.
    struct Checkpoint: Sendable {
        var offset: Int64
        public var line: Int
        var ordinal: Int
    }

    /// A row that cannot be scored: its line, its fields (invalid UTF-8 replaced) and why.
    struct RejectedRow: Sendable {
        public var line: Int
        public var fields: [String]
        var reason: String
    }

    /// Up to `parts` consecutive stretches of the file, each from a checkpoint, sized as `Cores.starts` shares
    /// a pass out (shrinking toward the end).
    func parts(_ parts: Int) -> [(start: Checkpoint, end: Int64)] {
        guard let first = checkpoints.first else { return [] }
        var starts = [first]
        let shares = Cores.starts(max(1, parts))
        for k in 1..<max(1, parts) {
            let target = first.offset + (dataEnd - first.offset) * shares[k].0 / shares[k].1
            if let c = checkpoints.first(where: { $0.offset >= target }), c.offset > starts.last!.offset { starts.append(c) }
        }
        return starts.indices.map { (starts[$0], $0 + 1 < starts.count ? starts[$0 + 1].offset : dataEnd) }
    }

    /// - Parameters:
    ///   - label: the outcome column and the value meaning converted, when the file is labelled history.
    ///   - unknowns: keep each lead's unknown-gate mask (`unknowns` stays empty otherwise).
    ///   - requiredID: the id's field and name, and the rest of the reason a row without one is rejected
    ///     (`RowPass.requiredID`).
    ///   - onReject: called in file order with each rejected row.
    public static func run(model: ModelFile, path: String, policy: Policy?, scorer: RowScorer, delimiter: UInt8?,
                           label: (index: Int, positive: String)? = nil, unknowns: Bool = true,
                           progress: ((String) -> Void)? = nil, idSample: (field: Int, threshold: UInt64)? = nil,
                           subScores: SubScores? = nil, reasons: Int = 0, requiredID: (field: Int, name: String, why: String)? = nil,
                           hashedID: Int? = nil,
                           onReject: (RejectedRow) throws -> Void) throws -> ScoringPass {
        let reader = try CSVReader(path: path, delimiter: delimiter)
        var rows = RowPass(scorer: scorer, policy: policy, missing: model.spec.valueRules, width: reader.header.count,
                           label: label.map { LabelMatch(index: $0.index, positive: $0.positive) })
        rows.keepUnknowns = unknowns
        rows.idSample = idSample
        rows.subScores = subScores
        rows.reasons = reasons
        rows.requiredID = requiredID
        rows.hashedID = hashedID
        rows.meter = progress.map { ProgressMeter("scoring", totalBytes: reader.dataEnd - reader.dataOffset, report: $0) }
        if Cores.count > 1, let (inParts, rejects) = rows.inParts(reader, parts: Cores.parts) {
            for r in rejects { try onReject(r) }
            var pass = inParts
            pass.reasonsPerLead = min(reasons, scorer.featureNames.count)
            return pass
        }
        var pass = ScoringPass()
        pass.reasonsPerLead = min(reasons, scorer.featureNames.count)
        pass.dataEnd = reader.dataEnd
        var ordinal = 0
        let scratch = RowPass.BatchScratch()
        try reader.forEachBatch { batch in
            pass.checkpoints.append(Checkpoint(offset: batch.offset, line: batch.line, ordinal: ordinal))
            try rows.absorb(batch, firstRow: ordinal, into: &pass, cores: Cores.count, scratch: scratch, onReject: onReject)
            ordinal += batch.count
        }
        return pass
    }

    /// Adds `value`, a label read as not converted, to `otherLabels` when new.
    mutating func noteOtherLabel(_ value: String) {
        let key = LabelResolver.folded(value)
        if otherLabels.count < Self.maxOtherLabels && !otherLabels.contains(key) { otherLabels.append(key) }
    }

    /// Room for `leads` scored leads in the per-lead arrays in use.
    /// - Parameter gates: the policy's gates (nil: no policy).
    mutating func reserve(_ leads: Int, gates: Int?, unknowns keepUnknowns: Bool, labels: Bool, groups: Bool = false,
                          reasons perLead: Int = 0, ids: Bool = false) {
        probabilities.reserveCapacity(leads)
        if ids { idHashes.reserveCapacity(leads) }
        if groups { groupScores.reserveCapacity(leads) }
        if perLead > 0 { reasons.reserveCapacity(leads * perLead) }
        if let gates {
            passes.reserve(leads, width: GateMasks.width(gates: gates))
            disqualified.reserveCapacity(leads)
            if keepUnknowns { unknowns.reserve(leads, width: GateMasks.width(gates: gates)) }
        }
        if labels { self.labels.reserveCapacity(leads) }
    }

    /// Appends `other`, the pass over the part of the file that follows, whose rows and lines start at
    /// `rows` and `lines` more than it counted.
    mutating func append(_ other: ScoringPass, rows: Int, lines: Int) {
        probabilities += other.probabilities
        passes += other.passes
        unknowns += other.unknowns
        disqualified += other.disqualified
        groupScores += other.groupScores
        reasons += other.reasons
        models += other.models
        labels += other.labels
        for l in other.otherLabels { noteOtherLabel(l) }
        idSample += other.idSample
        idHashes += other.idHashes
        rejected += other.rejected.map { $0 + rows }
        unseen += other.unseen
        if !other.unseenByFeature.isEmpty {
            if unseenByFeature.isEmpty { unseenByFeature = other.unseenByFeature }
            else { for k in 0..<64 { unseenByFeature[k] += other.unseenByFeature[k] } }
        }
        imputed += other.imputed
        checkpoints += other.checkpoints.map { Checkpoint(offset: $0.offset, line: $0.line + lines, ordinal: $0.ordinal + rows) }
    }

    /// Counts a lead's unseen levels by feature, one bit each (`step` −1: takes them back).
    mutating func countUnseen(_ features: UInt64, step: Int = 1) {
        if unseenByFeature.isEmpty { unseenByFeature = Array(repeating: 0, count: 64) }
        var bits = features
        while bits != 0 {
            unseenByFeature[bits.trailingZeroBitCount] += step
            bits &= bits - 1
        }
    }

    /// Takes back what a scored row's `counts` added (`RepeatedIDs` sets such a row aside after the pass).
    mutating func uncount(_ counts: RowScorer.Counts) {
        unseen -= counts.unseen
        imputed -= counts.imputed
        if counts.unseenFeatures != 0 { countUnseen(counts.unseenFeatures, step: -1) }
    }

    /// The features with unseen levels and how many each, most first (`names`: the scorer's feature names).
    func unseenColumns(names: [String]) -> [(name: String, count: Int)] {
        unseenByFeature.indices.filter { unseenByFeature[$0] > 0 }
            .map { k in (k < 63 || names.count == 64 ? names[k] : "columns after the 63rd", unseenByFeature[k]) }
            .sorted { $0.1 > $1.1 }
    }

    /// Per data row values gathered to the scored leads (rejected rows dropped): the inverse of `byRow`.
    func byLead<T>(_ values: [T]) -> [T] {
        var out: [T] = []
        out.reserveCapacity(probabilities.count)
        var next = 0
        for row in values.indices {
            if next < rejected.count && rejected[next] == row { next += 1; continue }
            out.append(values[row])
        }
        return out
    }

    /// Per scored lead values spread back over the file's data rows: `values[k]` for the k-th scored lead,
    /// `none` for a rejected row.
    func byRow<T>(_ values: [T], none: T) -> [T] {
        var out = [T](repeating: none, count: probabilities.count + rejected.count)
        var next = 0, k = 0
        for row in out.indices {
            if next < rejected.count && rejected[next] == row { next += 1; continue }
            out[row] = values[k]; k += 1
        }
        return out
    }
}
