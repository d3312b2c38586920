/// A reason's text: `name=value (+1.23)`.
extension RowScorer {
    /// Appends the r-th reason (0: the first), "name=value (+1.23)", with "; " before all but the first: the
    /// reasons are the `topReasons` features; bytes only, so the hot path builds no strings.
    func appendReason(_ r: Int, feature f: Int, contribution c: Double, _ record: borrowing CSVRecord, missing: ValueRules,
                      into out: inout ByteScratch) {
        // `; name=value (+1.23)` put together on the stack and appended at once when the value is the field's
        // valid UTF-8 or the missing text and it all fits (each `append(contentsOf:)` costs some 75 instructions,
        // and they were a tenth of score's second pass); otherwise piece by piece.
        let done: Bool = nameBytes.withUnsafeBufferPointer { names in
            if case .event = slots[f].kind { return false }
            let name = UnsafeBufferPointer(rebasing: names[(f == 0 ? 0 : nameEnds[f - 1])..<nameEnds[f]])
            let field = record[slots[f].field]
            let value = missing.isMissing(field) ? UnsafeBufferPointer(rebasing: names[nameEnds[nameEnds.count - 1]...])
                : ByteText.isValidUTF8(field) ? field : nil
            guard let value, name.count + value.count <= 200 else { return false }
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 256) { buffer in
                let p = buffer.baseAddress!
                var n = 0
                if r > 0 { p[0] = UInt8(ascii: ";"); p[1] = 32; n = 2 }
                if let b = name.baseAddress { (p + n).update(from: b, count: name.count) }
                n += name.count
                p[n] = UInt8(ascii: "="); n += 1
                if let b = value.baseAddress { (p + n).update(from: b, count: value.count) }
                n += value.count
                n += Self.writeContribution(c, to: p + n)
                out.append(contentsOf: UnsafeBufferPointer(start: p, count: n))
                return true
            }
        }
        if done { return }
        if r > 0 { out.append(UInt8(ascii: ";")); out.append(32) }
        nameBytes.withUnsafeBufferPointer { names in
            out.append(contentsOf: UnsafeBufferPointer(rebasing: names[(f == 0 ? 0 : nameEnds[f - 1])..<nameEnds[f]]))
            out.append(UInt8(ascii: "="))
            if case .event(let e) = slots[f].kind {
                let lead = events!.lead(record[events!.idField], missing: missing)
                out.append(utf8: Self.eventText(events!.value(lead: lead, feature: e)))
            } else {
                let field = record[slots[f].field]
                if missing.isMissing(field) {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: names[nameEnds[nameEnds.count - 1]...]))
                } else {
                    out.appendUTF8(field)
                }
            }
        }
        // ` (+1.23)`, put together on the stack and appended at once (each `append(contentsOf:)` costs some 75
        // instructions).
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { buffer in
            out.append(contentsOf: UnsafeBufferPointer(start: buffer.baseAddress!, count: Self.writeContribution(c, to: buffer.baseAddress!)))
        }
    }

    /// Writes ` (+1.23)` (at most 20 bytes) at `p`; returns its length.
    private static func writeContribution(_ c: Double, to p: UnsafeMutablePointer<UInt8>) -> Int {
        p[0] = 32; p[1] = UInt8(ascii: "("); p[2] = UInt8(ascii: c >= 0 ? "+" : "-")
        var n = 3 + ByteText.writeFixed2(abs(c), to: p + 3)
        p[n] = UInt8(ascii: ")"); n += 1
        return n
    }

    /// An activity value in reasons: two decimals at most, trailing zeros dropped (`1.6`, `365`, `0.07`).
    static func eventText(_ v: Double) -> String { NumberFormat.shortest((v * 100).rounded() / 100) }
}
