import XCTest

/// `-` for standard input and output: the same results as from files, only data on standard output, and
/// nothing left in TMPDIR (standard input is spooled to a file with no name).
final class PipeTests: XCTestCase {
    /// `command` in bash in `dir`, with the debug build on PATH, TMPDIR `dir/tmp` and R the repository's folder
    /// (other end-to-end tests run their pipelines through it too).
    static func sh(_ command: String, in dir: String) throws -> CommandLineTests.Run {
        let bin = (try TestFiles.executable() as NSString).deletingLastPathComponent
        return try CommandLineTests.shell("export PATH=\(bin):$PATH TMPDIR=\(dir)/tmp; mkdir -p tmp; R=\(TestFiles.root.path); " + command, in: dir)
    }

    func sh(_ command: String, in dir: String) throws -> CommandLineTests.Run { try Self.sh(command, in: dir) }

    func testTrainFromAPipeEqualsTrainFromTheFile() throws {
        let dir = TestFiles.folder()
        let run = try sh("""
            cat $R/datasets/leads_history.csv | leadscore train --data - --features $R/datasets/spec.yaml --out pipe.json --quiet &&
            leadscore train --data $R/datasets/leads_history.csv --features $R/datasets/spec.yaml --out file.json --quiet
            """, in: dir)
        XCTAssertEqual(run.status, 0, run.err)
        func load(_ name: String) throws -> [String: Any] {
            try XCTUnwrap(JSONSerialization.jsonObject(with: try Data(contentsOf: URL(fileURLWithPath: dir + "/" + name))) as? [String: Any])
        }
        let pipe = try load("pipe.json"), file = try load("file.json")
        let pipeData = try XCTUnwrap(pipe["data"] as? [String: Any]), fileData = try XCTUnwrap(file["data"] as? [String: Any])
        XCTAssertEqual(pipeData["file"] as? String, "-")
        XCTAssertEqual(pipeData["sha256"] as? String, fileData["sha256"] as? String)
        let estimates = { (m: [String: Any]) in (m["coefficients"] as? [[String: Any]])?.compactMap { $0["estimate"] as? Double } }
        XCTAssertEqual(estimates(pipe), estimates(file))
        XCTAssertEqual(estimates(pipe)?.count, 46)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir + "/tmp"), [], "the spooled input must leave nothing")
    }

    func testScoreThroughAPipeWritesTheSameBytes() throws {
        let dir = TestFiles.folder()
        let run = try sh("""
            leadscore train --data $R/datasets/leads_history.csv --features $R/datasets/spec.yaml --out m.json --quiet &&
            cat $R/datasets/new_leads.csv | leadscore score --model m.json --leads - --policy $R/models/policy.yaml --out - --rejects pr.csv > piped.csv &&
            leadscore score --model m.json --leads $R/datasets/new_leads.csv --policy $R/models/policy.yaml --out file.csv --rejects fr.csv
            """, in: dir)
        XCTAssertEqual(run.status, 0, run.err)
        let piped = try Data(contentsOf: URL(fileURLWithPath: dir + "/piped.csv"))
        XCTAssertEqual(piped, try Data(contentsOf: URL(fileURLWithPath: dir + "/file.csv")))
        XCTAssertTrue(String(decoding: piped, as: UTF8.self).hasPrefix("lead_id,probability,score,tier,rank,"), "standard output holds only data")
        XCTAssertEqual(try readAll(dir + "/pr.csv").rows.count, 2)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir + "/tmp"), [])
    }

    /// report reads new leads from a pipe (spooled, read as often as its sections need) and names them
    /// `standard input`; only one of its inputs can be standard input.
    func testReportReadsLeadsFromAPipe() throws {
        let dir = TestFiles.folder()
        let run = try sh("""
            leadscore train --data $R/datasets/leads_history.csv --features $R/datasets/spec.yaml --out m.json --quiet &&
            cat $R/datasets/new_leads.csv | leadscore report --model m.json --leads - --policy $R/models/policy.yaml --out r.html
            """, in: dir)
        XCTAssertEqual(run.status, 0, run.err)
        let page = try String(contentsOfFile: dir + "/r.html", encoding: .utf8)
        XCTAssertTrue(page.contains("standard input: 998 leads scored, 2 set aside"), page)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir + "/tmp"), [])
        let both = try sh("leadscore report --model m.json --data - --leads - --out r2.html < /dev/null", in: dir)
        XCTAssertEqual(both.status, 64, both.err)
        XCTAssertTrue(both.err.contains("--data and --leads cannot both be standard input"), both.err)
    }

    func testStandardOutputNeedsARejectsFileAndErrorsNameStandardInput() throws {
        let dir = TestFiles.folder()
        let noRejects = try sh("leadscore score --model x.json --leads - --out - < /dev/null", in: dir)
        XCTAssertEqual(noRejects.status, 64)
        XCTAssertTrue(noRejects.err.contains("name a file for rejected rows with --rejects FILE"), noRejects.err)
        let broken = try sh("printf 'a,b\\n1,\"x\\n' | leadscore train --data - --label b --out m.json", in: dir)
        XCTAssertEqual(broken.status, 1)
        XCTAssertTrue(broken.err.contains("standard input:2: column 'b': a quoted field is never closed"), broken.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/m.json"))
        // Errors found after the read (the encoder's, the labels', the guardrails') name it too, not the spooled
        // copy's /proc path.
        try "features:\n  flag: boolean\n  n: numeric\nlabel: won\n".write(toFile: dir + "/spec.yaml", atomically: true, encoding: .utf8)
        for (input, message) in [("flag,n,won\\ntrue,1,1\\nmaybe,2,0\\n", "standard input: column 'flag' is declared boolean but holds \"maybe\""),
                                 ("flag,n,won\\ntrue,1,1\\nfalse,2,x\\nfalse,3,0\\n", "standard input: column 'won': the label must have exactly two values")] {
            let run = try sh("printf '\(input)' | leadscore train --data - --features spec.yaml --min-class-rows 1 --out m.json", in: dir)
            XCTAssertEqual(run.status, 1, run.err)
            XCTAssertTrue(run.err.contains(message), run.err)
            XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/m.json"))
        }
        let gzipped = try sh("gzip -c $R/datasets/leads_history.csv | leadscore train --data - --features $R/datasets/spec.yaml --out m.json", in: dir)
        XCTAssertEqual(gzipped.status, 1, gzipped.err)
        XCTAssertTrue(gzipped.err.contains("standard input: the file is gzip-compressed, not CSV text; decompress it in the pipe"), gzipped.err)
    }
}
