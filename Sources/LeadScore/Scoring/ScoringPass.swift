import Foundation

/// One streaming pass that scores every row of a leads file and evaluates the policy's gates, in parallel
/// batches. Shared by `score` (its first pass) and `evaluate`.
public struct ScoringPass {
    /// Per scored lead, in file order.
    public var probabilities: [Double] = []
    public var passes: [UInt32] = []
    public var unknowns: [UInt32] = []
    public var disqualified: [Bool] = []
    /// Per scored lead when a label column was asked for: 1, 0 or NaN (missing).
    public var labels: [Double] = []
    /// Record ordinals (0-based, data rows) of the rejected rows, ascending.
    public var rejected: [Int] = []
    public var unseen = 0
    public var imputed = 0
    /// Where each batch of the pass started, so that a second pass can read the file in parallel parts.
    public var checkpoints: [Checkpoint] = []
    /// The file's size in bytes (the end of the last part).
    public var fileSize: Int64 = 0

    /// A record boundary: file offset, line number, and how many data rows come before it.
    public struct Checkpoint: Sendable {
        public var offset: Int64
        public var line: Int
        public var ordinal: Int
    }

    /// Up to `parts` consecutive stretches of the file of about equal size, each from a checkpoint.
    public func parts(_ parts: Int) -> [(start: Checkpoint, end: Int64)] {
        guard let first = checkpoints.first else { return [] }
        var starts = [first]
        for k in 1..<max(1, parts) {
            let target = first.offset + (fileSize - first.offset) * Int64(k) / Int64(parts)
            if let c = checkpoints.first(where: { $0.offset >= target }), c.offset > starts.last!.offset { starts.append(c) }
        }
        return starts.indices.map { (starts[$0], $0 + 1 < starts.count ? starts[$0 + 1].offset : fileSize) }
    }

    /// - Parameters:
    ///   - label: the outcome column and the value meaning converted, when the file is labelled history.
    ///   - onReject: called in file order with each rejected record and the reason.
    public static func run(model: ModelFile, path: String, policy: Policy?, scorer: RowScorer, delimiter: UInt8?,
                           label: (index: Int, positive: String)? = nil,
                           onReject: (borrowing CSVRecord, String) throws -> Void) throws -> ScoringPass {
        let reader = try CSVReader(path: path, delimiter: delimiter)
        let width = reader.header.count
        let missing = model.spec.missingTokens
        let features = scorer.featureNames.count
        let positive = label.map { Array($0.positive.utf8) }
        var pass = ScoringPass()
        var ordinal = 0
        pass.fileSize = reader.fileSize
        try reader.forEachBatch { batch in
            let n = batch.count
            pass.checkpoints.append(Checkpoint(offset: batch.offset, line: batch.line, ordinal: ordinal))
            var results = [RowResult](repeating: RowResult(), count: n)
            results.withUnsafeMutableBufferPointer { buffer in
                let out = buffer
                batch.parallel(parts: Cores.count) { _, range in
                    var contributions = [Double](repeating: 0, count: features)
                    for i in range {
                        out[i] = batch.withRecord(i) { record in
                            var r = RowResult()
                            if record.count != width {
                                r.problem = "the row has \(record.count) fields but the header has \(width)"
                                return r
                            }
                            var counts = RowScorer.Counts()
                            let (eta, problem) = scorer.score(record, missing: missing, contributions: &contributions, counts: &counts)
                            if let problem { r.problem = problem; return r }
                            r.probability = 1 / (1 + exp(-eta))
                            r.unseen = counts.unseen
                            r.imputed = counts.imputed
                            // Optional chaining borrows the policy; `if let` copied it (and retained its arrays) per row.
                            if let m = policy?.evaluate(record, missing: missing) { (r.pass, r.unknown, r.disqualified) = m }
                            if let label, let positive {
                                let f = record[label.index]
                                r.label = missing.isMissing(f) ? .nan : (f.elementsEqual(positive) ? 1 : 0)
                            }
                            return r
                        }
                    }
                }
            }
            for i in 0..<n {
                let r = results[i]
                if let problem = r.problem {
                    try batch.withRecord(i) { try onReject($0, problem) }
                    pass.rejected.append(ordinal + i)
                    continue
                }
                pass.probabilities.append(r.probability)
                pass.unseen += r.unseen
                pass.imputed += r.imputed
                if policy != nil { pass.passes.append(r.pass); pass.unknowns.append(r.unknown); pass.disqualified.append(r.disqualified) }
                if label != nil { pass.labels.append(r.label) }
            }
            ordinal += n
        }
        return pass
    }

    /// Per-lead values spread back over the file's data rows: `values[k]` for the k-th scored lead, `none`
    /// for a rejected row.
    public func byRow<T>(_ values: [T], none: T) -> [T] {
        var out = [T](repeating: none, count: probabilities.count + rejected.count)
        var next = 0, k = 0
        for row in out.indices {
            if next < rejected.count && rejected[next] == row { next += 1; continue }
            out[row] = values[k]; k += 1
        }
        return out
    }

    struct RowResult {
        var probability = 0.0
        var problem: String?
        var pass: UInt32 = 0
        var unknown: UInt32 = 0
        var disqualified = false
        var label = Double.nan
        var unseen = 0
        var imputed = 0
    }
}
