import Foundation
import XCTest
@testable import LeadScore

/// `BLASKernels.stopIdleThreads` stops OpenBLAS's worker threads (whose spinning took 0.10 s of CPU at the start
/// of every run) and BLAS calls keep working without them and do not start them again. Read through OpenBLAS's
/// own flag, `blas_server_avail` (1 while its threads exist), where the build has one (the pthreads build).
final class BLASThreadsTests: XCTestCase {
    private func serverRunning() throws -> Bool {
        guard let handle = dlopen(nil, RTLD_NOW), let flag = dlsym(handle, "blas_server_avail") else {
            throw XCTSkip("this OpenBLAS build has no worker threads (no blas_server_avail)")
        }
        return flag.load(as: Int32.self) != 0
    }

    func testTheWorkerThreadsStopAndCallsDoNotRestartThem() throws {
        _ = try serverRunning()
        BLASKernels.stopIdleThreads()
        XCTAssertFalse(try serverRunning())
        BLASKernels.stopIdleThreads()  // again: nothing to stop, no harm
        XCTAssertFalse(try serverRunning())

        // Calls of every kind leadscore makes, on shapes large enough that a threaded build would share them out.
        let rows = 2_000, width = 300
        var block = [Double](repeating: 0, count: rows * width)
        for i in block.indices { block[i] = Double((i * 7919) % 1_000) / 1_000 - 0.5 }
        var product = [Double](repeating: 0, count: rows)
        BLAS.multiply(block, rows: rows, width: width, by: [Double](repeating: 1, count: width), into: &product)
        XCTAssertEqual(product[0], (0..<width).reduce(0.0) { $0 + block[$1] }, accuracy: 1e-9)
        var gram = [Double](repeating: 0, count: width * width)
        BLAS.accumulateGram(block, rows: rows, width: width, into: &gram)
        for j in 0..<width { gram[j * width + j] += 1 }
        let solved = try XCTUnwrap(BLAS.choleskySolve(gram, n: width, [Double](repeating: 1, count: width)))
        XCTAssertTrue(solved.allSatisfy(\.isFinite))
        XCTAssertNotNil(BLAS.inverseSPD(gram, n: width))
        XCTAssertFalse(try serverRunning(), "a BLAS call started OpenBLAS's threads again")
    }
}
