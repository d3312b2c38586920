import XCTest
@testable import LeadScore

/// A lead is scored once: rows whose id an earlier scored row has are set aside (`RepeatedIDs`). Before, each
/// repeat was scored, ranked and took a place in a tier with `max_leads`, and a CRM import got two rows for one
/// record.
final class RepeatedIDTests: XCTestCase {
    func testTheRadixSortSortsAndEveryRepeatedValueIsFound() {
        var g0 = SeededGenerator(seed: 8)
        var sample = (0..<5_000).map { _ in UInt64.random(in: 0..<300, using: &g0) << 40 | UInt64.random(in: 0...UInt64.max, using: &g0) >> 40 }
        let expected = sample.sorted()
        sample.withUnsafeMutableBufferPointer { RepeatedIDs.sort($0, shift: 56) }
        XCTAssertEqual(sample, expected)
        var g = SeededGenerator(seed: 7)
        for n in [0, 1, 2, 31, 32, 33, 1_000, 100_000, 300_000] {  // 300,000: a stretch per core, repeats across them
            for pool in [UInt64.max, 50, 1] {  // all distinct (nearly), many repeats, one value
                var values = (0..<n).map { _ in pool == .max ? UInt64.random(in: 0...pool, using: &g)
                                                             : UInt64.random(in: 0..<pool, using: &g) &* 0x9E37_79B9_7F4A_7C15 }
                if n > 10 { values[n / 2] = values[3] }
                var counts: [UInt64: Int] = [:]
                for v in values { counts[v, default: 0] += 1 }
                let expected = values.sorted()
                let repeated = RepeatedIDs.repeatedHashes(&values)
                XCTAssertEqual(values.sorted(), expected, "n \(n), pool \(pool): the same values")
                XCTAssertEqual(repeated, Set(counts.filter { $0.value > 1 }.keys), "n \(n), pool \(pool)")
            }
        }
    }

    func testDroppingLeadsKeepsTheOthersInOrder() {
        var a = Array(0..<10)
        RepeatedIDs.drop([0, 4, 9], from: &a)
        XCTAssertEqual(a, [1, 2, 3, 5, 6, 7, 8])
        var pairs = Array(0..<12)  // six leads, two values each
        RepeatedIDs.drop([1, 5], from: &pairs, stride: 2)
        XCTAssertEqual(pairs, [0, 1, 4, 5, 6, 7, 8, 9])
        var empty: [Double] = []
        RepeatedIDs.drop([0], from: &empty)
        XCTAssertEqual(empty, [])
    }

    /// 12,000 new leads read in parts, with repeats added: an exact copy, copies with other values, one with its
    /// id quoted and one with a space after it (the same id once read), and the repeat of a lead whose first row
    /// could not be scored (its first scored row is the one kept). The scores are those of the file without the
    /// repeats, byte for byte (ranks and tiers included: the repeats are set aside before the ranking); the
    /// repeats are in the rejects file after the rows that could not be scored, each naming the line of the
    /// lead's first scored row.
    func testRepeatsAreSetAsideAndTheRestIsScoredAsWithoutThem() throws {
        let m = try ScoreRunTests.sample.get()
        var text = ""
        try SyntheticLeads(rows: 12_000, seed: 5, newLeads: true).write { text += String(decoding: $0, as: UTF8.self) }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        XCTAssertEqual(lines.count, 12_001)
        let id = { (line: String) in String(line.prefix { $0 != "," }) }
        func rest(_ line: String) -> String { String(line.dropFirst(id(line).count)) }
        var plain = lines
        let bad = id(lines[7000])
        plain[7000] = bad + ",too,few"          // line 7,001: set aside, too few fields (as are 139 and 614)
        plain.append(bad + rest(lines[8]))       // line 12,002: that lead's first scored row
        var withRepeats = plain
        withRepeats.insert(lines[2], at: 8000)                                        // line 8,001: line 3's lead
        withRepeats.insert("\"" + id(lines[1]) + "\"" + rest(lines[3]), at: 10_500)   // line 10,501: line 2's
        withRepeats.append(id(lines[9000]) + " " + rest(lines[9000]))                 // line 12,005: now on line 9,002
        withRepeats.append(lines[6000])                                               // line 12,006: line 6,001's
        withRepeats.append(id(lines[12_000]) + rest(lines[7]))                       // line 12,007: now on 12,003
        withRepeats.append(bad + rest(lines[9]))                                      // line 12,008: now on 12,004
        // Line 12,009: line 12's lead, with an industry the model has not seen and no BANT answers.
        var fields = lines[11].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        (fields[2], fields[17], fields[18], fields[19]) = ("aerospace", "", "", "")
        withRepeats.append(fields.joined(separator: ","))
        let dir = TestFiles.folder()
        try (plain.joined(separator: "\n") + "\n").write(toFile: dir + "/plain.csv", atomically: true, encoding: .utf8)
        try (withRepeats.joined(separator: "\n") + "\n").write(toFile: dir + "/repeats.csv", atomically: true, encoding: .utf8)

        func score(_ name: String) throws -> ScoreSummary {
            var o = ScoreOptions(leads: dir + "/\(name).csv", out: dir + "/\(name)-scored.csv")
            o.policy = TestFiles.root.path + "/models/policy.yaml"
            return try ScoreRun.run(model: m, options: o)
        }
        let p = try score("plain"), r = try score("repeats")
        XCTAssertEqual(p.rejected, 3)  // lines 139 and 614 of synth's new leads, and 7,001
        XCTAssertEqual(p.repeated, 0)
        XCTAssertEqual(r.scored, p.scored)
        XCTAssertEqual(r.rejected, 3 + 7)
        XCTAssertEqual(r.repeated, 7)
        XCTAssertTrue(r.text.hasPrefix("scored \(r.scored), rejected 10 (7 repeating an earlier row's id) -> "), r.text)
        // The summary counts the scored leads' unseen levels and imputed values: the repeats' are not among them.
        XCTAssertEqual(r.unseen, p.unseen)
        XCTAssertEqual(r.imputed, p.imputed)
        XCTAssertEqual(r.unseenColumns.map(\.name), p.unseenColumns.map(\.name))
        XCTAssertEqual(r.unseenColumns.map(\.count), p.unseenColumns.map(\.count))
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: dir + "/repeats-scored.csv")),
                       try Data(contentsOf: URL(fileURLWithPath: dir + "/plain-scored.csv")))
        let scored = try readAll(dir + "/repeats-scored.csv").rows
        XCTAssertEqual(Set(scored.map { $0[0] }).count, scored.count, "each lead once")

        let rejects = try readAll(dir + "/repeats-scored.csv.rejects.csv").rows
        XCTAssertEqual(rejects.map { $0[0] },
                       ["139", "614", "7001", "8001", "10501", "12005", "12006", "12007", "12008", "12009"])
        // The id column shows the field as written; the reason, the id as read.
        XCTAssertEqual(rejects.map { $0[1] }, [id(lines[138]), id(lines[613]), bad, id(lines[2]), id(lines[1]), id(lines[9000]) + " ", id(lines[6000]),
                                               id(lines[12_000]), bad, id(lines[11])])
        let first = ["8001": 3, "10501": 2, "12005": 9002, "12006": 6001, "12007": 12_003, "12008": 12_004, "12009": 12]
        for row in rejects.dropFirst(3) {
            let lead = row[1].trimmingCharacters(in: .whitespaces)
            XCTAssertEqual(row[2], "lead_id '\(lead)' is on line \(first[row[0]]!) too, which was scored: a lead is scored once,"
                + " from its first row")
        }
    }
}
