import FuzzSupport
@testable import LeadScore

/// The model-file loader on any bytes, and a loaded model asked for what scoring asks of it: a clear error
/// or a usable model, never a crash.
func fuzzModel(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let path = ScratchFile.write(data, size, suffix: ".json")
    guard let model = try? ModelFile.load(path: path) else { return 0 }
    _ = model.columnRequests
    _ = try? RowScorer(model: model, header: model.encoder.features.map(\.name), file: path)
    return 0
}

@_cdecl("fuzz_model_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runFuzzer(argc, argv) { data, size in fuzzModel(data ?? UnsafePointer(bitPattern: 1)!, size) }
}
