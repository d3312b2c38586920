import XCTest
@testable import LeadScore

/// The formulas of `Math/Logistic.swift`, at ordinary points and at the special values.
final class LogisticTests: XCTestCase {
    func testSigmoidAtOrdinaryAndSpecialValues() {
        XCTAssertEqual(Logistic.sigmoid(0), 0.5)
        // σ(2) = 1/(1 + e^−2) = 0.8807970779778824 (the double nearest, by mpmath at 50 digits; 1 ulp allowed).
        XCTAssertClose(Logistic.sigmoid(2), 0.8807970779778824, rel: 2e-16)
        XCTAssertClose(Logistic.sigmoid(-2) + Logistic.sigmoid(2), 1, rel: 2e-16)
        XCTAssertEqual(Logistic.sigmoid(.infinity), 1)
        XCTAssertEqual(Logistic.sigmoid(-.infinity), 0)
        XCTAssertEqual(Logistic.sigmoid(-800), 0)  // e^800 overflows to inf: 1/inf, no NaN
        XCTAssertTrue(Logistic.sigmoid(.nan).isNaN)
    }

    func testLog1pexpNeverOverflows() {
        XCTAssertClose(Logistic.log1pexp(0), log(2), rel: 2e-16)
        // log(1 + e^800) = 800 + log1p(e^−800) = 800 exactly in doubles; the naive form gives inf.
        XCTAssertEqual(Logistic.log1pexp(800), 800)
        XCTAssertEqual(log(1 + exp(800.0)), .infinity)
        XCTAssertEqual(Logistic.log1pexp(-800), 0)
        // log(1 + e^−40) = 4.248354255291589e-18 (e^−40 itself to 1e-34).
        XCTAssertClose(Logistic.log1pexp(-40), 4.248354255291589e-18, rel: 1e-15)
        XCTAssertEqual(Logistic.log1pexp(.infinity), .infinity)
    }

    func testClippedLogLossIsFiniteAtZeroAndOne() {
        // A confident mistake costs −log ε = 36.04365338911715 (ε = 2⁻⁵²: 52·ln 2).
        XCTAssertClose(Logistic.clippedLogLoss(0, positive: true), 52 * log(2), rel: 1e-15)
        XCTAssertClose(Logistic.clippedLogLoss(1, positive: false), 36.04365338911715, rel: 1e-12)
        XCTAssertEqual(Logistic.clippedLogLoss(1, positive: true), -log(1 - Double.ulpOfOne))
        XCTAssertClose(Logistic.clippedLogLoss(0.25, positive: true), log(4), rel: 2e-16)
        XCTAssertClose(Logistic.clippedLogLoss(0.25, positive: false), log(4.0 / 3.0), rel: 2e-16)
    }

    func testZ975IsTheNormalQuantile() {
        // Φ(z) = erfc(−z/√2)/2 = 0.975 at z975, to the last digit.
        XCTAssertClose(erfc(-Logistic.z975 / 2.0.squareRoot()) / 2, 0.975, rel: 1e-15)
    }
}
