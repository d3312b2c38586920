import Foundation

/// The running sums of `EventLog.aggregate`, one block of doubles per lead so that an event touches one or two
/// cache lines: [as-of, events in the last 30 days, then per type: decayed sum, newest time].
struct EventTally: Sendable {
    enum Outcome { case used, noAsOf, afterAsOf, otherType }

    private(set) var blocks: [Double]
    private(set) var stride = 2
    private var capacity = 0
    private(set) var types = 0
    private var rates: [Double] = []
    let leads: Int

    init(leads: Int, asOf: [Double]) {
        self.leads = leads
        blocks = []
        relayout(capacity: 8, asOf: asOf)
    }

    /// A new type, with 1/half-life in days; the blocks widen when full.
    mutating func addType(rate: Double) {
        if types == capacity { relayout(capacity: capacity * 2, asOf: nil) }
        let k = 2 + 2 * types
        for lead in 0..<leads { blocks[lead * stride + k] = 0; blocks[lead * stride + k + 1] = -.infinity }
        rates.append(rate)
        types += 1
    }

    private mutating func relayout(capacity: Int, asOf: [Double]?) {
        let width = 2 + 2 * capacity
        var wider = [Double](repeating: 0, count: leads * width)
        for lead in 0..<leads {
            if let asOf {
                wider[lead * width] = asOf[lead]
            } else {
                for k in 0..<(2 + 2 * types) { wider[lead * width + k] = blocks[lead * stride + k] }
            }
        }
        blocks = wider
        stride = width
        self.capacity = capacity
    }

    /// Adds an event of type `slot` (−1: not a feature type) at `time` to `lead`.
    @inline(__always)
    mutating func add(lead: Int, slot: Int, time: Double) -> Outcome {
        let base = lead * stride
        return blocks.withUnsafeMutableBufferPointer { b in
            let asOf = b[base]
            if asOf.isNaN { return .noAsOf }
            if !(time < asOf) { return .afterAsOf }
            if slot < 0 { return .otherType }
            let age = (asOf - time) / 86_400
            let k = base + 2 + 2 * slot
            b[k] += exp2(-age * rates[slot])
            if time > b[k + 1] { b[k + 1] = time }
            if age <= EventsSpec.recentDays { b[base + 1] += 1 }
            return .used
        }
    }
}
