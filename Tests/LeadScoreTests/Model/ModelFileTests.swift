import XCTest
@testable import LeadScore

final class ModelFileTests: XCTestCase {
    func model() throws -> ModelFile {
        var options = TrainingOptions(spec: FeatureSpec(label: "converted", id: "lead_id", missing: ["Select"]))
        options.minClassRows = 10
        return try Trainer.train(path: TestFiles.fixture("history800.csv"), options: options).model
    }

    func testRoundTripKeepsEveryDouble() throws {
        let m = try model()
        let path = TestFiles.folder() + "/m.json"
        try m.write(to: path)
        var loaded = try ModelFile.load(path: path)
        XCTAssertEqual(loaded.checksum, try m.contentChecksum())
        loaded.checksum = nil
        XCTAssertEqual(loaded, m)
        let json = try String(contentsOfFile: path, encoding: .utf8)
        for key in ["\"format_version\" : 1", "\"checksum\" : \"sha256:", "\"sha256\"", "\"term_means\"", "\"deciles\"", "\"std_error\""] {
            XCTAssertTrue(json.contains(key), key)
        }
    }

    func testBrokenFilesGiveOneClearError() throws {
        let m = try model()
        let dir = TestFiles.folder()
        let good = String(decoding: try m.jsonData(), as: UTF8.self)
        let cases: [(String?, String)] = [
            (nil, "there is no model file here"),
            (String(good.prefix(good.count / 2)), "is not a complete model file (truncated or corrupted JSON)"),
            ("{\"hello\": 1}", "is JSON but not a leadscore model"),
            (good.replacingOccurrences(of: "\"format_version\" : 1", with: "\"format_version\" : 9"),
             "in model format 9; this leadscore (\(LeadScoreVersion.current)) reads format 1 and older: read it with leadscore"),
            (good.replacingOccurrences(of: "\"coefficients\"", with: "\"coefficientz\""), "is corrupted (missing 'coefficients')"),
        ]
        for (i, (content, expected)) in cases.enumerated() {
            let path = dir + "/m\(i).json"
            if let content { _ = FileManager.default.createFile(atPath: path, contents: Data(content.utf8)) }
            XCTAssertThrowsError(try ModelFile.load(path: path)) { XCTAssertTrue("\($0)".contains(expected), "\($0)") }
        }
    }

    /// A hand edit (one coefficient's last digits) is refused, and loads with `trustEdited`; changes that keep
    /// the content (spacing) are not edits.
    func testEditedModelIsRefusedUnlessTrusted() throws {
        let m = try model()
        let dir = TestFiles.folder()
        let good = String(decoding: try m.jsonData(), as: UTF8.self)
        XCTAssertTrue(good.contains("\"checksum\" : \"sha256:"))
        let estimate = NumberFormat.shortest(m.coefficients[1].estimate)
        let edited = good.replacingOccurrences(of: "\"estimate\" : \(estimate)", with: "\"estimate\" : 0.5")
        XCTAssertNotEqual(edited, good)
        _ = FileManager.default.createFile(atPath: dir + "/edited.json", contents: Data(edited.utf8))
        XCTAssertThrowsError(try ModelFile.load(path: dir + "/edited.json")) {
            XCTAssertTrue("\($0)".contains("the model was changed after leadscore wrote it"), "\($0)")
            XCTAssertTrue("\($0)".contains("--trust-edited-model"), "\($0)")
        }
        XCTAssertEqual(try ModelFile.load(path: dir + "/edited.json", trustEdited: true).coefficients[1].estimate, 0.5)
        let respaced = good.replacingOccurrences(of: "\n", with: "\n  ")
        _ = FileManager.default.createFile(atPath: dir + "/respaced.json", contents: Data(respaced.utf8))
        XCTAssertEqual(try ModelFile.load(path: dir + "/respaced.json").beta, m.beta)
        // A model written before checksums existed (no key) still loads.
        var unsigned = m
        unsigned.checksum = nil
        _ = FileManager.default.createFile(atPath: dir + "/old.json", contents: try JSONOutput.encoder().encode(unsigned))
        XCTAssertEqual(try ModelFile.load(path: dir + "/old.json").beta, m.beta)
    }

    /// Found by fuzz-model (November 2026): a model with no checksum whose `term_means` were cut short
    /// loaded, then trapped in the scorer. Now refused when read.
    func testFuzzFoundModelWithShortTermMeansIsRefused() throws {
        let path = TestFiles.fixture("fuzz-model-short-term-means.json")
        XCTAssertThrowsError(try ModelFile.load(path: path)) {
            XCTAssertTrue("\($0)".hasSuffix("is corrupted: 20 term means for 46 terms; restore it or train again"), "\($0)")
        }
    }

    func testAFailedWriteLeavesNoFileBehind() throws {
        XCTAssertThrowsError(try OutputFile.write([1, 2, 3], to: "/no/such/folder/m.json"))
        let dir = TestFiles.folder()
        do {
            let f = try OutputFile(path: dir + "/out.csv")
            try f.write("half")
        }  // dropped without commit
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), [])
    }
}
