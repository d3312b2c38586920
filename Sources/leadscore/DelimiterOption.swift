import ArgumentParser

/// A lead file's field delimiter, by name or as the character itself.
enum Delimiter: String, CaseIterable, ExpressibleByArgument {
    case comma, semicolon, tab

    init?(argument: String) {
        switch argument {
        case "comma", ",": self = .comma
        case "semicolon", ";": self = .semicolon
        case "tab", "\t", "\\t": self = .tab
        default: return nil
        }
    }

    var byte: UInt8 {
        switch self {
        case .comma: return UInt8(ascii: ",")
        case .semicolon: return UInt8(ascii: ";")
        case .tab: return UInt8(ascii: "\t")
        }
    }
}

/// `--delimiter`, shared by every command that reads a lead file.
struct DelimiterOption: ParsableArguments {
    @Option(help: ArgumentHelp("Field delimiter of the lead file: comma, semicolon or tab (default: named by an Excel `sep=;`"
                               + " first line, else detected from the header).",
                               valueName: "c"))
    var delimiter: Delimiter?

    /// The delimiter's byte, nil to detect it from the header.
    var byte: UInt8? { delimiter?.byte }
}
