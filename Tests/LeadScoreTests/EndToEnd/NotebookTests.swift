import XCTest

/// Runs every shell block of every notebook in notebooks-md/ and fails when the output shown there no longer
/// matches. A block is a ```console fence: lines starting with `$ ` are commands (run with bash in a scratch
/// folder holding links to datasets/ and models/, the debug `leadscore` first on PATH, stderr merged), the
/// lines after a command are its expected output. An expected line ending in `[varies]` matches any actual
/// line that starts with the text before the marker (timings, dates); `[exit N]` is the exit status when it
/// is not 0. Charts the notebooks write into `charts/` must equal the SVGs committed in notebooks-md/charts/.
///
/// `LEADSCORE_UPDATE_NOTEBOOKS=1 swift test --filter NotebookTests` rewrites the outputs and charts instead.
final class NotebookTests: XCTestCase {
    let folder = TestFiles.root.appendingPathComponent("notebooks-md")
    var update: Bool { ProcessInfo.processInfo.environment["LEADSCORE_UPDATE_NOTEBOOKS"] == "1" }

    func testFirstModel() throws { try run("01-first-model.md") }
    func testMonthlyRetrain() throws { try run("02-monthly-retrain.md") }
    func testEvaluatingAccuracy() throws { try run("03-evaluating-accuracy.md") }
    func testBankMarketing() throws { try run("04-bank-marketing.md") }
    func testWarehouse() throws { try run("05-warehouse.md") }
    func testSalesTeam() throws { try run("06-sales-team.md") }
    func testEngagement() throws { try run("07-engagement.md") }

    func testEveryNotebookIsRun() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".md") }.sorted()
        XCTAssertEqual(names, ["01-first-model.md", "02-monthly-retrain.md", "03-evaluating-accuracy.md", "04-bank-marketing.md",
                               "05-warehouse.md", "06-sales-team.md", "07-engagement.md"])
    }

    func run(_ name: String) throws {
        let path = folder.appendingPathComponent(name).path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let binary = (try TestFiles.executable() as NSString).deletingLastPathComponent
        let scratch = TestFiles.folder()
        for link in ["datasets", "models"] {
            try FileManager.default.createSymbolicLink(atPath: scratch + "/" + link,
                                                       withDestinationPath: TestFiles.root.appendingPathComponent(link).path)
        }
        var lines = text.components(separatedBy: "\n")
        var inBlock = false
        var k = 0
        while k < lines.count {
            let line = lines[k]
            if line.hasPrefix("```") { inBlock = (line == "```console") ? true : false; k += 1; continue }
            guard inBlock, line.hasPrefix("$ ") else { k += 1; continue }
            let command = String(line.dropFirst(2))
            var end = k + 1
            while end < lines.count && !lines[end].hasPrefix("$ ") && !lines[end].hasPrefix("```") { end += 1 }
            let expected = Array(lines[(k + 1)..<end])
            let (status, output) = try shell(command, in: scratch, path: binary)
            var actual = output.components(separatedBy: "\n")
            if actual.last == "" { actual.removeLast() }
            if status != 0 { actual.append("[exit \(status)]") }
            if update {
                let merged = actual.enumerated().map { i, a -> String in
                    if i < expected.count, let p = prefix(expected[i]), a.hasPrefix(p) { return expected[i] }
                    return a
                }
                lines.replaceSubrange((k + 1)..<end, with: merged)
                k += 1 + merged.count
            } else {
                XCTAssertEqual(actual.count, expected.count, "\(name): `\(command)` printed \(actual.count) lines, the notebook shows \(expected.count):\n\(output)")
                for (a, e) in zip(actual, expected) {
                    if let p = prefix(e) { XCTAssertTrue(a.hasPrefix(p), "\(name): `\(command)`:\n  expected \(e)\n  actual   \(a)") }
                    else { XCTAssertEqual(a, e, "\(name): `\(command)`") }
                }
                k = end
            }
        }
        if update { try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8) }
        try compareCharts(in: scratch, notebook: name)
    }

    /// The text before a trailing ` [varies]` marker, or nil when the line has none.
    func prefix(_ expected: String) -> String? {
        expected.hasSuffix(" [varies]") ? String(expected.dropLast(" [varies]".count)) : nil
    }

    func compareCharts(in scratch: String, notebook: String) throws {
        let made = scratch + "/charts"
        guard let charts = try? FileManager.default.contentsOfDirectory(atPath: made) else { return }
        let committed = folder.appendingPathComponent("charts").path
        try FileManager.default.createDirectory(atPath: committed, withIntermediateDirectories: true)
        for chart in charts where chart.hasSuffix(".svg") {
            let new = FileManager.default.contents(atPath: made + "/" + chart)
            if update { FileManager.default.createFile(atPath: committed + "/" + chart, contents: new) }
            else {
                // A chart's subtitle names the day it was drawn: that date varies, the rest must not.
                func undated(_ d: Data?) -> String? {
                    d.map { String(decoding: $0, as: UTF8.self).replacingOccurrences(of: #"\d{4}-\d{2}-\d{2}"#, with: "[date]", options: .regularExpression) }
                }
                XCTAssertEqual(undated(new), undated(FileManager.default.contents(atPath: committed + "/" + chart)), "\(notebook): charts/\(chart) changed")
            }
        }
    }

    func shell(_ command: String, in dir: String, path: String) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = ["-c", command]
        p.currentDirectoryURL = URL(fileURLWithPath: dir)
        var env = ProcessInfo.processInfo.environment
        env["PATH"] = path + ":" + (env["PATH"] ?? "/usr/bin:/bin")
        env["LC_ALL"] = "C.UTF-8"
        // The notebooks show numbers to the last digit. Debian's OpenBLAS picks its kernels for the CPU at run
        // time, and its AVX-512 kernels add in another order than the AVX2 (Haswell) ones the notebooks were
        // written with, which moves the 16th significant digit of a coefficient (measured: 1 ulp of a
        // probability, e.g. 0.756394536751384 against 0.7563945367513839). Pinning the kernel makes the
        // notebooks' outputs the same on every x86-64 machine with AVX2; what varies across CPUs is the BLAS
        // summation order, not leadscore.
        env["OPENBLAS_CORETYPE"] = env["OPENBLAS_CORETYPE"] ?? "Haswell"
        p.environment = env
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
