import XCTest
@testable import LeadScore

/// TierReason.Cache, the table of texts already made: every key added is found with its own place (through the
/// table's growth), keys that differ in any one field are told apart, and a key not added is not found.
final class TierReasonCacheTests: XCTestCase {
    func testEveryKeyFindsItsOwnText() {
        var cache = TierReason.Cache()
        var keys: [TierReason.Key] = []
        // Keys that differ in one field at a time, as a policy's leads do (tier, score, gate masks, sub-scores).
        for tier in 0..<4 {
            for score in stride(from: 0, through: 100, by: 9) {
                for pass in [0, 1, 5, 15] as [UInt32] {
                    for unknown in [0, 2, 8] as [UInt32] {
                        keys.append(TierReason.Key(tier: UInt8(tier), score: UInt8(score), pass: pass, unknown: unknown,
                                                   groups: UInt64(score) << 8 | UInt64(tier)))
                    }
                }
            }
        }
        XCTAssertEqual(keys.count, 4 * 12 * 4 * 3)
        for (k, key) in keys.enumerated() {
            XCTAssertNil(cache.place(key))
            cache.add(key, Array("text \(k)".utf8))
        }
        for (k, key) in keys.enumerated() {
            guard let place = cache.place(key) else { XCTFail("key \(k) lost"); continue }
            XCTAssertEqual(String(decoding: cache.bytes[place.start..<(place.start + place.count)], as: UTF8.self), "text \(k)")
        }
        XCTAssertNil(cache.place(TierReason.Key(tier: 9, score: 1, pass: 0, unknown: 0)))
        XCTAssertNil(cache.place(TierReason.Key(tier: 0, score: 0, pass: 0, unknown: 0, groups: 1)))
    }
}
