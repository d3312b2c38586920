import FuzzSupport
@testable import LeadScore

/// The CSV reader on any bytes, with each delimiter and with chunks small enough that records, quotes and
/// line breaks straddle chunk edges: it may throw a `FileError`, never crash, hang or read out of bounds, and
/// whatever the chunk size it reads the same records with their line numbers, or reports the same error (a large
/// chunk may meet the error before handing over the records above it, so those need only agree as far as both go).
/// Not compared when the delimiter is detected: detection reads the first chunk only (of seven bytes here, 1 MiB
/// in use).
func fuzzCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let path = ScratchFile.write(data, size, suffix: ".csv")
    for delimiter in [nil, UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t")] {
        var reads: [(records: [String], error: String?)] = []
        for chunk in [7, 1 << 20] {
            var records: [String] = [], failure: String?
            do {
                let reader = try CSVReader(path: path, delimiter: delimiter, chunkSize: chunk)
                try reader.forEachRecord { record in
                    records.append("\(record.line): " + record.allStrings().joined(separator: "\u{1}"))
                }
            } catch let error as FileError {
                failure = "\(error)"
            } catch {
                preconditionFailure("the CSV reader threw something other than a FileError: \(error)")
            }
            reads.append((records, failure))
        }
        if delimiter == nil { continue }
        let (small, large) = (reads[0], reads[1])
        precondition(small.error == large.error,
                     "chunks of 7 and 1 MiB: \(small.error ?? "-") against \(large.error ?? "-")")
        let both = min(small.records.count, large.records.count)
        precondition(small.error != nil || small.records.count == large.records.count, "chunks of 7 and 1 MiB: counts")
        precondition(small.records.prefix(both) == large.records.prefix(both), "chunks of 7 and 1 MiB: records differ")
    }
    return 0
}

@_cdecl("fuzz_csv_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runFuzzer(argc, argv) { data, size in fuzzCSV(data ?? UnsafePointer(bitPattern: 1)!, size) }
}
