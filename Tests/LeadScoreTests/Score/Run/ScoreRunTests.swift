import XCTest
@testable import LeadScore

final class ScoreRunTests: XCTestCase {
    /// The model the demo trains: shipped history, shipped spec; trained once, on first use (a static let is
    /// initialised once, thread-safely).
    static let sample = Result<ModelFile, any Error> {
        var options = TrainingOptions(spec: try FeatureSpec.load(path: TestFiles.root.path + "/datasets/spec.yaml"))
        options.holdout = 0.2
        return try Trainer.train(path: TestFiles.root.path + "/datasets/leads_history.csv", options: options).model
    }

    func sampleModel() throws -> ModelFile { try Self.sample.get() }

    func testReasonsAddUpToTheLogOdds() throws {
        let m = try sampleModel()
        let path = TestFiles.root.path + "/datasets/new_leads.csv"
        let reader = try CSVReader(path: path)
        let scorer = try RowScorer(model: m, header: reader.header, file: path)
        let table = try TableReader.read(path: TestFiles.root.path + "/datasets/leads_history.csv", columns: m.columnRequests,
                                         missing: m.spec.valueRules)
        let viaDesign = try m.probabilities(table: table, rows: [0, 1, 2, 3, 4])
        let history = try CSVReader(path: TestFiles.root.path + "/datasets/leads_history.csv")
        var c = [Double](repeating: 0, count: scorer.featureNames.count)
        var counts = RowScorer.Counts()
        var k = 0
        try history.forEachRecord { r in
            guard k < 5 else { return }
            let (eta, problem) = scorer.score(r, missing: m.spec.valueRules, contributions: &c, counts: &counts)
            XCTAssertNil(problem)
            // Sum of contributions + intercept + Σβ·mean equals the log-odds; and the row scorer agrees with the
            // design-matrix path used in training.
            // Sums of a few dozen terms of size ≲ 5: rounding stays far below 1e-12.
            XCTAssertClose(c.reduce(0, +) + scorer.baseline, eta, rel: 1e-12, abs: 1e-12)
            XCTAssertClose(1 / (1 + exp(-eta)), viaDesign[k], rel: 1e-12)
            k += 1
        }
    }

    func testSampleLeadsEndToEnd() throws {
        let m = try sampleModel()
        let dir = TestFiles.folder()
        var o = ScoreOptions(leads: TestFiles.root.path + "/datasets/new_leads.csv", out: dir + "/scored.csv")
        o.policy = TestFiles.root.path + "/models/policy.yaml"
        let summary = try ScoreRun.run(model: m, options: o)
        XCTAssertEqual(summary.scored + summary.rejected, 1000)
        XCTAssertEqual(summary.rejected, 2)
        XCTAssertEqual(summary.tiers.map(\.name), ["SQL", "MQL", "Nurture", "Disqualified"])
        XCTAssertEqual(summary.tiers.map(\.count).reduce(0, +), summary.scored)
        let (header, rows, _) = try readAll(dir + "/scored.csv")
        XCTAssertEqual(header, ["lead_id", "probability", "score", "tier", "rank", "gates_passed", "gate_budget", "gate_authority",
                                "gate_need", "gate_timeline", "reasons", "tier_reason"])
        XCTAssertEqual(rows.count, summary.scored)
        XCTAssertEqual(rows.map { Int($0[4])! }, Array(1...rows.count))
        let order = ["SQL": 0, "MQL": 1, "Nurture": 2, "Disqualified": 3]
        for (a, b) in zip(rows, rows.dropFirst()) {
            let ta = order[a[3]]!, tb = order[b[3]]!
            XCTAssertTrue(ta < tb || (ta == tb && Double(a[1])! >= Double(b[1])!), "\(a[0]) before \(b[0])")
        }
        for r in rows {
            let p = Double(r[1])!
            XCTAssertEqual(Int(r[2])!, Int((100 * p + 0.5).rounded(.down)))
            XCTAssertEqual("\(p)", r[1], "probability round-trips")
            XCTAssertEqual(Int(r[5])!, r[6...9].filter { $0 == "pass" }.count)
            XCTAssertEqual(r[10].split(separator: ";").count, 3)
            if r[3] == "SQL" { XCTAssertEqual(r[7], "pass"); XCTAssertGreaterThanOrEqual(Int(r[2])!, 30) }
        }
        let rejects = try readAll(dir + "/scored.csv.rejects.csv")
        XCTAssertEqual(rejects.header.prefix(4), ["line", "id", "reason", "lead_id"])
        XCTAssertEqual(rejects.rows.map { $0[0] }, ["139", "614"])
        XCTAssertEqual(rejects.rows[0][2], "column 'employees': \"about 50\" is not a number")
        XCTAssertEqual(rejects.rows[1][2], "column 'annual_revenue': \"1e999\" is not a finite number")
    }

    /// Values are trimmed of surrounding spaces and tabs, quoted or not: padded leads score exactly as the
    /// plain ones (levels, booleans, numbers, missing tokens, gates, ids and reasons alike).
    func testSurroundingSpacesAndTabsAreTrimmed() throws {
        let m = try sampleModel()
        let dir = TestFiles.folder()
        let plain = try String(contentsOfFile: TestFiles.root.path + "/datasets/new_leads.csv", encoding: .utf8)
        var lines = plain.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let pads = [" ", "\t", "  ", " \t"]
        for i in 1..<lines.count where !lines[i].isEmpty {
            lines[i] = lines[i].split(separator: ",", omittingEmptySubsequences: false).enumerated().map { k, f in
                let pad = pads[(i + k) % pads.count]
                return (i + k) % 3 == 0 ? "\"\(pad)\(f)\(pad)\"" : "\(pad)\(f)\(pad)"
            }.joined(separator: ",")
        }
        let padded = TestFiles.write(lines.joined(separator: "\n"))
        for (leads, out) in [(TestFiles.root.path + "/datasets/new_leads.csv", "plain.csv"), (padded, "padded.csv")] {
            var o = ScoreOptions(leads: leads, out: dir + "/" + out)
            o.policy = TestFiles.root.path + "/models/policy.yaml"
            _ = try ScoreRun.run(model: m, options: o)
        }
        let a = try readAll(dir + "/plain.csv"), b = try readAll(dir + "/padded.csv")
        XCTAssertEqual(a.rows.count, 998)
        XCTAssertEqual(a.rows, b.rows)
    }

    /// `tier_reason` explains every tier: the top tier's met conditions, the disqualify rule that matched, and
    /// for lower tiers why not the tier above, where a lead pushed down by `max_leads` is always recognisable:
    /// its position among the leads that met the full tier's conditions (26…E after the 25 it took; a lead
    /// pushed down that also misses MQL's conditions is explained by those instead).
    func testTierReasonsExplainEveryTierAndCapacity() throws {
        let m = try sampleModel()
        let dir = TestFiles.folder()
        var o = ScoreOptions(leads: TestFiles.root.path + "/datasets/new_leads.csv", out: dir + "/scored.csv")
        o.policy = TestFiles.root.path + "/Tests/warehouse/policy.yaml"
        _ = try ScoreRun.run(model: m, options: o)
        let (header, rows, _) = try readAll(dir + "/scored.csv")
        XCTAssertEqual(header.suffix(2), ["reasons", "tier_reason"])
        let tier = header.firstIndex(of: "tier")!, reason = header.count - 1, score = header.firstIndex(of: "score")!
        for r in rows { XCTAssertTrue(r[reason].hasPrefix(r[tier] + ": "), r[reason]) }
        let sql = rows.filter { $0[tier] == "SQL" }
        XCTAssertEqual(sql.count, 25)
        for r in sql { XCTAssertTrue(r[reason].hasPrefix("SQL: score \(r[score]) ≥ 25, gates "), r[reason]); XCTAssertTrue(r[reason].hasSuffix(" incl. authority")) }
        let pushed = rows.filter { $0[reason].hasPrefix("MQL: over SQL capacity (rank ") }
        XCTAssertGreaterThan(pushed.count, 5)
        let positions = pushed.map { Int($0[reason].split(separator: " ")[5])! }
        XCTAssertEqual(positions.first, 26, "right after the 25 taken")
        XCTAssertEqual(positions, positions.sorted(), "in rank order")
        XCTAssertEqual(Set(positions).count, positions.count)
        let eligible = Set(pushed.map { $0[reason].split(separator: " ")[7] })
        XCTAssertEqual(eligible.count, 1)
        XCTAssertGreaterThanOrEqual(Int(eligible.first!)!, positions.last!)
        let disqualified = Set(rows.filter { $0[tier] == "Disqualified" }.map { $0[reason] })
        XCTAssertTrue(disqualified.contains("Disqualified: unsubscribed"), "\(disqualified)")
        XCTAssertTrue(disqualified.isSubset(of: ["Disqualified: unsubscribed", "Disqualified: email_domain = competitor's",
                                                 "Disqualified: not trial_started and industry missing and employees < 5"]))
        let kinds = Set(rows.map { $0[reason].replacingOccurrences(of: #"[0-9]+"#, with: "N", options: .regularExpression) })
        XCTAssertTrue(kinds.contains("MQL: gate authority failed") || kinds.contains("MQL: gate authority unknown"), "\(kinds)")
        XCTAssertTrue(kinds.contains("Warm: gate engaged failed"), "\(kinds)")
        XCTAssertTrue(kinds.contains("Nurture: gates N/N < N for Warm"), "\(kinds)")
    }

    /// JSON lines carry the same tier_reason as the CSV, lead for lead.
    func testJSONLinesCarryTheTierReason() throws {
        let m = try sampleModel()
        let dir = TestFiles.folder()
        for format in [ScoreOptions.Format.csv, .jsonl] {
            var o = ScoreOptions(leads: TestFiles.root.path + "/datasets/new_leads.csv", out: dir + "/scored.\(format.rawValue)")
            o.policy = TestFiles.root.path + "/Tests/warehouse/policy.yaml"
            o.format = format
            _ = try ScoreRun.run(model: m, options: o)
        }
        let csv = try readAll(dir + "/scored.csv").rows.map { ($0[0], $0.last!) }
        let lines = try String(contentsOfFile: dir + "/scored.jsonl", encoding: .utf8).split(separator: "\n")
        let json = try lines.map { line -> (String, String) in
            let o = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            return (o["lead_id"] as! String, o["tier_reason"] as! String)
        }
        XCTAssertEqual(csv.count, 998)
        XCTAssertEqual(csv.map(\.0), json.map(\.0))
        XCTAssertEqual(csv.map(\.1), json.map(\.1))
    }

    func testRejectsUnseenMissingTopJSONLAndFormulas() throws {
        let m = try sampleModel()
        let base = try String(contentsOfFile: TestFiles.root.path + "/datasets/new_leads.csv", encoding: .utf8)
            .split(separator: "\n").prefix(6).map(String.init)
        var lines = base
        lines[1] = lines[1].replacingOccurrences(of: "N0000001", with: "=HYPERLINK(1)")
        lines[2] = lines[2].replacingOccurrences(of: ",americas,", with: ",mars,").replacingOccurrences(of: ",apac,", with: ",mars,")
            .replacingOccurrences(of: ",emea,", with: ",mars,").replacingOccurrences(of: ",latam,", with: ",mars,")
        lines.append("N9,too,few")
        let dir = TestFiles.folder()
        let leads = dir + "/leads.csv"
        try (lines.joined(separator: "\n") + "\n").write(toFile: leads, atomically: true, encoding: .utf8)
        var o = ScoreOptions(leads: leads, out: dir + "/out.csv")
        o.rejects = dir + "/bad.csv"
        let s = try ScoreRun.run(model: m, options: o)
        XCTAssertEqual(s.scored, 5)
        XCTAssertEqual(s.rejected, 1)
        XCTAssertEqual(s.unseen, 1)
        // The summary names the column of the unseen level (it gave only the count).
        XCTAssertTrue(s.text.hasPrefix("scored 5, rejected 1 -> \(dir)/bad.csv; 1 unseen category (region 1); "), s.text)
        let out = try readAll(dir + "/out.csv")
        XCTAssertEqual(out.header, ["lead_id", "probability", "score", "rank", "reasons"])
        XCTAssertTrue(out.rows.contains { $0[0] == "'=HYPERLINK(1)" })
        XCTAssertEqual(try readAll(dir + "/bad.csv").rows[0][2], "the row has 3 fields but the header has 22")
        o.top = 2
        o.format = .jsonl
        o.reasons = 1
        _ = try ScoreRun.run(model: m, options: o)
        let json = try String(contentsOfFile: dir + "/out.csv", encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(json.count, 2)
        let first = try JSONSerialization.jsonObject(with: Data(json[0].utf8)) as! [String: Any]
        XCTAssertEqual(first["rank"] as? Int, 1)
        XCTAssertEqual((first["reasons"] as? String)?.split(separator: ";").count, 1)
    }

    /// The second pass split into parts (as on several cores) writes the same bytes as one part, with rejected
    /// rows in several parts and a lead file of several batches.
    func testOutputInPartsEqualsOnePart() throws {
        let m = try sampleModel()
        var text = ""
        try SyntheticLeads(rows: 12_000, seed: 5, newLeads: true).write { text += String(decoding: $0, as: UTF8.self) }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[5000] = "N5000,too,few"
        lines[9001] = lines[9001].replacingOccurrences(of: ",corporate", with: ",\"corpo\nrate\"")
        lines[11000] = "N11000,too,few"
        let path = TestFiles.write(lines.joined(separator: "\n"), name: "leads.csv")
        let reader = try CSVReader(path: path)
        let scorer = try RowScorer(model: m, header: reader.header, file: path)
        let policy = try Policy.load(path: TestFiles.root.path + "/models/policy.yaml", header: reader.header)
        let pass = try ScoringPass.run(model: m, path: path, policy: policy, scorer: scorer, delimiter: nil, reasons: 3) { _ in }
        XCTAssertEqual(pass.rejected.count, 4)  // the two bad rows of --new, and ours
        let order = TierAssigner.byProbability(pass.probabilities)
        let tiers = TierAssigner.assign(policy, probabilities: pass.probabilities, order: order, passes: pass.passes,
                                        disqualified: pass.disqualified)
        let output = OutputPass(scorer: scorer, policy: policy,
                                formatter: ScoreLine(format: .csv, idName: "lead_id", gates: policy.gates.map(\.name),
                                                     tierNames: policy.tierNames),
                                missing: m.spec.valueRules, idIndex: 0, limit: pass.probabilities.count,
                                tiers: tiers, ranks: TierAssigner.ranks(order: order, tiers: tiers), first: pass)
        func written(parts: Int) throws -> String {
            let segments = pass.parts(parts)
            XCTAssertEqual(segments.count, parts)
            let dir = TestFiles.folder()
            let collectors = try segments.indices.map { _ in try RankedLines(folder: dir, total: pass.probabilities.count) }
            for (k, s) in segments.enumerated() {
                let rows = k + 1 < segments.count ? segments[k + 1].start.ordinal : pass.probabilities.count + pass.rejected.count
                try output.write(try CSVReader(segmentOf: reader, from: s.start.offset, to: s.end, line: s.start.line),
                                 firstRow: s.start.ordinal, rows: rows - s.start.ordinal, into: collectors[k])
            }
            let out = try OutputFile(path: dir + "/out.csv")
            try RankedLines.drain(collectors, into: out, at: 0)
            try out.commit(durable: false)
            return try String(contentsOfFile: dir + "/out.csv", encoding: .utf8)
        }
        let one = try written(parts: 1)
        XCTAssertEqual(one.split(separator: "\n").count, 12_000 - 4)
        let quotedID = String(lines[9001].prefix { $0 != "," })
        XCTAssertTrue(lines[9001].contains("\"corpo\nrate\""))
        XCTAssertTrue(one.contains("\n" + quotedID + ","), "the row with a quoted line break is scored")
        XCTAssertEqual(try written(parts: 3), one)
    }

    /// The first pass in parts (a file cut at line breaks, read at once) equals the sequential pass: scores,
    /// gates, rejected rows with their lines, checkpoints. Cuts skip line breaks inside quotes; with quotes that
    /// cannot be trusted the pass falls back to one sequence.
    func testFirstPassInPartsEqualsSequentialPass() throws {
        let m = try sampleModel()
        var text = ""
        try SyntheticLeads(rows: 12_000, seed: 6, newLeads: true).write { text += String(decoding: $0, as: UTF8.self) }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // The last field (email_domain) replaced by a quoted one.
        func lastField(_ line: String, _ quoted: String) -> String {
            String(line[..<line.lastIndex(of: ",")!]) + ",\"" + quoted + "\""
        }
        lines[3000] = lastField(lines[3000], "corpo\nrate")
        lines[7000] = "N7000,too,few"
        lines[11000] = "N11000,too,few"
        func check(_ lines: [String], partsWork: Bool, rejectLines: [Int]) throws {
            let path = TestFiles.write(lines.joined(separator: "\n"), name: "leads.csv")
            let reader = try CSVReader(path: path)
            let policy = try Policy.load(path: TestFiles.root.path + "/models/policy.yaml", header: reader.header)
            let rows = RowPass(scorer: try RowScorer(model: m, header: reader.header, file: path), policy: policy,
                               missing: m.spec.valueRules, width: reader.header.count, label: nil)
            var sequential = ScoringPass()
            var rejects: [ScoringPass.RejectedRow] = []
            var ordinal = 0
            let scratch = RowPass.BatchScratch()
            try reader.forEachBatch { batch in
                sequential.checkpoints.append(.init(offset: batch.offset, line: batch.line, ordinal: ordinal))
                try rows.absorb(batch, firstRow: ordinal, into: &sequential, cores: 1, scratch: scratch) { rejects.append($0) }
                ordinal += batch.count
            }
            for parts in [2, 3] {
                let fresh = try CSVReader(path: path)
                guard let (pass, partRejects) = rows.inParts(fresh, parts: parts) else {
                    XCTAssertFalse(partsWork, "parts fell back")
                    continue
                }
                XCTAssertTrue(partsWork)
                XCTAssertEqual(pass.probabilities, sequential.probabilities)
                XCTAssertEqual(pass.passes, sequential.passes)
                XCTAssertEqual(pass.unknowns, sequential.unknowns)
                XCTAssertEqual(pass.disqualified, sequential.disqualified)
                XCTAssertEqual(pass.rejected, sequential.rejected)
                XCTAssertEqual(pass.unseen, sequential.unseen)
                XCTAssertEqual(pass.imputed, sequential.imputed)
                XCTAssertEqual(partRejects.map(\.line), rejects.map(\.line))
                XCTAssertEqual(partRejects.map(\.reason), rejects.map(\.reason))
                XCTAssertEqual(partRejects.map(\.fields), rejects.map(\.fields))
                // Checkpoints differ in where batches start, but each must be a true (offset, line, ordinal).
                for c in pass.checkpoints {
                    let at = try CSVReader(segmentOf: fresh, from: c.offset, to: fresh.fileSize, line: c.line)
                    var first: (line: Int, id: String)?
                    try at.forEachRecord { r in if first == nil { first = (r.line, r.string(0) ?? "") } }
                    XCTAssertEqual(first?.line, c.line)
                    XCTAssertEqual(first?.id, String(lines[c.ordinal + 1].prefix { $0 != "," }))
                }
            }
            XCTAssertEqual(rejects.map(\.line), rejectLines)
        }
        try check(lines, partsWork: true, rejectLines: [139, 614, 7002, 11002])
        // A quoted field with line breaks across the middle of the file, where every part's target lies: the
        // cuts count the quotes before them and move past the field, so the parts still work.
        lines[6000] = lastField(lines[6000], String(repeating: "ab\n", count: 1_500_000))
        try check(lines, partsWork: true, rejectLines: [139, 614, 1_507_002, 1_511_002])
        // A lone quote inside an unquoted field (read as a character, not RFC 4180) leaves an odd count of quotes
        // before every later line break: no cut is trusted and the pass runs in one sequence.
        lines[1000] = "N1000,ab\"c"
        try check(lines, partsWork: false, rejectLines: [139, 614, 1001, 1_507_002, 1_511_002])
    }

    /// An export with a trailing delimiter on every line scores the same and says so in the summary.
    func testTrailingEmptyColumnIsIgnoredAndNoted() throws {
        let m = try sampleModel()
        let base = try String(contentsOfFile: TestFiles.root.path + "/datasets/new_leads.csv", encoding: .utf8)
            .split(separator: "\n").prefix(20).map(String.init)
        let dir = TestFiles.folder()
        try (base.joined(separator: "\n") + "\n").write(toFile: dir + "/plain.csv", atomically: true, encoding: .utf8)
        try (base.map { $0 + "," }.joined(separator: "\n") + "\n").write(toFile: dir + "/trailing.csv", atomically: true, encoding: .utf8)
        let plain = try ScoreRun.run(model: m, options: ScoreOptions(leads: dir + "/plain.csv", out: dir + "/a.csv"))
        let trailing = try ScoreRun.run(model: m, options: ScoreOptions(leads: dir + "/trailing.csv", out: dir + "/b.csv"))
        XCTAssertEqual(try String(contentsOfFile: dir + "/a.csv", encoding: .utf8), try String(contentsOfFile: dir + "/b.csv", encoding: .utf8))
        XCTAssertEqual(plain.notes, [])
        XCTAssertEqual(trailing.notes, [dir + "/trailing.csv: the header ends with a delimiter; the unnamed empty last column is ignored"])
        XCTAssertTrue(trailing.text.hasSuffix("\nnote: " + trailing.notes[0]))
    }

    /// Invalid UTF-8 in an id or a category reaches the output as U+FFFD, so the file stays valid UTF-8.
    func testInvalidUTF8IsReplacedInTheOutput() throws {
        let m = try sampleModel()
        let base = try String(contentsOfFile: TestFiles.root.path + "/datasets/new_leads.csv", encoding: .utf8)
            .split(separator: "\n").prefix(3).map(String.init)
        var fields = base[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        fields[0] = "N@1"
        fields[2] = "soft@ware"
        let row = Array(fields.joined(separator: ",").utf8).map { $0 == UInt8(ascii: "@") ? 0xFF : $0 }
        let dir = TestFiles.folder()
        let path = TestFiles.writeBytes(Array((base[0] + "\n").utf8) + row + [10] + Array((base[2] + "\n").utf8), name: "bad-utf8.csv")
        var o = ScoreOptions(leads: path, out: dir + "/out.csv")
        o.reasons = 100
        _ = try ScoreRun.run(model: m, options: o)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: dir + "/out.csv"))
        let text = try XCTUnwrap(String(data: bytes, encoding: .utf8), "the output is valid UTF-8")
        XCTAssertTrue(text.contains("\nN\u{FFFD}1,"), text)
        XCTAssertTrue(text.contains("industry=soft\u{FFFD}ware ("), text)
    }

    func testLeadsWithoutAModelColumnFailBeforeAnyWork() throws {
        let m = try sampleModel()
        let dir = TestFiles.folder()
        let leads = TestFiles.write("lead_id,industry\nA,software\n")
        let o = ScoreOptions(leads: leads, out: dir + "/out.csv")
        XCTAssertThrowsError(try ScoreRun.run(model: m, options: o)) {
            XCTAssertTrue("\($0)".contains(":1: the model needs columns 'employees', 'annual_revenue'"), "\($0)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/out.csv"))
    }

    /// Unseen levels counted per column, most first; columns after the 63rd share the last count.
    func testUnseenLevelsAreCountedByColumn() {
        var pass = ScoringPass()
        for bits: UInt64 in [0b101, 0b100, 0b100, RowScorer.unseenBit(63) | RowScorer.unseenBit(70), RowScorer.unseenBit(1)] {
            pass.countUnseen(bits)
        }
        let names = (0..<71).map { "c\($0)" }
        XCTAssertEqual(pass.unseenColumns(names: names).map(\.name), ["c2", "c0", "c1", "columns after the 63rd"])
        XCTAssertEqual(pass.unseenColumns(names: names).map(\.count), [3, 1, 1, 1])
        XCTAssertEqual(pass.unseenColumns(names: Array(names.prefix(64))).last?.name, "c63")
        var other = ScoringPass()
        other.countUnseen(0b1)
        pass.append(other, rows: 0, lines: 0)
        XCTAssertEqual(pass.unseenColumns(names: names).prefix(2).map(\.count), [3, 2])
        XCTAssertEqual(ScoringPass().unseenColumns(names: names).count, 0)
        var summary = ScoreSummary()
        summary.unseen = 7
        summary.unseenColumns = [("industry", 3), ("region", 2), ("a", 1), ("b", 1), ("c", 1), ("d", 1)]
        XCTAssertTrue(summary.text.contains("; 7 unseen categories (industry 3, region 2, a 1, b 1, c 1, …); "), summary.text)
    }
}
