import XCTest
@testable import LeadScore

final class GateMasksTests: XCTestCase {
    /// Masks kept at each width read back as appended, through picking, dropping and joining.
    func testMasksReadBackAtEveryWidth() {
        XCTAssertEqual([0, 1, 8, 9, 16, 17, Policy.maxGates].map { GateMasks.width(gates: $0) }, [1, 1, 1, 2, 2, 4, 4])
        var rng = SeededGenerator(seed: 11)
        for width in [1, 2, 4] {
            let bits = 8 * width
            let masks = (0..<1000).map { _ in UInt32(truncatingIfNeeded: rng.next()) >> UInt32(32 - bits) }
            // The widest masks set the top bit: a byte order mistake would show.
            XCTAssertTrue(masks.contains { $0 >> UInt32(bits - 1) == 1 })
            let kept = GateMasks(masks, width: width)
            XCTAssertEqual(kept.count, 1000)
            XCTAssertEqual(kept.bytes.count, 1000 * width)
            XCTAssertEqual((0..<1000).map { kept[$0] }, masks)
            let leads = [999, 0, 512, 3, 3]
            XCTAssertEqual(kept.picking(leads), GateMasks(leads.map { masks[$0] }, width: width))
            var dropped = kept
            dropped.rewrite { RepeatedIDs.drop([0, 5, 6, 999], from: &$0, stride: $1) }
            let left = masks.indices.filter { ![0, 5, 6, 999].contains($0) }.map { masks[$0] }
            XCTAssertEqual(dropped, GateMasks(left, width: width))
            var joined = GateMasks()
            joined += GateMasks(Array(masks[..<300]), width: width)
            joined += GateMasks(width: width)
            joined += GateMasks(Array(masks[300...]), width: width)
            XCTAssertEqual(joined, kept)
            var reserved = GateMasks()
            reserved.reserve(10, width: width)
            for m in masks { reserved.append(m) }
            XCTAssertEqual(reserved, kept)
        }
    }

    /// A policy whose 4 gates are repeated k times (k·4 gates: 8, 12 and 20, kept in 1, 2 and 4 bytes a lead)
    /// tiers the sample leads as the 4-gate policy does when its `min_gates` is k times as many and it requires the
    /// last copy of authority (the masks' top bits): same scores, tiers and ranks, each copy of a gate in the state
    /// of the gate it copies, k times the gates passed.
    func testPoliciesWithManyGatesTierAsTheirFourGates() throws {
        let m = try ScoreRunTests.sample.get()
        let base = ["budget": "{field: budget_confirmed, is: true}",
                    "authority": "{field: job_level, in: [c_level, vp, director]}",
                    "need": "{field: need_identified, is: true}",
                    "timeline": "{field: purchase_timeline_days, lte: 90}"]
        let names = ["budget", "authority", "need", "timeline"]
        func score(copies k: Int) throws -> (header: [String], rows: [[String]]) {
            let gates = (0..<k).flatMap { c in names.map { "  \($0)\(k == 1 ? "" : "_\(c)"): \(base[$0]!)" } }
            let authority = k == 1 ? "authority" : "authority_\(k - 1)"
            let policy = TestFiles.write("""
            gates:
            \(gates.joined(separator: "\n"))
            disqualify: {field: unsubscribed, is: true}
            tiers:
              - {name: SQL, min_score: 30, min_gates: \(3 * k), require: [\(authority)], max_leads: 100}
              - {name: MQL, min_score: 10}
              - {name: Nurture}
            """, name: "policy\(k).yaml")
            let dir = TestFiles.folder()
            var o = ScoreOptions(leads: TestFiles.root.path + "/datasets/new_leads.csv", out: dir + "/scored.csv")
            o.policy = policy
            _ = try ScoreRun.run(model: m, options: o)
            let (header, rows, _) = try readAll(dir + "/scored.csv")
            return (header, rows)
        }
        let four = try score(copies: 1)
        let column = Dictionary(uniqueKeysWithValues: four.header.enumerated().map { ($1, $0) })
        XCTAssertEqual(Set(four.rows.map { $0[column["tier"]!] }), ["SQL", "MQL", "Nurture", "Disqualified"])
        XCTAssertTrue(four.rows.contains { $0[column["gate_budget"]!] == "unknown" })
        for k in [2, 3, 5] {
            let many = try score(copies: k)
            let at = Dictionary(uniqueKeysWithValues: many.header.enumerated().map { ($1, $0) })
            XCTAssertEqual(many.rows.count, four.rows.count)
            for (a, b) in zip(four.rows, many.rows) {
                for name in ["lead_id", "probability", "score", "tier", "rank"] {
                    XCTAssertEqual(b[at[name]!], a[column[name]!])
                }
                XCTAssertEqual(Int(b[at["gates_passed"]!]), k * Int(a[column["gates_passed"]!])!)
                for g in names { for c in 0..<k { XCTAssertEqual(b[at["gate_\(g)_\(c)"]!], a[column["gate_\(g)"]!]) } }
            }
        }
    }
}
