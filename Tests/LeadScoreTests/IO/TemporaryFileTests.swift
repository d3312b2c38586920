import XCTest
@testable import LeadScore

final class TemporaryFileTests: XCTestCase {
    /// What a crash between `linkat` and `rename` leaves is removed by the next output into the folder, but
    /// only once its process is gone; other files are never touched.
    func testSweepRemovesOnlyDeadProcessesStagingFiles() throws {
        let dir = TestFiles.folder()
        let gone = Process()
        gone.executableURL = URL(fileURLWithPath: "/bin/true")
        try gone.run()
        gone.waitUntilExit()
        let dead = TemporaryFile.stagingName(for: dir + "/scored.csv", pid: gone.processIdentifier)
        let alive = TemporaryFile.stagingName(for: dir + "/scored.csv", pid: getppid())
        let other = dir + "/.notes.tmp"
        for path in [dead, alive, other] { _ = FileManager.default.createFile(atPath: path, contents: Data("x".utf8)) }
        XCTAssertEqual((dead as NSString).lastPathComponent, ".scored.csv.leadscore-\(gone.processIdentifier).tmp")

        let out = try OutputFile(path: dir + "/model.json")
        try out.write("{}")
        try out.commit()
        XCTAssertFalse(FileManager.default.fileExists(atPath: dead))
        XCTAssertTrue(FileManager.default.fileExists(atPath: alive))
        XCTAssertTrue(FileManager.default.fileExists(atPath: other))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir).sorted(),
                       [(alive as NSString).lastPathComponent, ".notes.tmp", "model.json"].sorted())
    }

    /// An output that is never committed leaves nothing, and the old file stays as it was.
    func testUncommittedOutputLeavesTheOldFile() throws {
        let dir = TestFiles.folder()
        _ = FileManager.default.createFile(atPath: dir + "/out.csv", contents: Data("old\n".utf8))
        do {
            let out = try OutputFile(path: dir + "/out.csv")
            try out.write("new, but the run fails before commit\n")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), ["out.csv"])
        XCTAssertEqual(FileManager.default.contents(atPath: dir + "/out.csv"), Data("old\n".utf8))
    }

    /// Scratch files have no name from the start.
    func testScratchFilesHaveNoName() throws {
        let dir = TestFiles.folder()
        let fd = try TemporaryFile.scratch(in: dir, what: "a test")
        defer { close(fd) }
        XCTAssertEqual(write(fd, "abc", 3), 3)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), [])
    }
}
