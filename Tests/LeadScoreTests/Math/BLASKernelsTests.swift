import CKernels
import COpenBLAS
import Foundation
import XCTest
@testable import LeadScore

/// The executables run OpenBLAS's kernels for the CPU they are on, also where OpenBLAS does not recognise it
/// (`BLASKernels.chooseIfUnrecognised`), and a kernel set the user chose stands. OpenBLAS prints the
/// kernels it picks ("Core: NAME") when it loads with OPENBLAS_VERBOSE=2.
final class BLASKernelsTests: XCTestCase {
    /// The kernel sets OpenBLAS printed while `leadscore --version` ran, in order (one per time it loaded).
    private func kernels(coreType: String?) throws -> [String] {
        var environment = ProcessInfo.processInfo.environment
        environment["OPENBLAS_VERBOSE"] = "2"
        environment["OPENBLAS_CORETYPE"] = coreType
        let run = try CommandLineTests.process(try TestFiles.executable(), ["--version"], in: TestFiles.folder(),
                                               environment: environment)
        XCTAssertEqual(run.status, 0)
        XCTAssertEqual(run.out, LeadScoreVersion.current + "\n")
        // OpenBLAS writes its message to stdout or stderr depending on the build: read both.
        return (run.out + run.err).split(separator: "\n").compactMap { $0.hasPrefix("Core: ") ? String($0.dropFirst(6)) : nil }
    }

    func testTheExecutableRunsTheKernelsOfThisCPU() throws {
        let printed = try kernels(coreType: nil)
        let first = try XCTUnwrap(printed.first, "OpenBLAS printed no 'Core:' line with OPENBLAS_VERBOSE=2")
        // Chosen again only from the Prescott fallback on a CPU with AVX2 and FMA or AVX-512, and only once.
        let expected: [String]
        switch (first.lowercased(), ckernels_vector_level()) {
        case ("prescott", 2): expected = [first, "SkylakeX"]
        case ("prescott", 1): expected = [first, "Haswell"]
        default: expected = [first]
        }
        XCTAssertEqual(printed, expected)
    }

    func testAKernelSetTheUserChoseStands() throws {
        XCTAssertEqual(try kernels(coreType: "Prescott"), ["Prescott"])
    }

    /// OpenBLAS makes its choice again in this process (`BLASKernels.chooseAgain`, what spares the executables a
    /// second start-up): here to Haswell's kernels where the CPU runs them, then back to the ones this test process
    /// loaded with, each named by OpenBLAS afterwards.
    func testOpenBLASChoosesItsKernelsAgainInProcess() throws {
        let loaded = String(cString: try XCTUnwrap(openblas_get_corename()))
        let set = getenv("OPENBLAS_CORETYPE").map { String(cString: $0) }
        defer {
            if let set { setenv("OPENBLAS_CORETYPE", set, 1) } else { unsetenv("OPENBLAS_CORETYPE") }
        }
        if ckernels_vector_level() >= 1 && loaded.lowercased() != "haswell" {
            setenv("OPENBLAS_CORETYPE", "Haswell", 1)
            XCTAssertTrue(BLASKernels.chooseAgain("Haswell"))
            XCTAssertEqual(String(cString: try XCTUnwrap(openblas_get_corename())), "Haswell")
        }
        setenv("OPENBLAS_CORETYPE", loaded, 1)
        XCTAssertTrue(BLASKernels.chooseAgain(loaded))
        XCTAssertEqual(String(cString: try XCTUnwrap(openblas_get_corename())), loaded)
        XCTAssertFalse(BLASKernels.chooseAgain("NoSuchCore"), "a name OpenBLAS does not then report")
    }
}
