import XCTest
@testable import LeadScore

final class SHA256DigestTests: XCTestCase {
    /// FIPS 180-2's examples, and a stream fed in uneven pieces.
    func testKnownDigests() {
        func digest(_ pieces: [String]) -> String {
            let d = SHA256Digest()
            for p in pieces { Array(p.utf8).withUnsafeBytes { d.update($0) } }
            return d.hex()
        }
        XCTAssertEqual(digest([]), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(digest(["abc"]), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(digest(["abcdbcdecdefdefgefghfghighijhi", "jkijkljklmklmnlmnomnopnopq"]),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    /// The digest stored in a model equals `sha256sum` of its training file (coreutils, independent).
    func testModelRecordsTheFilesDigest() throws {
        let path = TestFiles.root.path + "/datasets/leads_history.csv"
        let table = try TableReader.read(path: path, columns: [:], missing: ValueRules(), hash: true)
        let run = try CommandLineTests.shell("sha256sum datasets/leads_history.csv", in: TestFiles.root.path)
        XCTAssertEqual(try table.sha256(), String(run.out.prefix(64)))
    }
}
