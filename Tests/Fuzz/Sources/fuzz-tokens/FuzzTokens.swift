import FuzzSupport
import Foundation
@testable import LeadScore

/// The token parsers on any bytes. A number the parser accepts must be the double `strtod` gives for the
/// same text (the parser's contract: exactly as strtod), so a disagreement stops the fuzzer.
func fuzzTokens(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let missing = ValueRules(extra: ["Select", "unknown"])
    _ = missing.isMissing(bytes)
    _ = BooleanTokens.value(bytes)
    _ = ISODate.seconds(bytes)
    // Dates as a locale displays them: recognised ones read in some order, and read ones recognised.
    let mdy = LocalDate.seconds(bytes, order: .mdy), dmy = LocalDate.seconds(bytes, order: .dmy)
    _ = CSVFooter.find(in: bytes, at: 0, isFileStart: true)
    if let v = NumberParser.parse(bytes), !bytes.contains(0) {
        let text = String(decoding: bytes, as: UTF8.self)
        var end: UnsafeMutablePointer<CChar>?
        let reference = text.withCString { p -> (Double, Bool) in
            let r = strtod(p, &end)
            return (r, end.map { $0 - UnsafeMutablePointer(mutating: p) } == strlen(p))
        }
        if reference.1 {
            precondition(v.bitPattern == reference.0.bitPattern || (v.isNaN && reference.0.isNaN),
                         "NumberParser read \(text.debugDescription) as \(v), strtod as \(reference.0)")
        }
    }
    let text = String(decoding: bytes, as: UTF8.self)
    _ = NumberParser.parse(string: text)
    _ = ISODate.seconds(text)
    if mdy != nil || dmy != nil, ISODate.seconds(bytes) == nil, !bytes.contains(0) {
        precondition(LocalDate.matches(text), "LocalDate read \(text.debugDescription) but does not recognise it")
    }
    // A spreadsheet's error value is one of the list, in some case, and missing; Excel's delimiter line.
    if ValueRules.isSheetError(bytes) {
        precondition(ValueRules.sheetErrors.contains { $0.uppercased() == text.uppercased() } && missing.isMissing(bytes),
                     "isSheetError accepted \(text.debugDescription)")
    }
    if let base = bytes.baseAddress, let sep = CSVReader.separatorLine(base, count: size) {
        precondition(sep.length <= size && text.lowercased().hasPrefix("sep="), "separatorLine accepted \(text.debugDescription)")
    }
    // The trim every field goes through: a stretch of the bytes with no space, tab or whole no-break space at
    // either end, only those taken away, and nothing more to take.
    let kept = CSVRecord.trimmed(bytes)
    let start = size == 0 ? 0 : kept.baseAddress! - bytes.baseAddress!
    func spacesOnly(_ b: ArraySlice<UInt8>) -> Bool {
        var i = b.startIndex
        while i < b.endIndex {
            if b[i] == 32 || b[i] == 9 { i += 1 } else if i + 1 < b.endIndex, b[i] == 0xC2, b[i + 1] == 0xA0 { i += 2 } else { return false }
        }
        return true
    }
    let all = Array(bytes)
    precondition(start >= 0 && start + kept.count <= size && spacesOnly(all[0..<start]) && spacesOnly(all[(start + kept.count)...])
                 && CSVRecord.trimmed(kept).count == kept.count, "the trim of \(all) kept \(Array(kept))")
    _ = DisplayedNumber.mark(text)
    _ = SchemaInference.isGrouped(text)
    _ = BooleanTokens.value(of: text)
    _ = missing.isMissing(text)
    return 0
}

@_cdecl("fuzz_tokens_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runFuzzer(argc, argv) { data, size in fuzzTokens(data ?? UnsafePointer(bitPattern: 1)!, size) }
}
