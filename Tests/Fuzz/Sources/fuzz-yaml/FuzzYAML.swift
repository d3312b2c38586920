import FuzzSupport
@testable import LeadScore

/// The spec and policy loaders on any bytes: a clear error or a loaded file, never a crash or a hang (the
/// size, depth and alias limits of `YAMLFile` keep every input cheap).
func fuzzYAML(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let path = ScratchFile.write(data, size, suffix: ".yaml")
    _ = try? FeatureSpec.load(path: path)
    _ = try? Policy.load(path: path, header: header)
    return 0
}

/// The sample leads' columns, so that policies naming them load.
let header = ["lead_id", "created_date", "industry", "employees", "annual_revenue", "region", "job_level", "lead_source",
              "site_visits", "pricing_page_views", "email_clicks", "content_downloads", "webinars_attended", "demo_requested",
              "trial_started", "unsubscribed", "days_since_last_activity", "budget_confirmed", "decision_maker",
              "need_identified", "purchase_timeline_days", "email_domain"]

@_cdecl("fuzz_yaml_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runFuzzer(argc, argv) { data, size in fuzzYAML(data ?? UnsafePointer(bitPattern: 1)!, size) }
}
