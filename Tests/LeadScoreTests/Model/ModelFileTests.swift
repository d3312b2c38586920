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
        XCTAssertEqual(try ModelFile.load(path: path), m)
        let json = try String(contentsOfFile: path, encoding: .utf8)
        for key in ["\"format_version\" : 1", "\"sha256\"", "\"term_means\"", "\"deciles\"", "\"std_error\""] {
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
            (good.replacingOccurrences(of: "\"format_version\" : 1", with: "\"format_version\" : 9"), "newer than this leadscore reads"),
            (good.replacingOccurrences(of: "\"coefficients\"", with: "\"coefficientz\""), "is corrupted (missing 'coefficients')"),
        ]
        for (i, (content, expected)) in cases.enumerated() {
            let path = dir + "/m\(i).json"
            if let content { FileManager.default.createFile(atPath: path, contents: Data(content.utf8)) }
            XCTAssertThrowsError(try ModelFile.load(path: path)) { XCTAssertTrue("\($0)".contains(expected), "\($0)") }
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
