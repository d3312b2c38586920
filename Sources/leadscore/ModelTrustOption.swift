import ArgumentParser
import Foundation
import LeadScore

/// `--trust-edited-model`, for the commands that read a model file.
struct ModelTrustOption: ParsableArguments {
    @Flag(name: .customLong("trust-edited-model"),
          help: "Use a model whose content no longer matches its checksum (edited by hand), with a warning.")
    var trustEditedModel = false

    /// Loads a model; an edited one only with the flag, and then with a warning on every run.
    func load(_ path: String) throws -> ModelFile {
        do {
            return try ModelFile.load(path: path)
        } catch let edited as ModelEditedError where trustEditedModel {
            Terminal.error("WARNING: \(edited.path) was changed after leadscore wrote it; using it anyway (--trust-edited-model)."
                + " Its coefficients, statistics and metrics may not be what training produced.")
            return try ModelFile.load(path: path, trustEdited: true)
        }
    }
}
