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
        // Small buckets and long lines, so that every bucket spills to its file at least once. Into a new file,
        // then over it.
        for replacing in [false, true] {
            let parts = try (0..<3).map { _ in try RankedLines(folder: dir, total: total, bucketSize: 700) }
            for (i, r) in ranks.enumerated() {
                let line = "rank \(r) " + String(repeating: "x", count: 100 + r % 50) + "\n"
                try Array(line.utf8).withUnsafeBufferPointer { try parts[i % 3].add(rank: r, line: $0) }
            }
            let out = try OutputFile(path: dir + "/out.txt")
            XCTAssertEqual(out.replacesFile, replacing)
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

    /// Lines longer than one write (`Descriptor.piece`), and buckets that end and start inside a piece: every
    /// byte lands at its place. The writes at an offset end on multiples of the piece.
    func testLinesLongerThanOneWriteLandWhole() throws {
        let dir = TestFiles.folder()
        let total = 40
        let lengths = (0..<total).map { r in r % 7 == 3 ? Descriptor.piece * 2 + 13 * r : 50 + 997 * r }
        var expected = Array("h\n".utf8)
        for r in 0..<total { expected += [UInt8](repeating: UInt8(ascii: "a") + UInt8(r % 26), count: lengths[r]) + [10] }
        // Into a new file, then over it.
        for replacing in [false, true] {
            let parts = try (0..<2).map { _ in try RankedLines(folder: dir, total: total, bucketSize: 6) }
            for r in (0..<total).reversed() {
                let line = [UInt8](repeating: UInt8(ascii: "a") + UInt8(r % 26), count: lengths[r]) + [10]
                try line.withUnsafeBufferPointer { try parts[r % 2].add(rank: r, line: $0) }
            }
            let out = try OutputFile(path: dir + "/out.txt")
            XCTAssertEqual(out.replacesFile, replacing)
            try out.write(Array("h\n".utf8))
            try RankedLines.drain(parts, into: out, at: 2)
            try out.commit(durable: false)
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir + "/out.txt")))
            XCTAssertEqual(bytes.count, expected.count)
            XCTAssertTrue(bytes == expected, "replacing: \(replacing)")
        }

        // At an offset that is not a multiple of the piece, across several pieces.
        let path = dir + "/at.bin"
        let fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0o644)
        XCTAssertGreaterThanOrEqual(fd, 0)
        var rng = SeededGenerator(seed: 9)
        let data = (0..<(3 * Descriptor.piece + 777)).map { _ in UInt8(rng.below(256)) }
        XCTAssertNil(data.withUnsafeBytes { Descriptor.writeAll(fd, $0, at: 5) })
        close(fd)
        let back = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        XCTAssertEqual(back.count, data.count + 5)
        XCTAssertEqual(Array(back.prefix(5)), [0, 0, 0, 0, 0])
        XCTAssertTrue(Array(back.dropFirst(5)) == data)
    }
}
