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

    /// A committed output replaces the old file (by exchanging the two names, then removing the old one): the
    /// new content under the name, a hard link to the old file still holding the old content, nothing else left
    /// behind; and when the old file is gone by the time of the commit (no exchange possible), the new one is
    /// moved into place all the same.
    func testCommitReplacesTheOldFileAndLeavesNothingElse() throws {
        let dir = TestFiles.folder()
        _ = FileManager.default.createFile(atPath: dir + "/out.csv", contents: Data("old\n".utf8))
        XCTAssertEqual(link(dir + "/out.csv", dir + "/kept.csv"), 0)
        let out = try OutputFile(path: dir + "/out.csv")
        XCTAssertTrue(out.replacesFile)
        try out.write("new\n")
        try out.commit(durable: false)
        XCTAssertEqual(FileManager.default.contents(atPath: dir + "/out.csv"), Data("new\n".utf8))
        XCTAssertEqual(FileManager.default.contents(atPath: dir + "/kept.csv"), Data("old\n".utf8))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir).sorted(), ["kept.csv", "out.csv"])

        let again = try OutputFile(path: dir + "/out.csv")
        XCTAssertTrue(again.replacesFile)
        XCTAssertEqual(unlink(dir + "/out.csv"), 0)
        try again.write("newer\n")
        try again.commit(durable: false)
        XCTAssertEqual(FileManager.default.contents(atPath: dir + "/out.csv"), Data("newer\n".utf8))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir).sorted(), ["kept.csv", "out.csv"])
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
