/// A problem with a file (a lead file, a spec or policy, a model, an output), told as a sentence with its
/// place: `leads.csv:812: column 'employees': …`, `policy.yaml:12: …`, `model.json: …`.
struct FileError: Error, CustomStringConvertible, Equatable {
    public let file: String
    public let line: Int?
    public let column: String?
    public let message: String

    public init(file: String, line: Int? = nil, column: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// A problem with the header of the CSV file `file`, placed at its line (2 under Excel's `sep=` line).
    static func header(file: String, column: String? = nil, message: String) -> FileError {
        FileError(file: file, line: CSVReader.headerLine(of: file), column: column, message: message)
    }

    public var description: String {
        var s = StandardStreams.displayName(file)
        if let line { s += ":\(line)" }
        s += ": "
        if let column { s += "column '\(column)': " }
        return s + message
    }
}
