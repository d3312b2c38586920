import XCTest
@testable import LeadScore

final class RankedLinesTests: XCTestCase {
    /// Lines handed over in any order by several collectors come out in rank order, through bucket files.
    func testLinesComeOutInRankOrderAcrossCollectorsAndBuckets() throws {
        let dir = TestFiles.folder()
        let total = 5000
        var rng = SeededGenerator(seed: 4)
        var ranks = Array(0..<total)
        for i in stride(from: total - 1, to: 0, by: -1) { ranks.swapAt(i, rng.below(i + 1)) }
        // Small buckets and long lines, so that every bucket spills to its file at least once.
        let parts = try (0..<3).map { _ in try RankedLines(folder: dir, total: total, bucketSize: 700) }
        for (i, r) in ranks.enumerated() {
            let line = "rank \(r) " + String(repeating: "x", count: 100 + r % 50) + "\n"
            try Array(line.utf8).withUnsafeBufferPointer { try parts[i % 3].add(rank: r, line: $0) }
        }
        let out = try OutputFile(path: dir + "/out.txt")
        try out.write(Array("header\n".utf8))
        try RankedLines.drain(parts, into: out, at: 7)
        try out.commit(durable: false)
        let lines = try String(contentsOfFile: dir + "/out.txt", encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.count, total + 1)
        XCTAssertEqual(lines.first, "header")
        for (r, line) in lines.dropFirst().enumerated() {
            XCTAssertEqual(line, "rank \(r) " + String(repeating: "x", count: 100 + r % 50)[...])
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir).sorted(), ["out.txt"], "bucket files removed")
    }
}
