import Foundation
import Logging
import VigieExtractor

/// Why a SIGHUP reload was refused; the daemon keeps running with what it had.
public struct ReloadError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// The configuration (file, flags, environment) no longer parses.
        case badConfiguration = "bad_configuration"
        /// The lexicons do not load.
        case badLexicons = "bad_lexicons"
    }

    public var code: Code
    public var message: String
    public var cause: (any Error)?

    public var description: String { "\(code.rawValue): \(message)" }
}

/// The SIGHUP reload of vigied (run by `ReloadService`, between `RELOADING=1` and `READY=1`):
/// re-reads the configuration exactly as at start-up (flags, environment, config file), loads the
/// extractor and its lexicons again and swaps it into the running pipeline
/// (`DaemonCore.extractor`). A bad edit is reported (with the file and line the lexicon loader
/// gives) and the previous setup keeps running.
///
/// What a reload can change in a running daemon: the configuration's settings that are read per
/// dispatch. The drop/state/socket paths, the fsync policy and the segment size need a restart;
/// a reload that changes them says so in the log.
func reloadConfigurationAndLexicons(
    core: DaemonCore,
    arguments: [String] = Array(CommandLine.arguments.dropFirst()),
    environment: [String: String] = ProcessInfo.processInfo.environment
) async throws(ReloadError) -> String {
    let logger = core.logger
    let command: DaemonCommand
    do {
        command = try await ConfigurationLoader.load(arguments: arguments, environment: environment)
    } catch {
        throw ReloadError(code: .badConfiguration, message: error.message, cause: error)
    }
    guard case .run(let fresh) = command else {
        throw ReloadError(code: .badConfiguration, message: "the command line no longer describes a daemon run")
    }
    let old = core.configuration
    var needRestart: [String] = []
    if fresh.dropDirectory != old.dropDirectory { needRestart.append("drop") }
    if fresh.stateDirectory != old.stateDirectory { needRestart.append("state") }
    if fresh.socketPath != old.socketPath { needRestart.append("socket") }
    if fresh.fsync != old.fsync { needRestart.append("fsync") }
    if fresh.segmentBytes != old.segmentBytes { needRestart.append("segmentBytes") }
    if !needRestart.isEmpty {
        logger.warning(
            "Configuration changes that take effect at the next restart",
            metadata: ["settings": "\(needRestart.joined(separator: ","))"])
    }

    let extractor: Extractor
    do {
        extractor = try loadDaemonExtractor(
            lexiconDirectory: fresh.lexiconDirectory, analysis: fresh.analysis, modelDirectory: fresh.modelDirectory)
    } catch {
        throw ReloadError(code: .badLexicons, message: "\(error)", cause: error)
    }
    // The pipeline reads the extractor per dispatch: the next dispatch uses the new lexicons.
    core.extractor.replace(with: extractor)
    let coder = "\(Extractor.coderName) \(Extractor.coderVersion), lexicons \(extractor.lexiconVersion)"
    logger.info(
        "Configuration and lexicons re-read",
        metadata: ["config": "\(fresh.configFile ?? "none")", "coder": "\(coder)"])
    return "config \(fresh.configFile ?? "none"), coder \(coder)"
}
