/// What the last run wrote for each lead (`score --previous FILE`), to tell what changed since.
///
/// The file is a `score` output of any format: its first column is the lead's id, and the score and tier are
/// read from the columns this run writes them to (`score` and `tier`, or the CRM format's field names).
struct PreviousScores: Sendable {
    private var ids = IDTable()
    private var scores: [Int] = []
    private var tiers: [String?] = []
    let path: String

    /// How a lead moved since the last run.
    enum Change: Int, CaseIterable, Sendable {
        case new, up, down, same, tierChanged
        var word: String { ["new", "up", "down", "same", "tier_changed"][rawValue] }
    }

    static func load(path: String, scoreColumn: String, tierColumn: String?, rules: ValueRules) throws -> PreviousScores {
        let reader = try CSVReader(path: path)
        let header = reader.header
        guard let scoreField = header.firstIndex(of: scoreColumn) else {
            throw FileError.header(file: path, message: "there is no column '\(scoreColumn)'; --previous takes a file this"
                + " command wrote in the same --format (the columns are " + header.map { "'\($0)'" }.joined(separator: ", ") + ")")
        }
        let tierField = try tierColumn.map { name -> Int in
            guard let f = header.firstIndex(of: name) else {
                throw FileError.header(file: path, message: "there is no column '\(name)'; --previous with a policy takes a"
                    + " file scored with a policy, in the same --format")
            }
            return f
        }
        var previous = PreviousScores(path: path)
        try reader.forEachRecord { r in
            guard r.count == header.count, !rules.isMissing(r[0]) else { return }
            guard let score = rules.number(r[scoreField]), score.isFinite, score >= 0, score <= 100, score == score.rounded() else {
                throw FileError(file: path, line: r.line, message: "column '\(scoreColumn)': \"\(String(decoding: r[scoreField], as: UTF8.self))\""
                    + " is not a score from 0 to 100; --previous takes a file this command wrote")
            }
            let code = previous.ids.code(r[0])
            // A repeated id keeps its first (best-ranked) line.
            guard code == previous.scores.count else { return }
            previous.scores.append(Int(score))
            previous.tiers.append(tierField.map { String(decoding: r[$0], as: UTF8.self) })
        }
        return previous
    }

    /// How the lead with this id moved: new when the last run did not score it; tier_changed when its tier
    /// differs; up or down when its score moved by at least `minChange` points; else same.
    func change(id: UnsafeBufferPointer<UInt8>, score: Int, tier: String?, minChange: Int) -> (Change, Int?, String?) {
        guard let k = ids.find(id) else { return (.new, nil, nil) }
        let old = scores[k], oldTier = tiers[k]
        if let tier, let oldTier, tier != oldTier { return (.tierChanged, old, oldTier) }
        if score - old >= minChange { return (.up, old, oldTier) }
        if old - score >= minChange { return (.down, old, oldTier) }
        return (.same, old, oldTier)
    }
}
