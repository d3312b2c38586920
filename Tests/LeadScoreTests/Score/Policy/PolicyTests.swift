import XCTest
@testable import LeadScore

final class PolicyTests: XCTestCase {
    let header = ["id", "flag", "n", "level", "note"]

    /// Evaluates a one-gate policy over rows of (flag, n, level, note) and returns each gate state.
    func states(_ condition: String, _ rows: [String]) throws -> [String] {
        let policy = try Policy.load(path: TestFiles.write("gates:\n  g: \(condition)\ntiers:\n  - {name: All}\n", name: "p.yaml"),
                                     header: header)
        let reader = try CSVReader(path: TestFiles.write("id,flag,n,level,note\n" + rows.joined(separator: "\n") + "\n"))
        var out: [String] = []
        try reader.forEachRecord { out.append(policy.gateStates($0, missing: ValueRules()).map(\.text).joined()) }
        return out
    }

    func testEveryOperator() throws {
        let rows = ["1,yes,5,vp,x", "2,no,10,manager,y", "3,,,,"]
        XCTAssertEqual(try states("{field: flag, is: true}", rows), ["pass", "fail", "unknown"])
        XCTAssertEqual(try states("{field: flag, is: false}", rows), ["fail", "pass", "unknown"])
        XCTAssertEqual(try states("{field: n, eq: 5}", rows), ["pass", "fail", "unknown"])
        XCTAssertEqual(try states("{field: n, eq: 5.0}", rows), ["pass", "fail", "unknown"])
        XCTAssertEqual(try states("{field: level, ne: vp}", rows), ["fail", "pass", "unknown"])
        XCTAssertEqual(try states("{field: level, in: [vp, director]}", rows), ["pass", "fail", "unknown"])
        XCTAssertEqual(try states("{field: level, not_in: [vp, director]}", rows), ["fail", "pass", "unknown"])
        XCTAssertEqual(try states("{field: n, gt: 5}", rows), ["fail", "pass", "unknown"])
        XCTAssertEqual(try states("{field: n, gte: 5}", rows), ["pass", "pass", "unknown"])
        XCTAssertEqual(try states("{field: n, lt: 10}", rows), ["pass", "fail", "unknown"])
        XCTAssertEqual(try states("{field: n, lte: 10}", rows), ["pass", "pass", "unknown"])
        // `missing` reads the value too: a gate on a missing field is unknown whatever the operator.
        XCTAssertEqual(try states("{field: note, missing: false}", rows), ["pass", "pass", "unknown"])
    }

    func testCombinatorsAndMissingValues() throws {
        let rows = ["1,yes,,vp,x", "2,,20,,", "3,,,,"]
        // A leaf on a missing value is false; the gate is unknown only when all its fields are missing.
        XCTAssertEqual(try states("{any: [{field: flag, is: true}, {field: n, gte: 10}]}", rows), ["pass", "pass", "unknown"])
        XCTAssertEqual(try states("{all: [{field: flag, is: true}, {field: n, gte: 10}]}", rows), ["fail", "fail", "unknown"])
        XCTAssertEqual(try states("{not: {field: level, eq: vp}}", rows), ["fail", "unknown", "unknown"])
        XCTAssertEqual(try states("{any: [{field: level, missing: true}, {field: note, eq: x}]}", rows), ["pass", "unknown", "unknown"])
    }

    /// Several gates and the disqualify rule share one compiled program: each must evaluate its own condition.
    func testSeveralGatesAndDisqualifyTogether() throws {
        let policy = try Policy.load(path: TestFiles.write("""
        gates:
          a: {any: [{field: flag, is: true}, {field: n, gte: 10}]}
          b: {not: {field: level, in: [vp, director]}}
          c: {field: note, eq: x}
        disqualify: {all: [{field: flag, is: false}, {field: n, lt: 3}]}
        tiers:
          - {name: All}
        """, name: "p.yaml"), header: header)
        let reader = try CSVReader(path: TestFiles.write("id,flag,n,level,note\n1,yes,1,vp,x\n2,no,2,manager,\n3,,20,,y\n"))
        var got: [String] = []
        try reader.forEachRecord { record in
            let m = policy.evaluate(record, missing: ValueRules())
            got.append(policy.states(pass: m.pass, unknown: m.unknown).map(\.text).joined(separator: " ") + (m.disqualified ? " D" : ""))
        }
        XCTAssertEqual(got, ["pass fail pass", "fail pass unknown D", "pass unknown fail"])
    }

    func testLoadErrorsNameThePlace() {
        func message(_ yaml: String) -> String {
            let path = TestFiles.write(yaml, name: "p.yaml")
            do { _ = try Policy.load(path: path, header: header); return "no error" }
            catch { return "\(error)".replacingOccurrences(of: path, with: "P") }
        }
        XCTAssertEqual(message("gates:\n  g: {field: budget, is: true}\ntiers:\n  - {name: A}\n"),
                       "P:2: field 'budget' is not a column of the leads file; the columns are 'id', 'flag', 'n', 'level', 'note'")
        XCTAssertEqual(message("gates:\n  g: {field: n, over: 3}\ntiers:\n  - {name: A}\n"),
                       "P:2: unknown operator 'over'; use is, eq, ne, in, not_in, gt, gte, lt, lte, missing, or any/all/not")
        XCTAssertEqual(message("gates:\n  g: {field: n, gt: 3}\ntiers:\n  - {name: A, require: [h]}\n  - {name: B}\n"),
                       "P:4: tier 'A' requires gate 'h', which is not defined; the gates are 'g'")
        XCTAssertEqual(message("tiers:\n  - {name: A}\n  - {name: B, min_score: 10}\n"),
                       "P:3: the last tier ('B') must have no conditions, so that every lead lands somewhere")
        XCTAssertEqual(message("tiers:\n  - {name: A, min_score: 120}\n  - {name: B}\n"), "P:2: min_score must be from 0 to 100")
    }

    /// The radix ordering equals a comparison sort by (probability descending, index ascending), ties included.
    func testOrderByProbabilityMatchesAComparisonSort() {
        var rng = SeededGenerator(seed: 12)
        var p: [Double] = []
        for i in 0..<20_000 {
            let scale: Double = i % 3 == 0 ? 1e-6 : 1  // tiny values too
            p.append(i % 5 == 0 ? Double(rng.below(40)) / 40 : rng.uniform() * scale)  // many ties
        }
        p += [0, 1, 0.5, 0, 1]
        let expected = p.indices.sorted { p[$0] > p[$1] || (p[$0] == p[$1] && $0 < $1) }.map(Int32.init)
        XCTAssertEqual(TierAssigner.byProbability(p), expected)
        XCTAssertEqual(TierAssigner.byProbability([]), [])
        XCTAssertEqual(TierAssigner.byProbability([0.3]), [0])
        // Sorted in stretches and merged: ties across the stretches' borders keep input order, for an even
        // and an odd number of runs (an odd one is carried to the next round).
        for stretches in [2, 3, 5, 8] {
            XCTAssertEqual(TierAssigner.byProbability(p, stretches: stretches), expected, "\(stretches) stretches")
        }
        XCTAssertEqual(TierAssigner.byProbability([0.2, 0.2, 0.7], stretches: 3), [2, 0, 1])
    }

    /// The split of a merge between cores (`TierAssigner.split`): at every count, the leads the merge of two
    /// sorted runs has taken by then are the first i of one and the first j of the other, ties included (the
    /// first run's first), runs of any lengths, empty ones too.
    func testMergeSplitsWhereTheMergeHasTakenThatMany() {
        var rng = SeededGenerator(seed: 14)
        for trial in 0..<300 {
            let (m, n) = (rng.below(trial % 4 == 0 ? 3 : 60), rng.below(60))
            let p = (0..<(m + n)).map { _ in Double(rng.below(trial % 2 == 0 ? 4 : 1_000)) / 8 }
            // Each run's leads by probability descending, input order on ties; the merge, the first run's first.
            func run(_ r: Range<Int>) -> [Int32] { r.sorted { p[$0] > p[$1] || (p[$0] == p[$1] && $0 < $1) }.map(Int32.init) }
            var from = run(0..<m) + run(m..<(m + n))
            let merged = from.indices.sorted {
                let (a, b) = (Int(from[$0]), Int(from[$1]))
                return p[a] > p[b] || (p[a] == p[b] && $0 < $1)
            }.map { from[$0] }
            p.withUnsafeBufferPointer { p in
                from.withUnsafeMutableBufferPointer { f in
                    for count in 0...(m + n) {
                        let (i, j) = TierAssigner.split(p, f, 0..<m, m..<(m + n), taking: count)
                        XCTAssertEqual(i + (j - m), count)
                        XCTAssertEqual(Set(f[0..<i]).union(f[m..<j]), Set(merged.prefix(count)), "trial \(trial), count \(count)")
                    }
                }
            }
        }
    }

    /// The one walk down the leads gives what each tier walking them in turn gives (the definition, written
    /// out here as it was implemented before): tiers, capacity positions and eligible counts, with two
    /// `max_leads` tiers, gate conditions, disqualified leads and ties.
    func testTierWalkEqualsTierByTierAssignment() throws {
        let policy = try twoGatePolicy(tiers: """
          - {name: SQL, min_score: 60, require: [a], max_leads: 300}
          - {name: MQL, min_score: 30, min_gates: 1, max_leads: 2000}
          - {name: Warm, min_gates: 2}
          - {name: Nurture}
        """)
        var rng = SeededGenerator(seed: 3)
        let n = 100_000
        let p = (0..<n).map { _ in Double(rng.below(1000)) / 1000 }
        let passes = (0..<n).map { _ in UInt32(rng.below(4)) }
        let disq = (0..<n).map { _ in rng.below(20) == 0 }
        let order = TierAssigner.byProbability(p)
        // Reference: each tier walks the leads in order.
        var tier = [UInt8](repeating: .max, count: n), over = [Int32](repeating: 0, count: n)
        var eligible = [Int](repeating: 0, count: policy.tiers.count)
        for i in 0..<n where disq[i] { tier[i] = UInt8(policy.tiers.count) }
        for (t, rule) in policy.tiers.enumerated() {
            var taken = 0, met = 0
            let mask = rule.require.reduce(UInt32(0)) { $0 | (1 << UInt32($1)) }
            for i in order.map(Int.init) where tier[i] == .max {
                if let s = rule.minScore, TierAssigner.score(p[i]) < s { continue }
                if let g = rule.minGates, passes[i].nonzeroBitCount < g { continue }
                if passes[i] & mask != mask { continue }
                met += 1
                if let m = rule.maxLeads, taken >= m { over[i] = Int32(met); continue }
                tier[i] = UInt8(t); taken += 1
            }
            eligible[t] = met
        }
        let got = TierAssigner.explained(policy, probabilities: p, order: order,
                                        passes: GateMasks(passes, width: GateMasks.width(gates: policy.gates.count)),
                                        disqualified: disq)
        XCTAssertEqual(got.tiers, tier)
        XCTAssertEqual(got.over, over)
        XCTAssertEqual(got.eligible, eligible)
        XCTAssertGreaterThan(over.filter { $0 > 0 }.count, 1000, "both capacities are reached")
    }

    /// A policy with gates a (flag) and b (n ≥ 1), disqualifying note = stop, and the given tiers (YAML lines).
    private func twoGatePolicy(tiers: String) throws -> Policy {
        try Policy.load(path: TestFiles.write("""
        gates:
          a: {field: flag, is: true}
          b: {field: n, gte: 1}
        disqualify: {field: note, eq: stop}
        tiers:
        \(tiers)
        """, name: "p.yaml"), header: header)
    }

    func testTiersMaxLeadsAndRanks() throws {
        let policy = try twoGatePolicy(tiers: """
          - {name: SQL, min_score: 50, min_gates: 1, require: [a], max_leads: 2}
          - {name: MQL, min_score: 20}
          - {name: Nurture}
        """)
        //            0     1     2     3     4     5     6
        let p: [Double] = [0.90, 0.80, 0.85, 0.90, 0.30, 0.10, 0.95]
        let passes: [UInt32] = [1, 1, 1, 1, 1, 3, 1]
        let disq = [false, false, false, false, false, false, true]
        let order = TierAssigner.byProbability(p)
        XCTAssertEqual(order, [6, 0, 3, 2, 1, 4, 5])
        let tiers = TierAssigner.assign(policy, probabilities: p, order: order, passes: GateMasks(passes, width: 1),
                                        disqualified: disq)
        // SQL holds 2: the highest probabilities first (0 and 3 tie at 0.90; input order breaks it), 2 falls to MQL.
        XCTAssertEqual(tiers.map { policy.tierNames[Int($0)] }, ["SQL", "MQL", "MQL", "SQL", "MQL", "Nurture", "Disqualified"])
        let ranks = TierAssigner.ranks(order: order, tiers: tiers)
        XCTAssertEqual(ranks, [0, 3, 2, 1, 4, 5, 6])
        XCTAssertEqual(TierAssigner.score(0.125), 13)
        XCTAssertEqual(TierAssigner.score(0.124999), 12)
        XCTAssertEqual(TierAssigner.score(1), 100)
    }
}
