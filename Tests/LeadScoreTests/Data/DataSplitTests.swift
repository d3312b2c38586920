import XCTest
@testable import LeadScore

final class DataSplitTests: XCTestCase {
    /// The fold boundaries of scikit-learn 1.9.1's `TimeSeriesSplit`, printed by
    /// `[(len(tr), te[0], te[-1]) for tr, te in TimeSeriesSplit(n_splits=k).split(range(n))]`.
    func testForwardChainingFoldsAreScikitLearnsTimeSeriesSplit() {
        let reference: [(n: Int, k: Int, folds: [(train: Int, first: Int, last: Int)])] = [
            (23, 4, [(7, 7, 10), (11, 11, 14), (15, 15, 18), (19, 19, 22)]),
            (10, 3, [(4, 4, 5), (6, 6, 7), (8, 8, 9)]),
            (5000, 5, [(835, 835, 1667), (1668, 1668, 2500), (2501, 2501, 3333), (3334, 3334, 4166), (4167, 4167, 4999)]),
        ]
        for (n, k, expected) in reference {
            let times = (0..<n).map { Double($0) }
            let folds = DataSplit.forwardChainingFolds(Array(0..<n), times: times, k: k)
            XCTAssertEqual(folds.count, k)
            for (f, e) in zip(folds, expected) {
                XCTAssertEqual(f.train, Array(0..<e.train), "n \(n) k \(k)")
                XCTAssertEqual(f.test, Array(e.first...e.last), "n \(n) k \(k)")
            }
        }
    }

    /// With rows out of time order, every fold validates on rows no older than any row it trained on.
    func testNoFoldLearnsFromTheFuture() {
        var rng = SeededGenerator(seed: 9)
        let times = (0..<997).map { _ in Double(rng.below(300)) }  // many ties
        for k in [2, 5, 10] {
            let folds = DataSplit.forwardChainingFolds(Array(0..<997), times: times, k: k)
            for f in folds {
                XCTAssertLessThanOrEqual(f.train.map { times[$0] }.max()!, f.test.map { times[$0] }.min()!)
                XCTAssertTrue(Set(f.train).isDisjoint(with: f.test))
            }
            XCTAssertEqual(folds.last.map { $0.train.count + $0.test.count }, 997)
        }
    }
}
