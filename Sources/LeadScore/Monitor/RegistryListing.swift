import Foundation

/// What `registry list` shows and `registry promote` does.
extension Registry {
    /// Every model in the registry, oldest first, with what its retrain measured.
    public struct Listing: Codable, Sendable, Equatable {
        public struct Model: Codable, Sendable, Equatable {
            public var name: String
            public var current: Bool
            /// The run that made it: `retrain` (promoted or refused), or nil for a file placed by hand.
            public var promoted: Bool?
            public var challenger: Entry.Metrics?
        }
        public var current: String?
        public var models: [Model]
        public var history: [Entry]

        // Every key present, as `null` when empty (the README documents them so).
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(current, forKey: .current)
            try c.encode(models, forKey: .models)
            try c.encode(history, forKey: .history)
        }
    }

    /// Opens a registry for reading only: a folder that is not one is an error, not a new registry.
    public static func existing(_ path: String) throws -> Registry {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path + "/models", isDirectory: &isFolder), isFolder.boolValue else {
            throw FileError(file: path, message: "is not a model registry (it has no models folder); `leadscore retrain --registry` makes one")
        }
        return try open(path)
    }

    public func listing() throws -> Listing {
        let current = try self.current()?.name
        let history = try self.history()
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: modelsDir)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
        let models = names.map { name -> Listing.Model in
            let made = history.last { $0.action == "retrain" && $0.model == name }
            return Listing.Model(name: name, current: name == current, promoted: made?.promoted, challenger: made?.challenger)
        }
        return Listing(current: current, models: models, history: history)
    }
}

extension Registry.Listing.Model {
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(current, forKey: .current)
        try c.encode(promoted, forKey: .promoted)
        try c.encode(challenger, forKey: .challenger)
    }
}
extension Retrainer {
    /// Makes `model` (a file name in the registry's models folder) current and logs it as a `promote`: for
    /// pinning a chosen model. Refused while a retrain or rollback holds the registry, and for a model that
    /// does not load (a damaged or edited file).
    public static func promote(registry path: String, model name: String) throws -> (from: String?, to: String) {
        let registry = try Registry.existing(path)
        let lock = try registry.lock()
        defer { withExtendedLifetime(lock) {} }
        let file = (name as NSString).lastPathComponent
        guard FileManager.default.fileExists(atPath: registry.modelPath(file)) else {
            let names = try registry.listing().models.map(\.name)
            throw FileError(file: path, message: "has no model \(file); the models are "
                + (names.isEmpty ? "none yet" : names.joined(separator: ", ")))
        }
        _ = try ModelFile.load(path: registry.modelPath(file))
        let current = try registry.current()?.name
        try registry.setCurrent(file)
        try registry.append(Registry.Entry(time: ISODate.dateTime(Date().timeIntervalSince1970), action: "promote",
                                           dataSHA256: nil, rows: nil, champion: nil, challenger: nil, promoted: true,
                                           reason: "promoted by hand" + (current.map { " over \($0)" } ?? ""),
                                           model: file, previous: current))
        return (current, file)
    }
}
