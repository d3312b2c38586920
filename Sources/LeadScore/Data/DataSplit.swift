/// Splits row indices for validation, reproducibly from a seed.
enum DataSplit {
    /// A stratified random holdout: the same fraction of each class, chosen by a seeded shuffle.
    static func stratifiedHoldout(_ rows: [Int], labels: [Double], fraction: Double, seed: UInt64)
        -> (train: [Int], test: [Int]) {
        var rng = SeededGenerator(seed: seed)
        var train: [Int] = [], test: [Int] = []
        for cls in [0.0, 1.0] {
            var members = rows.filter { labels[$0] == cls }
            members.shuffle(using: &rng)
            let k = Int((fraction * Double(members.count)).rounded())
            test += members[0..<k]
            train += members[k...]
        }
        return (train.sorted(), test.sorted())
    }

    /// The newest `fraction` of rows by `times` (ties kept in file order) are the test rows.
    static func timeHoldout(_ rows: [Int], times: [Double], fraction: Double) -> (train: [Int], test: [Int]) {
        let ordered = rows.sorted { times[$0] < times[$1] || (times[$0] == times[$1] && $0 < $1) }
        let k = Int((fraction * Double(rows.count)).rounded())
        return (Array(ordered[0..<(rows.count - k)]).sorted(), Array(ordered[(rows.count - k)...]).sorted())
    }

    /// Stratified K folds: each class shuffled with the seed and dealt round-robin.
    static func stratifiedFolds(_ rows: [Int], labels: [Double], k: Int, seed: UInt64) -> [[Int]] {
        var rng = SeededGenerator(seed: seed)
        var folds = [[Int]](repeating: [], count: k)
        var dealt = 0
        for cls in [0.0, 1.0] {
            var members = rows.filter { labels[$0] == cls }
            members.shuffle(using: &rng)
            for m in members { folds[dealt % k].append(m); dealt += 1 }
        }
        return folds.map { $0.sorted() }
    }

    /// Forward-chaining folds for rows ordered in time (scikit-learn's `TimeSeriesSplit(n_splits: k)`): the
    /// rows, oldest first (ties in file order), make k + 1 blocks of ⌊n/(k+1)⌋, the first block taking the
    /// remainder; fold i trains on every row before block i + 1 and validates on that block, so a fold never
    /// learns from rows newer than those it is judged on.
    static func forwardChainingFolds(_ rows: [Int], times: [Double], k: Int) -> [(train: [Int], test: [Int])] {
        let ordered = rows.sorted { times[$0] < times[$1] || (times[$0] == times[$1] && $0 < $1) }
        let size = ordered.count / (k + 1)
        return (0..<k).map { i in
            let start = ordered.count - (k - i) * size
            return (Array(ordered[..<start]).sorted(), Array(ordered[start..<(start + size)]).sorted())
        }
    }
}
