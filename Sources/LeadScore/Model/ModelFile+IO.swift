import Foundation

extension ModelFile {
    public func jsonData() throws -> Data { try JSONOutput.encoder().encode(self) }

    /// Writes the model atomically (temporary file, then rename).
    public func write(to path: String) throws {
        var bytes = [UInt8](try jsonData())
        bytes.append(10)
        try OutputFile.write(bytes, to: path)
    }

    /// Reads a model, with one clear error for a missing, truncated, corrupted or too-new file.
    public static func load(path: String) throws -> ModelFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FileError(file: path, message: "there is no model file here; train one with `leadscore train`")
        }
        struct Version: Decodable { var format_version: Int? }
        guard let version = try? JSONDecoder().decode(Version.self, from: data) else {
            throw FileError(file: path, message: "is not a complete model file (truncated or corrupted JSON);"
                + " restore it or train again")
        }
        guard let format = version.format_version else {
            throw FileError(file: path, message: "is JSON but not a leadscore model (no format_version)")
        }
        if format > currentFormat {
            throw FileError(file: path, message: "was written in model format \(format), newer than this"
                + " leadscore reads (\(currentFormat)); upgrade leadscore")
        }
        let decoder = JSONOutput.decoder()
        do {
            let model = try decoder.decode(ModelFile.self, from: data)
            guard model.coefficients.count == model.encoder.terms.count + 1 else {
                throw FileError(file: path, message: "is corrupted: \(model.coefficients.count) coefficients for"
                    + " \(model.encoder.terms.count + 1) terms; restore it or train again")
            }
            return model
        } catch let error as FileError {
            throw error
        } catch {
            throw FileError(file: path, message: "is corrupted (\(Self.describe(error))); restore it or train again")
        }
    }

    static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let ctx):
            return "missing '\((ctx.codingPath + [key]).map(\.stringValue).joined(separator: "."))'"
        case DecodingError.typeMismatch(_, let ctx), DecodingError.valueNotFound(_, let ctx),
             DecodingError.dataCorrupted(let ctx):
            return "bad value at '\(ctx.codingPath.map(\.stringValue).joined(separator: "."))'"
        default: return "unreadable"
        }
    }
}
