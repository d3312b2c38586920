import FuzzSupport
@testable import LeadScore

/// The CSV reader on any bytes, with each delimiter and with chunks small enough that records, quotes and
/// line breaks straddle chunk edges: it may throw a `FileError`, never crash, hang or read out of bounds.
func fuzzCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let path = ScratchFile.write(data, size, suffix: ".csv")
    for delimiter in [nil, UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t")] {
        for chunk in [7, 1 << 20] {
            do {
                let reader = try CSVReader(path: path, delimiter: delimiter, chunkSize: chunk)
                var fields = 0
                try reader.forEachRecord { record in fields += record.allStrings().count }
                _ = fields
            } catch is FileError {
            } catch {
                preconditionFailure("the CSV reader threw something other than a FileError: \(error)")
            }
        }
    }
    return 0
}

@_cdecl("fuzz_csv_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runFuzzer(argc, argv) { data, size in fuzzCSV(data ?? UnsafePointer(bitPattern: 1)!, size) }
}
