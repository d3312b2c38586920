/// The activity features of every lead of a leads file (`EventLog.aggregate`), looked up by the lead's id.
public struct EventValues: Sendable {
    /// The activity types, in feature order.
    public let types: [String]
    let index: LeadIndex
    /// Lead-major: lead code × feature.
    let values: [Double]
    public let counts: EventCounts

    /// The feature names (`EventsSpec.featureNames`).
    public var names: [String] { EventsSpec.featureNames(types: types) }

    /// The values of a lead without activity (or without an id): no events, the horizon for the days since.
    var none: [Double] { types.flatMap { _ in [0, EventsSpec.horizonDays] } + [0] }

    /// The id column's field index in the leads file this was built from.
    var idField: Int { index.idField }

    /// The lead code of a row's id field; nil when the id is missing or unknown.
    @inline(__always)
    func lead(_ id: UnsafeBufferPointer<UInt8>, missing: ValueRules) -> Int? {
        missing.isMissing(id) ? nil : index.code(id)
    }

    /// Feature `f` of lead `lead` (nil: no activity).
    @inline(__always)
    func value(lead: Int?, feature f: Int) -> Double {
        guard let lead else { return f % 2 == 0 ? 0 : EventsSpec.horizonDays }
        return values[lead * (2 * types.count + 1) + f]
    }

    /// Feature `f` for every data row of the leads file, in row order.
    func column(_ f: Int) -> [Double] { index.rowLeads.map { value(lead: $0 < 0 ? nil : Int($0), feature: f) } }
}
