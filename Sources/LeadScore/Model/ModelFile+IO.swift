import Foundation

extension ModelFile {
    /// The model as JSON, with its checksum: the SHA-256 of the same JSON without the `checksum` key.
    func jsonData() throws -> Data {
        var signed = self
        signed.checksum = try contentChecksum()
        return try JSONOutput.encoder().encode(signed)
    }

    /// `sha256:HEX` of the model's JSON without its checksum. Decoding and encoding again gives the same
    /// bytes (keys sorted; every double printed as the shortest text that reads back as itself), so a
    /// loaded model's checksum is computed from what was read.
    func contentChecksum() throws -> String {
        var unsigned = self
        unsigned.checksum = nil
        let bytes = try JSONOutput.encoder().encode(unsigned)
        let digest = SHA256Digest()
        bytes.withUnsafeBytes { digest.update($0) }
        return "sha256:" + digest.hex()
    }

    /// Writes the model atomically (temporary file, then rename).
    public func write(to path: String) throws {
        var bytes = [UInt8](try jsonData())
        bytes.append(10)
        try OutputFile.write(bytes, to: path)
    }

    /// Far above any model (one with 5,000 terms is about 3 MB), far below what would strain memory.
    static let maxBytes = 256 << 20

    /// Reads a model, with one clear error for a missing, truncated, corrupted, too large or too new file,
    /// and refuses one whose content no longer matches its checksum (`ModelEditedError`) unless `trustEdited`.
    public static func load(path: String, trustEdited: Bool = false) throws -> ModelFile {
        guard let bytes = try WholeFile.read(path, atMost: maxBytes, what: "model file (.json)") else {
            throw FileError(file: path, message: "there is no model file here; train one with `leadscore train`")
        }
        let data = Data(bytes)
        struct Version: Decodable { var format_version: Int?; var tool_version: String? }
        guard let version = try? JSONDecoder().decode(Version.self, from: data) else {
            throw FileError(file: path, message: "is not a complete model file (truncated or corrupted JSON);"
                + " restore it or train again")
        }
        guard let format = version.format_version else {
            throw FileError(file: path, message: "is JSON but not a leadscore model (no format_version)")
        }
        if format > currentFormat {
            throw FileError(file: path, message: "was written by leadscore \(version.tool_version ?? "?") in model format"
                + " \(format); this leadscore (\(LeadScoreVersion.current)) reads format \(currentFormat) and older:"
                + " read it with leadscore \(version.tool_version ?? "of that version") or later")
        }
        let decoder = JSONOutput.decoder()
        do {
            let model = try decoder.decode(ModelFile.self, from: data)
            if let problem = model.structuralProblem() {
                throw FileError(file: path, message: "is corrupted: \(problem); restore it or train again")
            }
            if let stored = model.checksum, !trustEdited, try model.contentChecksum() != stored {
                throw ModelEditedError(path: path)
            }
            return model
        } catch let error as FileError {
            throw error
        } catch let error as ModelEditedError {
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

/// A model whose content no longer matches its checksum: edited by hand, or damaged on its way.
public struct ModelEditedError: Error, CustomStringConvertible {
    public let path: String
    public var description: String {
        "\(StandardStreams.displayName(path)): the model was changed after leadscore wrote it (its content no longer matches its checksum);"
            + " restore it from the registry or train again, or pass --trust-edited-model to use it as it is"
    }
}
