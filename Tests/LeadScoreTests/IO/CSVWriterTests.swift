import XCTest
@testable import LeadScore

final class CSVWriterTests: XCTestCase {
    func testWriterNeutralisesFormulasAndQuotes() {
        var w = CSVWriter()
        w.row(["=SUM(A1)", "+1 call", "-3.5", "@x", "a,b", "say \"hi\""])
        XCTAssertEqual(String(decoding: w.bytes, as: UTF8.self), "'=SUM(A1),'+1 call,-3.5,'@x,\"a,b\",\"say \"\"hi\"\"\"\n")
    }

    /// `writeCell` (raw memory: score's lines, and `cell`'s quoted cells) and `cell` against the rules written out
    /// plainly here: quotes around a cell holding the delimiter, a quote or a line break, its quotes doubled, and an
    /// apostrophe first when it starts like a formula (=, +, -, @) but is not a signed plain number; for either
    /// delimiter, within writeCell's stated room.
    func testWriteCellAndCellFollowTheRules() {
        func expected(_ cell: [UInt8], _ d: UInt8) -> [UInt8] {
            let quoted = cell.contains { $0 == d || $0 == 34 || $0 == 10 || $0 == 13 }
            let signedNumber = cell.count > 1 && (cell[0] == 45 || cell[0] == 43)
                && cell.dropFirst().allSatisfy { ($0 >= 48 && $0 <= 57) || $0 == 46 || $0 == 101 }
            let formula = !cell.isEmpty && [61, 43, 45, 64].contains(cell[0]) && !signedNumber
            var out: [UInt8] = quoted ? [34] : []
            if formula { out.append(39) }
            for c in cell { out += c == 34 ? [34, 34] : [c] }
            return quoted ? out + [34] : out
        }
        var g = SeededGenerator(seed: 17)
        let alphabet: [UInt8] = Array("ab1.-+=@ \",;\r\ne".utf8) + [0xC3, 0xA9]
        var cells: [[UInt8]] = [[], Array("-3.5".utf8), Array("=SUM(A1)".utf8), Array("+1e5".utf8), Array("\"".utf8)]
        for _ in 0..<3_000 { cells.append((0..<g.below(12)).map { _ in alphabet[g.below(alphabet.count)] }) }
        for delimiter in [UInt8(ascii: ","), UInt8(ascii: ";")] {
            for cell in cells {
                var w = CSVWriter(delimiter: delimiter)
                cell.withUnsafeBufferPointer { w.cell($0) }
                XCTAssertEqual(w.bytes, expected(cell, delimiter), "\(cell)")
                let room = 2 * cell.count + 3
                let written = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: room) { b in
                    let n = cell.withUnsafeBufferPointer { CSVWriter.writeCell($0, delimiter: delimiter, to: b.baseAddress!) }
                    XCTAssertLessThanOrEqual(n, room)
                    return Array(b[..<n])
                }
                XCTAssertEqual(written, expected(cell, delimiter), "\(cell)")
            }
        }
    }

    /// The sixteen-bytes-at-a-time test agrees with a byte-by-byte one for every length 0…70, a special byte at
    /// every position, bytes next to the specials (9, 11, 12, 14, 33, 35, 43, 45, 0x80, 0xFF) and two delimiters.
    func testSpecialByteScanAgreesWithBytewise() {
        var g = SeededGenerator(seed: 7)
        let near: [UInt8] = [9, 11, 12, 14, 33, 35, 43, 45, 0x80, 0xFF, 0x2C + 0x80, 0x22 + 0x80, 0x0A + 0x80]
        for delimiter in [UInt8(ascii: ","), UInt8(ascii: ";")] {
            let specials: [UInt8] = [delimiter, 34, 10, 13]
            for length in 0...70 {
                for trial in 0..<(length + 3) {
                    var bytes = (0..<length).map { _ in near[Int(g.next() % UInt64(near.count))] }
                    // One special at a position that walks through the buffer, or none (trial ≥ length).
                    if trial < length { bytes[trial] = specials[Int(g.next() % 4)] }
                    let expected = bytes.contains { specials.contains($0) }
                    bytes.withUnsafeBufferPointer {
                        XCTAssertEqual(CSVWriter.holdsSpecial($0, delimiter: delimiter), expected, "\(bytes)")
                    }
                }
            }
        }
    }

    /// The cuts' quote count (C, 128 bytes a step with AVX2, then the tail) equals a byte-by-byte count, for
    /// every length 0…300 (blocks and tails) and bytes next to the quote (0x21, 0x23, 0xA2, 0x02).
    func testQuoteCountAgreesWithBytewise() {
        var g = SeededGenerator(seed: 8)
        let alphabet: [UInt8] = [34, 34, 0x21, 0x23, 0xA2, 0x02, 10, 44, 0xFF, 0]
        for length in 0...300 {
            for _ in 0..<10 {
                let bytes = (0..<length).map { _ in alphabet[Int(g.next() % UInt64(alphabet.count))] }
                bytes.withUnsafeBufferPointer {
                    XCTAssertEqual(CSVReader.quoteCount($0), bytes.filter { $0 == 34 }.count, "\(bytes)")
                }
            }
        }
    }
}
