import XCTest

/// Lead tables piped from `psql` (PostgreSQL's command line) straight into leadscore. `COPY … TO STDOUT
/// (FORMAT csv)` writes PostgreSQL's own text: booleans as `t`/`f`, NULL as an empty field, a timestamp with its
/// zone's offset in hours (`2024-10-31 17:00:00-07`). The
/// sample's history and new leads are loaded with their columns typed (booleans `boolean`, the outcome too) into
/// a real server this test starts on a loopback port and stops (`Tests/warehouse/postgres.sh`). Before t/f was
/// read as a boolean, `score` set aside every piped lead; before `\N` was missing, COPY's text format (tabs, NULL
/// as `\N`) set aside every lead with a gap; before hours-only offsets were read, the history had no dates.
final class PostgresPipeTests: XCTestCase {
    func testTrainScoreAndEvaluateFromPsql() throws {
        let installed = FileManager.default.fileExists(atPath: "/usr/bin/psql")
            && ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []).contains { !$0.hasPrefix(".") }
        try WarehouseTests.require(installed, "PostgreSQL is not installed: apt-get install -y postgresql")
        let dir = TestFiles.folder()
        let bin = (try TestFiles.executable() as NSString).deletingLastPathComponent
        // Column types as the warehouse test's typed load infers them (engine.py), the outcome as a boolean.
        let create = """
            import csv, sys
            sys.path.insert(0, sys.argv[1] + "/Tests/warehouse")
            import engine
            for table, path in (("history", "leads_history.csv"), ("new_leads", "new_leads.csv")):
                rows = list(csv.reader(open(sys.argv[1] + "/datasets/" + path, newline="")))
                types = ["boolean" if n == "converted" else engine.pg_type([r[i] for r in rows[1:]]) for i, n in enumerate(rows[0])]
                print(f"CREATE TABLE {table} (" + ", ".join(f'"{n}" {t}' for n, t in zip(rows[0], types)) + ");")
                print(f"\\\\copy {table} FROM '{sys.argv[1]}/datasets/{path}' WITH (FORMAT csv, HEADER true)")
            # The history's creation times as timestamps with a time zone, each the file's day at midnight UTC.
            print("ALTER TABLE history ALTER COLUMN created_date TYPE timestamptz USING created_date::timestamp AT TIME ZONE 'UTC';")
            """
        try create.write(toFile: dir + "/create.py", atomically: true, encoding: .utf8)
        let run = try CommandLineTests.shell("""
            set -e
            export PATH=\(bin):$PATH R=\(TestFiles.root.path) PGGSSENCMODE=disable PGSSLMODE=disable PGCONNECT_TIMEOUT=20
            P=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
            trap 'sh $R/Tests/warehouse/postgres.sh stop "$PWD/pg"' EXIT
            sh $R/Tests/warehouse/postgres.sh start "$PWD/pg" $P
            Q="psql -h 127.0.0.1 -p $P -U postgres -d postgres -v ON_ERROR_STOP=1 -q"
            python3 create.py "$R" | $Q
            # Written in Los Angeles time: PostgreSQL's form for a timestamptz, 2024-10-31 17:00:00-07.
            out() { PGTZ=America/Los_Angeles $Q -c "\\copy (SELECT * FROM $1 ORDER BY lead_id) TO STDOUT WITH (FORMAT csv, HEADER true)"; }
            out history > history.csv
            out history | leadscore train --data - --features $R/datasets/spec.yaml --holdout 0.2 --out piped.json --quiet
            leadscore train --data $R/datasets/leads_history.csv --features $R/datasets/spec.yaml --holdout 0.2 --out file.json --quiet
            out new_leads | leadscore score --model file.json --leads - --out - --rejects piped-rejects.csv > piped.csv
            $Q -c "\\copy (SELECT * FROM new_leads ORDER BY lead_id) TO STDOUT WITH (FORMAT text, HEADER true)" > new_leads.txt
            leadscore score --model file.json --leads new_leads.txt --out text.csv --rejects text-rejects.csv
            leadscore score --model file.json --leads $R/datasets/new_leads.csv --out file.csv --rejects file-rejects.csv
            out history | leadscore evaluate --model file.json --data - --json --bootstrap 0 > piped-eval.json
            leadscore evaluate --model file.json --data $R/datasets/leads_history.csv --json --bootstrap 0 > file-eval.json
            """, in: dir)
        XCTAssertEqual(run.status, 0, run.err)

        // PostgreSQL's text really is t/f (else this test proves nothing new).
        let (header, history, _) = try readAll(dir + "/history.csv")
        let demo = try XCTUnwrap(header.firstIndex(of: "demo_requested")), label = try XCTUnwrap(header.firstIndex(of: "converted"))
        XCTAssertEqual(Set(history.map { $0[demo] }), ["t", "f"])
        XCTAssertEqual(Set(history.map { $0[label] }), ["t", "f"])
        let created = try XCTUnwrap(header.firstIndex(of: "created_date"))
        XCTAssertEqual(history.first?[created], "2024-10-31 17:00:00-07")

        // train: the same coefficients, bit for bit; the outcome's converted value as PostgreSQL wrote it.
        func json(_ name: String) throws -> [String: Any] {
            try XCTUnwrap(JSONSerialization.jsonObject(with: try Data(contentsOf: URL(fileURLWithPath: dir + "/" + name))) as? [String: Any])
        }
        let piped = try json("piped.json"), file = try json("file.json")
        let estimates = { (m: [String: Any]) in (m["coefficients"] as? [[String: Any]])?.compactMap { $0["estimate"] as? Double } }
        XCTAssertEqual(estimates(piped)?.count, 46)
        XCTAssertEqual(estimates(piped), estimates(file))
        XCTAssertEqual(piped["positive"] as? String, "t")
        // The time split (--holdout with the spec's time_column) cut at the same instant: the same validation.
        XCTAssertEqual((piped["data"] as? [String: Any])?["time_from"] as? String, "2024-11-01")
        for key in ["rows", "positives", "auc", "log_loss"] {
            let p = (piped["validation"] as? [String: Any])?[key] as? Double, f = (file["validation"] as? [String: Any])?[key] as? Double
            XCTAssertNotNil(f, key)
            XCTAssertEqual(p, f, key)
        }
        XCTAssertEqual((piped["validation"] as? [String: Any])?["kind"] as? String, "time-holdout")
        XCTAssertEqual(file["positive"] as? String, "1")

        // score: every lead with the file's probability, score and rank; the same two set aside.
        let (pipedHeader, pipedRows, _) = try readAll(dir + "/piped.csv"), (fileHeader, fileRows, _) = try readAll(dir + "/file.csv")
        XCTAssertEqual(pipedHeader, fileHeader)
        XCTAssertEqual(pipedRows.count, 998)
        let kept = ["lead_id", "probability", "score", "rank"].compactMap { fileHeader.firstIndex(of: $0) }
        XCTAssertEqual(kept.count, 4)
        XCTAssertEqual(pipedRows.map { r in kept.map { r[$0] } }, fileRows.map { r in kept.map { r[$0] } })
        XCTAssertEqual(try readAll(dir + "/piped-rejects.csv").rows.map { $0[1] }, try readAll(dir + "/file-rejects.csv").rows.map { $0[1] })
        // COPY's text format (its default): tab-separated, NULL written \N. The same leads, probabilities and ranks.
        let text = try String(contentsOfFile: dir + "/new_leads.txt", encoding: .utf8)
        XCTAssertTrue(text.contains("\t\\N\t"), "PostgreSQL's text format writes NULL as \\N")
        XCTAssertEqual(try readAll(dir + "/text.csv").rows.map { r in kept.map { r[$0] } }, fileRows.map { r in kept.map { r[$0] } })
        XCTAssertEqual(try readAll(dir + "/text-rejects.csv").rows.map { $0[1] }, try readAll(dir + "/file-rejects.csv").rows.map { $0[1] })

        // evaluate: labels t/f against a model whose converted value is 1: the same rows, positives and metrics.
        let pe = try json("piped-eval.json"), fe = try json("file-eval.json")
        for key in ["rows", "positives", "auc", "log_loss", "brier"] {
            XCTAssertNotNil(fe[key], key)
            XCTAssertEqual(pe[key] as? Double, fe[key] as? Double, key)
        }
        XCTAssertGreaterThan(try XCTUnwrap(pe["positives"] as? Double), 100)
    }
}
