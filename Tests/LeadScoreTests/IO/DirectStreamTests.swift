import XCTest
#if canImport(Glibc)
import Glibc
#endif
@testable import LeadScore

/// `DirectStream`: bytes appended in pieces of any length, from any offset, land at their places; whole
/// blocks go direct where the file system takes it.
final class DirectStreamTests: XCTestCase {
    /// Whether `folder` is on ext4 (which takes direct writes: the machine CI runs on keeps its files there).
    static func onExt4(_ folder: String) -> Bool {
        // The mount whose point is the longest prefix of the folder's real path (/proc/self/mounts).
        let path = URL(fileURLWithPath: folder).resolvingSymlinksInPath().path
        guard let mounts = try? String(contentsOfFile: "/proc/self/mounts", encoding: .utf8) else { return false }
        var best = (length: -1, type: "")
        for line in mounts.split(separator: "\n") {
            let f = line.split(separator: " ")
            guard f.count > 2 else { continue }
            let point = String(f[1])
            let inside = point == "/" || path == point || path.hasPrefix(point + "/")
            if inside && point.count > best.length { best = (point.count, String(f[2])) }
        }
        return best.type == "ext4"
    }

    func testPiecesLandAtTheirPlaces() throws {
        let dir = TestFiles.folder()
        var rng = SeededGenerator(seed: 21)
        for offset in [0, 1, 7, 4095, 4096, 4097, 9000] {
            let path = dir + "/s\(offset).bin"
            let fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0o644)
            XCTAssertGreaterThanOrEqual(fd, 0)
            defer { close(fd) }
            // The bytes before `offset`, through the page cache (as a header is).
            var expected = (0..<offset).map { _ in UInt8(rng.below(256)) }
            XCTAssertNil(expected.withUnsafeBytes { Descriptor.writeAll(fd, $0) })
            let stream = try XCTUnwrap(DirectStream(fd: fd, from: Int64(offset)), "offset \(offset)")
            if Self.onExt4(dir) { XCTAssertTrue(stream.direct) }
            let block = DirectStream.block
            for length in [0, 1, 4095, 4096, 3, 10_000, 8192, 70_001, 5] {
                let lead = Int(stream.position % Int64(block))
                let base = UnsafeMutableRawPointer.allocate(byteCount: lead + length + 1, alignment: block)
                defer { base.deallocate() }
                let piece = (0..<length).map { _ in UInt8(rng.below(256)) }
                piece.withUnsafeBytes { (base + lead).copyMemory(from: $0.baseAddress!, byteCount: length) }
                XCTAssertNil(stream.append(base, count: length))
                expected += piece
                XCTAssertEqual(stream.position, Int64(expected.count))
            }
            if Self.onExt4(dir) { XCTAssertTrue(stream.direct, "every whole block went direct") }
            XCTAssertNil(stream.finish())
            XCTAssertFalse(stream.direct)
            let back = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
            XCTAssertEqual(back.count, expected.count, "offset \(offset)")
            XCTAssertTrue(back == expected, "offset \(offset)")
        }
        XCTAssertNil(DirectStream(fd: -1, from: 0), "a closed descriptor takes no direct writes")
    }
}
