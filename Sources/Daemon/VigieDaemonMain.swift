import Foundation
import Logging
import VigieExtractor
import VigieProtocol

#if canImport(Glibc)
    import Glibc
#endif

/// Entry point of `vigied`: parses the configuration, builds the daemon, runs it.
public enum VigieDaemonMain {
    /// Exit statuses: 0 clean stop, 64 bad configuration, 73 unusable state or drop directory,
    /// 1 a service failed.
    public enum ExitCode {
        public static let success: Int32 = 0
        public static let failure: Int32 = 1
        public static let usage: Int32 = 64
        public static let cannotCreate: Int32 = 73
    }

    public static let version = VigieVersion.current

    /// Runs `vigied` with the process's arguments and environment; returns the exit status.
    public static func run(
        arguments: [String] = Array(CommandLine.arguments.dropFirst()),
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) async -> Int32 {
        let command: DaemonCommand
        do {
            command = try await ConfigurationLoader.load(arguments: arguments, environment: environment)
        } catch {
            printError("vigied: \(error.message)")
            return ExitCode.usage
        }
        switch command {
        case .help:
            print(ConfigurationLoader.usage())
            return ExitCode.success
        case .version:
            print("vigied \(version) (coder \(Extractor.coderName) \(Extractor.coderVersion))")
            return ExitCode.success
        case .dumpLog(let c):
            return dumpLog(c)
        case .dumpLedger(let c):
            return dumpLedger(c)
        case .run(let configuration):
            // Structured journal entries under systemd (JOURNAL_STREAM), readable lines elsewhere.
            SystemdLogging.bootstrap(level: configuration.logLevel)
            let logger = Logger(label: "vigied")
            let daemon: Daemon
            do {
                daemon = try await buildDaemon(configuration: configuration, logger: logger)
            } catch {
                printError("vigied: cannot start: \(error)")
                return ExitCode.cannotCreate
            }
            do {
                try await daemon.run()
                logger.info("vigied stopped")
                return ExitCode.success
            } catch {
                logger.critical("vigied stopped on an error", metadata: ["error": "\(error)"])
                return ExitCode.failure
            }
        }
    }

    static func dumpLog(_ c: DaemonConfiguration) -> Int32 {
        do {
            let log = try EventLog(configuration: c.eventLog, readOnly: true)
            defer { log.close() }
            var next = log.currentBounds().first
            while true {
                let batch = try log.readEvents(from: next, maxCount: 1000)
                guard let last = batch.last else { break }
                var out: [UInt8] = []
                for e in batch { out += e.line }
                FileHandle.standardOutput.write(Data(out))
                next = last.seq + 1
            }
            return ExitCode.success
        } catch {
            printError("vigied: cannot read the event log in \(c.eventLog.directory): \(error)")
            return ExitCode.cannotCreate
        }
    }

    static func dumpLedger(_ c: DaemonConfiguration) -> Int32 {
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            for e in try DispatchLedger.entries(path: c.ledgerPath) {
                FileHandle.standardOutput.write(try encoder.encode(e) + Data([0x0A]))
            }
            return ExitCode.success
        } catch {
            printError("vigied: cannot read the ledger \(c.ledgerPath): \(error)")
            return ExitCode.cannotCreate
        }
    }

    static func printError(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}
