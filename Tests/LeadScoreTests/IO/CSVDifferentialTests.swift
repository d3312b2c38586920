import XCTest
@testable import LeadScore

/// The CSV reader against Python's `csv` module (an independent implementation) on seeded random RFC 4180
/// files: quoted fields holding delimiters, doubled quotes, CR, LF and CRLF; empty fields; a byte-order mark;
/// LF, CRLF, CR and mixed line ends; blank lines; every delimiter. Both must read the same records from every file
/// (blank lines are not records, for either).
final class CSVDifferentialTests: XCTestCase {
    func testSameRecordsAsPythonsCSVModule() throws {
        var rng = SeededGenerator(seed: 4180)
        let dir = TestFiles.folder()
        var expected: [(path: String, delimiter: UInt8)] = []
        for k in 0..<400 {
            let delimiter = [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t")][rng.below(3)]
            var bytes: [UInt8] = rng.below(4) == 0 ? [0xEF, 0xBB, 0xBF] : []
            let columns = 1 + rng.below(5), rows = 1 + rng.below(6)
            for r in 0..<rows {
                for c in 0..<columns {
                    if c > 0 { bytes.append(delimiter) }
                    bytes += r == 0 ? Array("h\(c)".utf8) : field(&rng, delimiter: delimiter)
                }
                if r + 1 < rows || rng.below(2) == 0 { bytes += [[10], [13, 10], [13]][rng.below(3)] }
                if rng.below(8) == 0 { bytes += [[10], [13, 10], [13]][rng.below(3)] }  // a blank line
            }
            let path = dir + "/f\(k).csv"
            _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
            expected.append((path, delimiter))
        }
        let script = """
            import csv, json, sys
            out = []
            for path, d in json.load(sys.stdin):
                with open(path, newline='', encoding='utf-8-sig') as f:
                    # A blank line is no record for leadscore; Python's csv gives it as [] (a line holding
                    # only "" is ['']), so dropping [] is exactly that rule.
                    out.append([r for r in csv.reader(f, delimiter=d, strict=True) if r != []])
            json.dump(out, sys.stdout)
            """
        let input = try JSONSerialization.data(withJSONObject: expected.map { [$0.path, String(UnicodeScalar($0.delimiter))] })
        let python = try runPython(script, input: input)
        let reference = try XCTUnwrap(JSONSerialization.jsonObject(with: python) as? [[[String]]])
        XCTAssertEqual(reference.count, expected.count)
        for (k, file) in expected.enumerated() {
            let (header, rows, _) = try readAll(file.path, delimiter: file.delimiter, chunk: 1 + k % 64)
            XCTAssertEqual([header] + rows, reference[k], "\(file.path): \(String(decoding: FileManager.default.contents(atPath: file.path)!, as: UTF8.self).debugDescription)")
        }
    }

    /// A random field: plain text, empty, or quoted with any of the characters that need quoting.
    func field(_ rng: inout SeededGenerator, delimiter: UInt8) -> [UInt8] {
        let plain = Array("abcXYZ019 é.-_".utf8)
        let special: [[UInt8]] = [[delimiter], [34, 34], [10], [13], [13, 10], Array(" ".utf8), Array("ü".utf8)]
        switch rng.below(4) {
        case 0: return (0..<(1 + rng.below(6))).map { _ in plain[rng.below(plain.count)] }.filter { $0 < 0x80 }
        case 1: return []
        default:
            var q: [UInt8] = [34]
            for _ in 0..<rng.below(6) { q += rng.below(2) == 0 ? special[rng.below(special.count)] : [plain[rng.below(7)]] }
            return q + [34]
        }
    }

    func runPython(_ script: String, input: Data) throws -> Data {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", script]
        let stdin = Pipe(), stdout = Pipe()
        p.standardInput = stdin
        p.standardOutput = stdout
        try p.run()
        stdin.fileHandleForWriting.write(input)
        try stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, "python3's csv module failed")
        return out
    }
}
