import XCTest
@testable import LeadScore

final class SchemaTests: XCTestCase {
    let csv = """
    id,when,n,flag,yn,cat,const,empty,y
    a1,2024-01-01,1.5,1,yes,red,k,,1
    a2,2024-01-02,2,0,no,blue,k,,0
    a3,2024-01-03,,1,YES,red,k,,0
    a4,2024-01-04,4,0,,green,k,,1
    """

    func testInferenceDecidesEveryKind() throws {
        let path = TestFiles.write(csv)
        let (decisions, _) = try SchemaInference.infer(path: path, spec: FeatureSpec(label: "y"), delimiter: nil)
        let types = Dictionary(uniqueKeysWithValues: decisions.map { ($0.name, $0.type) })
        XCTAssertEqual(types["n"], .numeric)
        XCTAssertEqual(types["flag"], .boolean)
        XCTAssertEqual(types["yn"], .boolean)
        XCTAssertEqual(types["cat"], .categorical)
        XCTAssertEqual(types["when"], .some(nil))
        XCTAssertEqual(types["const"], .some(nil))
        XCTAssertEqual(types["empty"], .some(nil))
        XCTAssertEqual(decisions.first { $0.name == "when" }?.reason, "ISO dates: left out of the features (usable as --time-column)")
        XCTAssertEqual(decisions.first { $0.name == "n" }?.reason, "numbers from 1.5 to 4, 1 missing")
    }

    func testIdentifiersAreLeftOut() throws {
        var text = "code,y\n"
        for i in 0..<30 { text += "c\(i),\(i % 2)\n" }
        let (decisions, _) = try SchemaInference.infer(path: TestFiles.write(text), spec: FeatureSpec(label: "y"), delimiter: nil)
        XCTAssertNil(decisions[0].type)
        XCTAssertEqual(decisions[0].reason, "every value is distinct: an identifier, left out")
    }

    func testANumericColumnWithLateTextIsReadAgainAsText() throws {
        var text = "v,y\n"
        for i in 0..<50 { text += "\(i),1\n" }
        text += "twelve,0\n"
        let table = try TableReader.read(path: TestFiles.write(text), columns: ["v": .infer], missing: ValueRules())
        guard case .text(_, let levels) = table["v"]!.values else { return XCTFail("not text") }
        XCTAssertEqual(levels.count, 51)
        XCTAssertThrowsError(try TableReader.read(path: TestFiles.write(text), columns: ["v": .numeric], missing: ValueRules())) {
            XCTAssertTrue("\($0)".hasSuffix(":52: column 'v': \"twelve\" is not a number; fix the value, add it to --missing, or declare the column categorical in the spec"), "\($0)")
        }
    }

    func testTheIssueSpecShapeIsAccepted() throws {
        let path = TestFiles.write("""
        label: converted              # the outcome column
        positive: won                 # optional
        id: lead_id
        exclude: [created_date]
        missing: ["", "NA", "Select"]
        features:
          employees: numeric
          annual_revenue: {type: numeric, transform: log1p}
          industry: categorical
          demo_requested: boolean
        """, name: "spec.yaml")
        let spec = try FeatureSpec.load(path: path)
        XCTAssertEqual(spec.label, "converted")
        XCTAssertEqual(spec.positive, "won")
        XCTAssertEqual(spec.id, "lead_id")
        XCTAssertEqual(spec.exclude, ["created_date"])
        XCTAssertEqual(spec.missing, ["", "NA", "Select"])
        XCTAssertEqual(spec.features, [
            FeatureDeclaration(name: "employees", type: .numeric),
            FeatureDeclaration(name: "annual_revenue", type: .numeric, transform: .log1p),
            FeatureDeclaration(name: "industry", type: .categorical),
            FeatureDeclaration(name: "demo_requested", type: .boolean),
        ])
        let merged = spec.overridden(by: FeatureSpec(label: "won", exclude: ["x"]))
        XCTAssertEqual(merged.label, "won")
        XCTAssertEqual(merged.exclude, ["x"])
        XCTAssertEqual(merged.id, "lead_id")
    }

    func testSpecMistakesNameTheLine() {
        let path = TestFiles.write("label: y\nfeatures:\n  a: numbr\n", name: "spec.yaml")
        XCTAssertThrowsError(try FeatureSpec.load(path: path)) {
            XCTAssertEqual("\($0)", "\(path):3: feature 'a': unknown type 'numbr'; use numeric, boolean or categorical")
        }
        let typo = TestFiles.write("labl: y\n", name: "spec.yaml")
        XCTAssertThrowsError(try FeatureSpec.load(path: typo)) { XCTAssertTrue("\($0)".contains("unknown key 'labl'")) }
    }

    func testInferredSpecReadsBack() throws {
        let path = TestFiles.write(csv)
        let spec = FeatureSpec(label: "y", id: "id", missing: ["Select"])
        let (decisions, table) = try SchemaInference.infer(path: path, spec: spec, delimiter: nil)
        let yaml = SpecWriter.yaml(spec: spec, decisions: decisions, source: "x.csv", rows: table.rowCount)
        XCTAssertTrue(yaml.contains("  \"n\": numeric"), yaml)
        XCTAssertTrue(yaml.contains("# numbers from 1.5 to 4, 1 missing"), yaml)
        let back = try FeatureSpec.load(path: TestFiles.write(yaml, name: "spec.yaml"))
        XCTAssertEqual(back.features?.map(\.name), ["n", "flag", "yn", "cat"])
        XCTAssertEqual(back.missing, ["Select"])
        XCTAssertEqual(SpecWriter.quote("yes"), "\"yes\"")
        XCTAssertEqual(SpecWriter.quote("a b"), "\"a b\"")
    }

    /// The decimal mark and case folding are written by infer and read back; bad values name the line.
    func testDecimalAndNormalizeReadBack() throws {
        var spec = FeatureSpec(label: "y")
        spec.decimal = ","
        spec.normalize = FeatureSpec.Normalize(case: "lower")
        let (decisions, table) = try SchemaInference.infer(path: TestFiles.write(csv), spec: spec, delimiter: nil)
        let yaml = SpecWriter.yaml(spec: spec, decisions: decisions, source: "x.csv", rows: table.rowCount)
        let back = try FeatureSpec.load(path: TestFiles.write(yaml, name: "spec.yaml"))
        XCTAssertEqual(back.decimal, ",")
        XCTAssertTrue(back.foldsCase)
        XCTAssertTrue(back.valueRules.decimalComma)
        let bad = TestFiles.write("label: y\ndecimal: \";\"\nnormalize: {case: upper}\n", name: "spec.yaml")
        XCTAssertThrowsError(try FeatureSpec.load(path: bad)) {
            XCTAssertEqual("\($0)", "\(bad):2: decimal is \".\" or \",\" (the decimal mark of the numbers), not \";\"")
        }
        let upper = TestFiles.write("label: y\nnormalize: {case: upper}\n", name: "spec.yaml")
        XCTAssertThrowsError(try FeatureSpec.load(path: upper)) {
            XCTAssertEqual("\($0)", "\(upper):2: normalize: case is lower or none, not 'upper'")
        }
    }

    /// Placeholders an export writes for "nothing entered" are proposed for `missing:`, whatever their case, and
    /// trimmed as every value is; values already missing, and ordinary levels, are not.
    func testPlaceholdersAreProposedAsMissing() throws {
        var rows = ["y,source,stage,n"]
        for i in 0..<60 {
            let source = ["web", " Unknown ", "--", "NA"][i % 4], stage = ["Select", "open", "(blank)", "won"][i % 4]
            rows.append("\(i % 2),\(source),\(stage),\(i)")
        }
        let path = TestFiles.write(rows.joined(separator: "\n"))
        var spec = FeatureSpec(label: "y")
        let (_, table) = try SchemaInference.infer(path: path, spec: spec, delimiter: nil)
        XCTAssertEqual(SchemaInference.proposedMissing(table, spec: spec), ["(blank)", "--", "Select", "Unknown"])
        spec.missing = ["Select"]
        let (_, again) = try SchemaInference.infer(path: path, spec: spec, delimiter: nil)
        XCTAssertEqual(SchemaInference.proposedMissing(again, spec: spec), ["(blank)", "--", "Unknown"])
    }

    /// Numbers a spreadsheet saved in its display format (44,344,000) are left out with a note instead of becoming
    /// a categorical whose every level folds away; one comma with three digits (1,500) may be a decimal comma, and
    /// train's decimal-comma check names both readings.
    func testNumbersWithThousandsSeparators() throws {
        for s in ["1,000", "44,344,000", "-1,250.50", "+999,999,999", "12,345.6"] { XCTAssertTrue(SchemaInference.isGrouped(s), s) }
        for s in ["1,00", "1000,000", "1,0000", ",100", "1,000.", "1,000.5.1", "1.000,5", "a,bcd", "1,000,00", ""] {
            XCTAssertFalse(SchemaInference.isGrouped(s), s)
        }
        var text = "revenue,small,label,y\n"
        for i in 0..<300 {
            let revenue = i * 1_013_417 % 90_000_000
            let grouped = revenue.formatted(.number.grouping(.automatic).locale(Locale(identifier: "en_US")))
            text += "\"\(grouped)\",\"\(1 + i % 9),\(100 + i % 7 * 111)\",\(i % 3 == 0 ? "a" : "b"),\(i % 4 == 0 ? 1 : 0)\n"
        }
        let path = TestFiles.write(text)
        let (decisions, _) = try SchemaInference.infer(path: path, spec: FeatureSpec(label: "y"), delimiter: nil)
        let revenue = try XCTUnwrap(decisions.first { $0.name == "revenue" })
        XCTAssertNil(revenue.type)
        XCTAssertTrue(revenue.reason.hasPrefix("numbers written with thousands separators (\""), revenue.reason)
        XCTAssertEqual(decisions.first { $0.name == "label" }?.type, .categorical)
        // Train: revenue left out with the note; small (1,100 … 9,766: one comma each) is refused with both readings.
        XCTAssertThrowsError(try Trainer.train(path: path, options: TrainingOptions(spec: FeatureSpec(label: "y")))) {
            XCTAssertTrue("\($0)".contains("column 'small' reads as numbers only with a decimal comma"), "\($0)")
            XCTAssertTrue("\($0)".hasSuffix("; if the commas are thousands separators, export the column without them"), "\($0)")
        }
        var options = TrainingOptions(spec: FeatureSpec(label: "y", exclude: ["small"]))
        options.minClassRows = 10
        let outcome = try Trainer.train(path: path, options: options)
        XCTAssertTrue(outcome.notes.contains { $0.hasPrefix("column 'revenue' left out: numbers written with thousands separators") },
                      "\(outcome.notes)")
        XCTAssertEqual(outcome.model.encoder.features.map(\.name), ["label"])
    }

    /// Dates as a locale displays them (a Salesforce report's `11/1/2024 9:15 AM`) are left out with a note;
    /// before, such a column became a categorical feature. Near misses stay what they were.
    func testDatesInALocalesFormat() throws {
        for s in ["11/1/2024", "12/5/2026 9:15 AM", "1/13/2024 11:59 pm", "13/1/2024", "01.11.2024", "1-11-2024", "2024/11/01",
                  "2024.1.5", "11/1/24", "11/1/2024T09:15", "31/12/2024, 21:15:07.5", "12/31/2024 23:59:60"] {
            XCTAssertTrue(LocalDate.matches(s), s)
        }
        for s in ["", "11/1", "13/13/2024", "0/5/2024", "11/32/2024", "1.5.24", "2.10.15", "1-11-24", "11/1/2024 25:00",
                  "11/1/2024 9:15 XM", "11/1/2024 9:5", "11/1/2024 foo", "11/1-2024", "3/4/5", "2024/13/01", "123/1/2024",
                  "11/1/20245", "1/2/0999", "Q1/2024", "2024-11-01"] {
            XCTAssertFalse(LocalDate.matches(s), s)
        }
        var text = "created,n,y\n"
        for i in 0..<300 { text += "\(1 + i % 12)/\(1 + i % 28)/2024 \(1 + i % 12):\(10 + i % 50) \(i % 2 == 0 ? "AM" : "PM"),\(i % 7),\(i % 3 == 0 ? 1 : 0)\n" }
        let path = TestFiles.write(text)
        let (decisions, _) = try SchemaInference.infer(path: path, spec: FeatureSpec(label: "y"), delimiter: nil)
        let created = try XCTUnwrap(decisions.first { $0.name == "created" })
        XCTAssertNil(created.type)
        XCTAssertEqual(created.reason, "dates as a locale displays them (\"1/1/2024 1:10 AM\"), which leadscore reads as dates only"
            + " with --date-order (11/1 is November 1 in one locale, 11 January in another); its values read only as month/day"
            + " (mdy): left out; to order by it (--time-column), train with --date-order (spec: date_order) or export ISO dates"
            + " (YYYY-MM-DD)")
        // With the order declared the column is dates, and the note says how they were read (it said "ISO dates").
        var ordered = FeatureSpec(label: "y")
        ordered.dateOrder = "mdy"
        let (read, _) = try SchemaInference.infer(path: path, spec: ordered, delimiter: nil)
        XCTAssertEqual(read.first { $0.name == "created" }?.reason,
                       "dates, ISO or month/day (date_order: mdy): left out of the features (usable as --time-column)")
        // As a time column: stopped at the first row, saying what the value is and what to do.
        var options = TrainingOptions(spec: FeatureSpec(label: "y", timeColumn: "created"))
        options.holdout = 0.2
        XCTAssertThrowsError(try Trainer.train(path: path, options: options)) {
            XCTAssertTrue("\($0)".hasSuffix(":2: column 'created': \"1/1/2024 1:10 AM\" is not an ISO date (YYYY-MM-DD); it is a"
                + " date as a locale displays it, whose day and month order the value does not tell: say it with --date-order mdy or"
                + " dmy (spec: date_order), or export ISO dates"), "\($0)")
        }
    }

    /// Excel saves a sheet as CSV with each cell's displayed text: currency and percentages are left out with a
    /// note, where revenue written `$6,946,000.00` became a categorical whose levels all folded away.
    func testCurrencyAndPercentagesAsASpreadsheetDisplaysThem() throws {
        for (s, mark) in [("$6,946,000.00", "currency signs"), ("-$1,250", "currency signs"), ("$-1,250", "currency signs"),
                          ("($1,250.00)", "currency signs"), ("USD 1,500.00", "currency signs"), ("1500 EUR", "currency signs"),
                          ("€1500", "currency signs"), ("1,500.00 €", "currency signs"), ("US$ 12", "currency signs"),
                          ("25%", "percent signs"), ("12.5 %", "percent signs"), ("-0.5%", "percent signs"), ("$.99", "currency signs")] {
            XCTAssertEqual(DisplayedNumber.mark(s), mark, s)
        }
        for s in ["", "$", "%", "1500", "1,500", "-2.5", "$abc", "USD", "Q1 2024", "50% off", "$1,50", "$1.2.3", "A$B", "1e5%",
                  "usd 100", "$ 1 000", "100 Usd", "12:30 PM"] {
            XCTAssertNil(DisplayedNumber.mark(s), s)
        }
        var text = "revenue,rate,price,tier,y\n"
        for i in 0..<300 {
            let revenue = (i * 1_013_417 % 90_000_000).formatted(.number.grouping(.automatic).locale(Locale(identifier: "en_US")))
            text += "\"$\(revenue).00\",\(i % 40)%,\(i % 5 == 0 ? "" : "$\(10 + i % 90)"),\(["$", "$$", "$$$"][i % 3]),\(i % 4 == 0 ? 1 : 0)\n"
        }
        let path = TestFiles.write(text)
        let (decisions, _) = try SchemaInference.infer(path: path, spec: FeatureSpec(label: "y"), delimiter: nil)
        let reasons = Dictionary(uniqueKeysWithValues: decisions.map { ($0.name, $0.type == nil ? $0.reason : "kept") })
        XCTAssertEqual(reasons["revenue"], "numbers written with currency signs (\"$0.00\") as a spreadsheet displays them, which"
            + " leadscore reads as text: left out; export the column as plain numbers to use it")
        XCTAssertTrue(reasons["rate"]?.hasPrefix("numbers written with percent signs (\"") == true, "\(reasons)")
        XCTAssertTrue(reasons["price"]?.hasPrefix("numbers written with currency signs (\"$") == true, "\(reasons)")
        XCTAssertEqual(reasons["tier"], "kept", "price tiers written $, $$, $$$ are a categorical")
    }
}

