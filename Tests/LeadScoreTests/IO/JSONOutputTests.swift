import XCTest
@testable import LeadScore

final class JSONOutputTests: XCTestCase {
    /// Slashes as written, keys sorted, non-finite numbers as strings that read back.
    func testSlashesSortedKeysAndNonFiniteNumbers() throws {
        struct Sample: Codable, Equatable { var token: String; var a: Double; var b: Double }
        let value = Sample(token: "N/A", a: .infinity, b: .nan)
        let text = String(decoding: try JSONOutput.encoder(pretty: false).encode(value), as: UTF8.self)
        XCTAssertEqual(text, #"{"a":"inf","b":"nan","token":"N/A"}"#)
        let back = try JSONOutput.decoder().decode(Sample.self, from: Data(text.utf8))
        XCTAssertEqual(back.token, "N/A")
        XCTAssertEqual(back.a, .infinity)
        XCTAssertTrue(back.b.isNaN)
    }
}
