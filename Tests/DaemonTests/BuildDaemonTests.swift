import Foundation
import Logging
import ServiceLifecycle
import Testing
import VigieProtocol

@testable import VigieDaemon

/// The service graph built in-process, as the other services' tests use it.
@Suite struct BuildDaemonTests {
    @Test func buildRunAndStopGracefully() async throws {
        let root = makeTempDirectory()
        defer { removeTree(root) }
        var c = DaemonConfiguration(
            dropDirectory: root + "/drop", stateDirectory: root + "/state", socketPath: root + "/events.sock")
        c.disposition = .delete
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let daemon = try await buildDaemon(configuration: c, logger: logger)
        let running = Task { try await daemon.run() }
        await daemon.stats.waitUntilReady()
        #expect(await daemon.stats.healthy())
        writeFile(root + "/drop/.a.tmp", " date 2020-10 Le président a appelé son homologue.\n")
        rename(root + "/drop/.a.tmp", root + "/drop/a.txt")
        let deadline = Date().addingTimeInterval(30)
        while daemon.core.ledger.finishedCount == 0 && Date() < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(daemon.core.ledger.finishedCount == 1)
        #expect(!FileManager.default.fileExists(atPath: root + "/drop/a.txt"), "disposition delete")
        let status = daemon.core.statusReport(subscribers: 0)
        #expect(status.dispatches == 1)
        #expect(status.lastSeq == daemon.log.currentBounds().last)
        // A reload swaps the extractor under the running pipeline.
        daemon.core.extractor.replace(with: try loadDaemonExtractor())
        writeFile(root + "/drop/.b.tmp", " date 2020-10 Le ministre a appelé son homologue.\n")
        rename(root + "/drop/.b.tmp", root + "/drop/b.txt")
        while daemon.core.ledger.finishedCount < 2 && Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(daemon.core.ledger.finishedCount == 2)
        await daemon.serviceGroup.triggerGracefulShutdown()
        try await running.value
        #expect(await !daemon.stats.healthy(), "stopped")
        // The state directory is free again.
        let reopened = try EventLog(configuration: c.eventLog)
        reopened.close()
    }

    @Test func aDropDirectoryReachedThroughASymlinkIsWatched() async throws {
        let root = makeTempDirectory()
        defer { removeTree(root) }
        mkdir(root + "/real", 0o755)
        symlink(root + "/real", root + "/drop")
        let c = DaemonConfiguration(
            dropDirectory: root + "/drop", stateDirectory: root + "/state", socketPath: root + "/events.sock")
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let daemon = try await buildDaemon(configuration: c, logger: logger)
        let running = Task { try await daemon.run() }
        await daemon.stats.waitUntilReady()
        writeFile(root + "/real/a.txt", " date 2020-10 Le président a appelé son homologue.\n")
        let deadline = Date().addingTimeInterval(30)
        while daemon.core.ledger.finishedCount == 0 && Date() < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(daemon.core.ledger.finishedCount == 1)
        await daemon.serviceGroup.triggerGracefulShutdown()
        try await running.value
    }

    @Test func anUnusableStateDirectoryFailsTheBuild() async throws {
        let root = makeTempDirectory()
        defer { removeTree(root) }
        writeFile(root + "/file", "x")
        let c = DaemonConfiguration(
            dropDirectory: root + "/drop", stateDirectory: root + "/file/state", socketPath: root + "/s.sock")
        await #expect(throws: LogError.self) { _ = try await buildDaemon(configuration: c, logger: Logger(label: "t")) }
    }
}
