/// JSON string literals, escaped by hand for the streaming writers.
enum JSONText {
    /// `s` as a JSON string literal. `yamlSafe` also escapes DEL, NEL, LS and PS, which JSON may leave as they
    /// are but YAML reads as line breaks (a YAML double-quoted scalar takes JSON's escapes).
    static func string(_ s: String, yamlSafe: Bool = false) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if c.value < 0x20 || (yamlSafe && [0x7F, 0x85, 0x2028, 0x2029].contains(c.value)) {
                    let hex = String(c.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        return out + "\""
    }
}
