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
}
