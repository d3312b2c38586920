import XCTest
@testable import LeadScore

final class CSVWriterTests: XCTestCase {
    func testWriterNeutralisesFormulasAndQuotes() {
        var w = CSVWriter()
        w.row(["=SUM(A1)", "+1 call", "-3.5", "@x", "a,b", "say \"hi\""])
        XCTAssertEqual(String(decoding: w.bytes, as: UTF8.self), "'=SUM(A1),'+1 call,-3.5,'@x,\"a,b\",\"say \"\"hi\"\"\"\n")
    }
}
