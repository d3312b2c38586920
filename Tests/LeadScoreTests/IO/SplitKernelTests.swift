import CKernels
import XCTest
@testable import LeadScore

/// `ckernels_split_fields` against its contract, read byte by byte: both builds (SSE2, and AVX2 with POPCNT and BMI1
/// where the CPU runs it), from many starts in buffers thick with delimiters, quotes, doubled quotes, LFs, CRs and
/// CRLFs, fields and quoted runs across 64-byte blocks, room for few fields or many, and quotes, delimiters and line
/// breaks past `end` (which the kernel reads and must not take as data). Both builds give the same result; every field
/// taken is the one a byte-at-a-time reading finds there, the hand-over point that reading's next field start; and
/// at least the fields the contract promises are taken (an unquoted field that holds a quote may be taken or not,
/// as the blocks fall). So the SSE2 build is checked on a CPU that runs the other one too.
final class SplitKernelTests: XCTestCase {
    func testBothBuildsSplitAsTheContractReads() {
        var rng = SeededGenerator(seed: 69)
        let tokens: [[UInt8]] = [[97], [98, 99], [44], [34], [34, 34], [10], [13], [13, 10],
                                 [97, 97, 97, 97, 97, 97, 97]]
        var records = 0, handedOver = 0, quotedTaken = 0, quotedAcross = 0, unquotedWithQuote = 0
        for trial in 0..<1_200 {
            let count = rng.below(400)
            var bytes: [UInt8] = []
            // Some buffers mostly fields of letters with a quoted one now and then (or a quote inside an unquoted
            // one), others thick with everything.
            let dense = trial % 2 == 0
            while bytes.count < count {
                if dense { bytes += tokens[rng.below(tokens.count)]; continue }
                let n = [0, 2, 9, 40, 70][rng.below(5)]
                var text = (0..<n).map { _ in UInt8(97 + rng.below(26)) }
                if n > 0 && rng.below(8) == 0 { text[rng.below(n)] = 34 }
                bytes += rng.below(3) == 0 ? [34] + text.filter { $0 != 34 } + [34] : text
                bytes += [[44], [44], [44], [10], [13, 10]][rng.below(5)]
            }
            bytes = Array(bytes.prefix(count)) + [10]
            bytes += (0..<80).map { _ in [34, 44, 10, 13, 97][rng.below(5)] }
            for start in Set((0..<12).map { _ in rng.below(count + 1) }) {
                let room = [1, 3, 40][rng.below(3)]
                let promised = Self.read(bytes, start, count, room: room, unquotedQuotes: false)
                let reading = Self.read(bytes, start, count, room: room, unquotedQuotes: true)
                let wide = Self.split(bytes, start, count, room: room, portable: 0)
                let portable = Self.split(bytes, start, count, room: room, portable: 1)
                let at = "\(count) bytes from \(start), room \(room)"
                XCTAssertTrue(wide.result == portable.result && wide.next == portable.next
                              && wide.fields == portable.fields && wide.quoted == portable.quoted, at)
                let k = portable.fields.count
                XCTAssertEqual(portable.fields, Array(reading.fields.prefix(k)), at)
                XCTAssertEqual(portable.quoted, reading.quotedUpTo[k], at)
                if portable.result > 0 {
                    XCTAssertEqual(portable.result, reading.result, at)
                    XCTAssertEqual(portable.next, reading.next, at)
                    records += 1
                } else {
                    XCTAssertEqual(portable.result, -(k + 1), at)
                    XCTAssertGreaterThanOrEqual(k, promised.fields.count, at)
                    XCTAssertLessThanOrEqual(promised.result, 0, at)
                    XCTAssertEqual(portable.next, reading.starts[k], at)
                    handedOver += 1
                }
                if portable.quoted { quotedTaken += 1 }
                let fields = portable.fields.enumerated()
                quotedAcross += fields.filter { $0.1[1] - $0.1[0] >= 64 && reading.isQuoted[$0.0] }.count
                unquotedWithQuote += fields.filter { !reading.isQuoted[$0.0] && bytes[$0.1[0]..<$0.1[1]].contains(34) }
                    .count
            }
        }
        // Both outcomes, quoted fields taken (longer than a block among them), and unquoted ones that hold a quote.
        XCTAssertGreaterThan(records, 4_000)
        XCTAssertGreaterThan(handedOver, 6_000)
        XCTAssertGreaterThan(quotedTaken, 600)
        XCTAssertGreaterThan(quotedAcross, 60)
        XCTAssertGreaterThan(unquotedWithQuote, 1_500)
    }

    typealias Split = (result: Int, next: Int, fields: [[Int]], quoted: Bool)

    private static func split(_ bytes: [UInt8], _ start: Int, _ end: Int, room: Int, portable: Int32) -> Split {
        var slots = [Int64](repeating: -1, count: 2 * room), next: Int64 = -1, quoted: Int32 = 0
        let r = bytes.withUnsafeBufferPointer { p in
            Int(ckernels_split_fields_path(p.baseAddress!, Int64(start), Int64(end), 44, &slots, Int64(room), &next,
                                           &quoted, portable))
        }
        let k = r > 0 ? r : -r - 1
        return (r, Int(next), (0..<k).map { [Int(slots[2 * $0]), Int(slots[2 * $0 + 1])] }, quoted != 0)
    }

    /// A byte-at-a-time reading: fields end at a delimiter, an LF before `end` or a CRLF before it; a quoted field is
    /// read when its closing quote (the next quote) comes before `end` with no LF before it and is followed by one of
    /// those; an unquoted field when it holds no quote (or, with `unquotedQuotes`, whatever it holds). The reading
    /// stops at the first field it cannot read (or past `room` fields): `result` is −(k + 1) for k fields read,
    /// else the record's field count. With each field's start, whether it is quoted, and whether one of the first k
    /// was.
    static func read(_ b: [UInt8], _ start: Int, _ end: Int, room: Int, unquotedQuotes: Bool)
        -> (result: Int, next: Int, fields: [[Int]], starts: [Int], isQuoted: [Bool], quotedUpTo: [Bool]) {
        var fields: [[Int]] = [], starts: [Int] = [], isQuoted: [Bool] = [], quotedUpTo = [false], f = start
        func stop() -> (Int, Int, [[Int]], [Int], [Bool], [Bool]) {
            (-(fields.count + 1), f, fields, starts + [f], isQuoted, quotedUpTo)
        }
        while true {
            if fields.count >= room { return stop() }
            var after: Int, field: [Int]
            if b[f] == 34 {
                guard let close = (f + 1..<end).first(where: { b[$0] == 34 }), !b[f + 1..<close].contains(10)
                else { return stop() }
                after = close + 1
                field = [f + 1, close]
            } else {
                after = (f...end).first { b[$0] == 44 || b[$0] == 10 || b[$0] == 13 }!
                if !unquotedQuotes && b[f..<after].contains(34) { return stop() }
                field = [f, after]
            }
            let c = b[after]
            let taken = c == 44 || (c == 10 && after < end) || (c == 13 && after + 1 < end && b[after + 1] == 10)
            if !taken { return stop() }
            fields.append(field)
            starts.append(f)
            isQuoted.append(b[f] == 34)
            quotedUpTo.append(quotedUpTo.last! || b[f] == 34)
            if c == 44 { f = after + 1; continue }
            return (fields.count, after + (c == 13 ? 2 : 1), fields, starts, isQuoted, quotedUpTo)
        }
    }
}
