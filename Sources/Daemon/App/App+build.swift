import Logging
import ServiceLifecycle
import VigieExtractor

#if canImport(Glibc)
    import Glibc
#endif

/// Builds the daemon's service graph: opens (and recovers) the event log and the ledger in the
/// state directory, checks the drop directory, and wires the services. `extractor` defaults to
/// `loadDaemonExtractor()`.
///
/// `extraServices` are added after the core services (so they are shut down first, while the
/// log is still open); `makeExtraServices` below is where the daemon's own optional services
/// join the graph.
public func buildDaemon(
    configuration: DaemonConfiguration, logger: Logger, extractor: Extractor? = nil,
    extraServices: [any Service] = []
) async throws -> Daemon {
    let extractor = SwappableExtractor(
        try extractor
            ?? loadDaemonExtractor(
                lexiconDirectory: configuration.lexiconDirectory, analysis: configuration.analysis,
                modelDirectory: configuration.modelDirectory))
    var ingest = configuration.ingest
    do {
        try makeDirectories(ingest.dropDirectory)
    } catch {
        throw IngestError(
            .dropDirectory,
            "the drop directory \(ingest.dropDirectory) cannot be created or is not a directory: \(error.description)")
    }
    // Watch the real directory: the configured path may be relative or go through a symlink
    // (the watch itself never follows one).
    if let resolved = realpath(ingest.dropDirectory, nil) {
        ingest.dropDirectory = String(cString: resolved)
        free(resolved)
    }
    try makeDirectories(configuration.stateDirectory)
    let log = try EventLog(configuration: configuration.eventLog)
    let ledger: DispatchLedger
    do {
        ledger = try DispatchLedger(path: configuration.ledgerPath, sync: false)
    } catch {
        log.close()
        throw error
    }
    do { try ledger.beginRun() } catch {
        log.close()
        throw error
    }
    let bounds = log.currentBounds()
    logger.info(
        "event log recovered",
        metadata: [
            "state": "\(configuration.stateDirectory)", "first_seq": "\(bounds.first)", "last_seq": "\(bounds.last)",
            "segments": "\(log.recovery.segments)", "truncated_bytes": "\(log.recovery.truncatedBytes)",
            "ledger_truncated_bytes": "\(ledger.truncatedBytes)", "dispatches": "\(ledger.finishedCount)",
        ])
    let stats = DaemonStats(healthDeadline: .milliseconds(Int64(configuration.healthDeadlineSeconds * 1000)))
    var core = DaemonCore(
        configuration: configuration, log: log, ledger: ledger, stats: stats, extractor: extractor, logger: logger)
    core.jetStreamSink = makeJetStreamSink(configuration: configuration, log: log, logger: logger)

    var services: [any Service] = [
        LogMaintenance(log: log, ledger: ledger, logger: logger),
        IngestPipeline(
            configuration: ingest, log: log, ledger: ledger, stats: stats, extractor: extractor, logger: logger),
    ]
    services += try makeExtraServices(core: core)
    services += extraServices

    let group = ServiceGroup(
        configuration: .init(
            services: services.map { .init(service: $0) },
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
    return Daemon(core: core, serviceGroup: group)
}

/// The optional services of the daemon, each reading from `core.log` / `core.stats`:
/// - the subscriber server (Sources/Daemon/Serve) on `core.configuration.socketPath`,
/// - the live page and its event stream (Sources/Daemon/HTTP), when `--http` is given or systemd
///   passed a socket named `http`,
/// - the systemd notifier and watchdog (Sources/Daemon/Systemd), using `core.stats`,
/// - the JetStream sink (Sources/Daemon/Sinks), when configured.
/// Each is appended here; later services stop first on shutdown.
func makeExtraServices(core: DaemonCore) throws -> [any Service] {
    var extra: [any Service] = []
    // Socket activation: systemd's listening socket named "events" when it passed one, else the
    // server binds `socketPath`. READY=1 waits for the socket and the start-up rescan.
    let readiness = Readiness()
    let passed = ListenedSockets.fromEnvironment()
    // One connection limit for the socket and the HTTP endpoint.
    let registry = SessionRegistry(maxConnections: core.configuration.server.maxConnections)
    let server = SubscriberServer(
        core: core, listeningDescriptor: passed.listeningSocket(), registry: registry,
        onListening: { readiness.mark(.socketListening) })
    extra.append(server)
    if let http = try HTTPServer.daemon(core: core, passed: passed, registry: registry) { extra.append(http) }
    if let sink = core.jetStreamSink { extra.append(sink) }
    extra += SystemdIntegration.services(
        core: core, readiness: readiness, subscribers: { server.connectionCount },
        reload: { try await reloadConfigurationAndLexicons(core: core) })
    return extra
}
