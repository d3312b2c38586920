import XCTest
@testable import LeadScore

/// A sheet saved with Excel's delimiter line first (`sep=;`, as files meant for Excel in a locale whose list
/// separator is a semicolon carry it): train, score and evaluate read it as the same rows, and number its
/// lines as the file does. Before, `sep=;` was read as a header of one column: "there is no label column".
final class ExcelSeparatorTests: XCTestCase {
    func sh(_ command: String, in dir: String) throws -> CommandLineTests.Run { try PipeTests.sh(command, in: dir) }

    /// `text` as such a sheet: a byte-order mark, the line, semicolons for commas (the sample has no comma inside
    /// a value), CRLF.
    static func excel(_ text: String) -> String {
        "\u{FEFF}sep=;\r\n" + text.replacingOccurrences(of: ",", with: ";").replacingOccurrences(of: "\n", with: "\r\n")
    }

    func testASheetWithTheSeparatorLineReadsAsItsRows() throws {
        let dir = TestFiles.folder()
        for name in ["leads_history", "new_leads"] {
            let rows = try String(contentsOfFile: TestFiles.root.path + "/datasets/\(name).csv", encoding: .utf8)
            try Self.excel(rows).write(toFile: dir + "/\(name)_excel.csv", atomically: true, encoding: .utf8)
        }
        let run = try sh("""
            leadscore train --data $R/datasets/leads_history.csv --features $R/datasets/spec.yaml --out file.json --quiet &&
            leadscore train --data leads_history_excel.csv --features $R/datasets/spec.yaml --out excel.json --quiet &&
            cat leads_history_excel.csv | leadscore train --data - --features $R/datasets/spec.yaml --out pipe.json --quiet &&
            leadscore score --model file.json --leads $R/datasets/new_leads.csv --policy $R/models/policy.yaml --out file.csv --quiet &&
            leadscore score --model file.json --leads new_leads_excel.csv --policy $R/models/policy.yaml --out excel.csv --quiet &&
            leadscore evaluate --model file.json --data $R/datasets/leads_history.csv --json > file-eval.json &&
            leadscore evaluate --model file.json --data leads_history_excel.csv --json > excel-eval.json
            """, in: dir)
        XCTAssertEqual(run.status, 0, run.err)
        func json(_ name: String) throws -> [String: Any] {
            try XCTUnwrap(JSONSerialization.jsonObject(with: try Data(contentsOf: URL(fileURLWithPath: dir + "/" + name))) as? [String: Any])
        }
        let estimates = { (m: [String: Any]) in (m["coefficients"] as? [[String: Any]])?.compactMap { $0["estimate"] as? Double } }
        let file = try json("file.json")
        XCTAssertEqual(estimates(file)?.count, 46)
        XCTAssertEqual(estimates(try json("excel.json")), estimates(file))
        XCTAssertEqual(estimates(try json("pipe.json")), estimates(file))
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: dir + "/excel.csv")),
                       try Data(contentsOf: URL(fileURLWithPath: dir + "/file.csv")))
        let fileEval = try json("file-eval.json"), excelEval = try json("excel-eval.json")
        for key in ["rows", "positives", "auc", "log_loss", "brier"] { XCTAssertEqual(excelEval[key] as? Double, fileEval[key] as? Double, key) }
        XCTAssertEqual(excelEval["rows"] as? Int, 5000)

        // Messages and rejects number the lines as the file does: the header is line 2.
        let missing = try sh("leadscore train --data leads_history_excel.csv --label won --out x.json", in: dir)
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.err.hasPrefix("leadscore: leads_history_excel.csv:2: there is no label column 'won'; the columns are 'lead_id',"),
                      missing.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/x.json"))
    }

    /// A file over a megabyte is read in parts at once (`CSVReader.cuts`): a rejected lead's line is still the
    /// file's own.
    func testRejectedLeadsKeepTheirLinesInAFileReadInParts() throws {
        let dir = TestFiles.folder()
        let run = try sh("""
            leadscore synth --rows 12000 --seed 3 --out big.csv --quiet &&
            leadscore train --data $R/datasets/leads_history.csv --features $R/datasets/spec.yaml --out m.json --quiet
            """, in: dir)
        XCTAssertEqual(run.status, 0, run.err)
        var lines = try String(contentsOfFile: dir + "/big.csv", encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertGreaterThan(lines.count, 10_000)
        lines[9_000] = "L-BROKEN,2026-01-01"  // line 9,001 of the plain file, 9,002 of the sheet
        let plain = lines.joined(separator: "\n")
        try plain.write(toFile: dir + "/plain.csv", atomically: true, encoding: .utf8)
        try Self.excel(plain).write(toFile: dir + "/excel.csv", atomically: true, encoding: .utf8)
        let scored = try sh("""
            leadscore score --model m.json --leads plain.csv --out plain-out.csv --rejects plain-rejects.csv --quiet &&
            leadscore score --model m.json --leads excel.csv --out excel-out.csv --rejects excel-rejects.csv --quiet
            """, in: dir)
        XCTAssertEqual(scored.status, 0, scored.err)
        XCTAssertGreaterThan(try FileManager.default.attributesOfItem(atPath: dir + "/excel.csv")[.size] as? Int ?? 0, 1 << 20)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: dir + "/excel-out.csv")),
                       try Data(contentsOf: URL(fileURLWithPath: dir + "/plain-out.csv")))
        let plainRejects = try readAll(dir + "/plain-rejects.csv"), excelRejects = try readAll(dir + "/excel-rejects.csv")
        let lineField = try XCTUnwrap(plainRejects.header.firstIndex(of: "line"))
        XCTAssertEqual(plainRejects.rows.map { $0[lineField] }, ["9001"])
        XCTAssertEqual(excelRejects.rows.map { $0[lineField] }, ["9002"])
    }
}
