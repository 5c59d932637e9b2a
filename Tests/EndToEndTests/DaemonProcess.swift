import Foundation
import VigieDaemon
import VigieExtractor
import VigieProtocol

#if canImport(Glibc)
    import Glibc
#endif

/// The directory holding the built executables: `$VIGIE_BIN_DIR`, else the first ancestor of
/// the test binary that contains `vigied`.
func binDirectory() -> URL {
    if let dir = ProcessInfo.processInfo.environment["VIGIE_BIN_DIR"] { return URL(fileURLWithPath: dir) }
    var url = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for _ in 0..<6 {
        if FileManager.default.isExecutableFile(atPath: url.appendingPathComponent("vigied").path) { return url }
        url.deleteLastPathComponent()
    }
    fatalError(
        "vigied not found near \(CommandLine.arguments[0]); run `swift build --build-tests` or set VIGIE_BIN_DIR")
}

/// The repository root (for seeds/).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

func makeTempDirectory(_ label: String = "vigie-e2e") -> String {
    var template = Array("/tmp/\(label)-XXXXXX".utf8CString)
    return template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
}

struct TimedOut: Error, CustomStringConvertible {
    var description: String
}

/// Polls `condition` every 20 ms until it holds or `seconds` pass.
func waitUntil(_ what: String, seconds: Double = 60, _ condition: () throws -> Bool) throws {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try condition() { return }
        usleep(20_000)
    }
    throw TimedOut(description: "timed out after \(seconds) s waiting for \(what)")
}

/// A real `vigied` process on temp directories.
final class DaemonProcess: @unchecked Sendable {
    let root: String
    let drop: String
    let state: String
    let socket: String
    let stderrPath: String
    var extraArguments: [String]
    var process: Process?
    var launcher: [String] = []
    /// Added to the test's environment for vigied (LD_PRELOAD of a fault shim, test hooks).
    var environment: [String: String] = [:]
    private var runs = 0

    init(extraArguments: [String] = [], root: String = makeTempDirectory()) {
        self.root = root
        drop = root + "/drop"
        state = root + "/state"
        socket = root + "/events.sock"
        stderrPath = root + "/vigied.stderr"
        self.extraArguments = extraArguments
        mkdir(drop, 0o755)
    }

    var arguments: [String] { ["--drop", drop, "--state", state, "--socket", socket] + extraArguments }

    /// Whether vigied can run as `nobody` (root and setpriv), so that file permissions apply to it.
    static var canRunAsNobody: Bool {
        geteuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")
    }

    /// Runs vigied as `nobody`; the root folder becomes sticky and world-writable like /tmp, so
    /// that it can create its socket beside the drop directory.
    func runAsNobody() {
        chmod(root, 0o1777)
        launcher = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"]
    }

    /// Starts vigied and waits until it watches the drop directory and listens on its socket
    /// (unless `waitReady` is false).
    func start(waitReady: Bool = true) throws {
        runs += 1
        let p = Process()
        let vigied = binDirectory().appendingPathComponent("vigied").path
        if launcher.isEmpty {
            p.executableURL = URL(fileURLWithPath: vigied)
            p.arguments = arguments
        } else {
            p.executableURL = URL(fileURLWithPath: launcher[0])
            p.arguments = Array(launcher.dropFirst()) + [vigied] + arguments
        }
        if !environment.isEmpty {
            p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        _ = FileManager.default.createFile(atPath: stderrPath + ".\(runs)", contents: nil)
        p.standardError = FileHandle(forWritingAtPath: stderrPath + ".\(runs)")
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        process = p
        let run = runs
        guard waitReady else { return }
        // Both the watcher and the subscriber socket: they start in parallel, and a client that
        // connects between a restart's removal of the stale socket and its new bind gets ENOENT.
        try waitUntil("vigied to watch the drop directory and listen") {
            if !p.isRunning { throw TimedOut(description: "vigied exited early: \(stderr(run: run))") }
            let log = stderr(run: run)
            return log.contains("watching the drop directory") && log.contains("subscriber socket ready")
        }
    }

    func stderr(run: Int? = nil) -> String {
        (try? String(contentsOfFile: stderrPath + ".\(run ?? runs)", encoding: .utf8)) ?? ""
    }

    /// Every run's stderr.
    func allStderr() -> [String] { (1...max(runs, 1)).map { stderr(run: $0) } }

    /// SIGTERM, then the exit status.
    @discardableResult
    func stop() -> Int32 {
        guard let p = process else { return -1 }
        p.terminate()
        p.waitUntilExit()
        process = nil
        return p.terminationStatus
    }

    /// SIGKILL. Returns false if the process had already exited on its own.
    @discardableResult
    func kill9() -> Bool {
        guard let p = process else { return true }
        let wasRunning = p.isRunning
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        process = nil
        return wasRunning
    }

    /// Finished entries of the ledger (read-only, safe while the daemon runs).
    func finished() throws -> [DispatchLedger.Entry] {
        try DispatchLedger.entries(path: state + "/ledger").filter { $0.kind == .finished }
    }

    /// The whole event log, read in-process (read-only).
    func loggedEvents() throws -> [LoggedEvent] {
        let log = try EventLog(configuration: EventLogConfiguration(directory: state + "/log"), readOnly: true)
        defer { log.close() }
        return try log.readEvents(from: 1, maxCount: Int.max)
    }

    func cleanUp() {
        if process != nil { kill9() }
        try? FileManager.default.removeItem(atPath: root)
    }

    // MARK: Writing dispatches

    /// Producer contract: write under a dotfile name, then rename into place.
    func dropAtomically(_ name: String, _ text: String) {
        let tmp = drop + "/." + name + ".tmp"
        _ = FileManager.default.createFile(atPath: tmp, contents: Data(text.utf8))
        rename(tmp, drop + "/" + name)
    }

    func writePlain(_ name: String, _ bytes: [UInt8]) {
        let fd = open(drop + "/" + name, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
    }
}

/// The extractor vigied uses, loaded once in-process.
let inProcessExtractor = try! loadDaemonExtractor()

/// What the extractor makes of `text` in-process: the events the log must hold for it.
func expectedIDs(name: String, text: String) -> Set<String> {
    guard let d = try? DispatchReader().decode(name: name, bytes: Array(text.utf8)) else { return [] }
    return Set(inProcessExtractor.extract(d).map(\.id))
}

/// Every id the extractor may give a file written paragraph by paragraph: the union over its
/// complete-paragraph prefixes and the whole text.
func possibleIDsWhileGrowing(name: String, text: String) -> Set<String> {
    var ids = expectedIDs(name: name, text: text)
    var search = text.startIndex
    while let r = text.range(of: "\n\n", range: search..<text.endIndex) {
        ids.formUnion(expectedIDs(name: name, text: String(text[..<r.upperBound])))
        search = r.upperBound
    }
    return ids
}

/// The seed dispatches, each made unique by a tag paragraph so that copies are new versions.
func seedTexts() -> [String] {
    let dir = repositoryRoot.appendingPathComponent("seeds").path
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted()
    return names.compactMap { try? String(contentsOfFile: dir + "/" + $0, encoding: .utf8) }
}

/// A seed with a tag in its first paragraph, so that its event ids are its own (ids hash the
/// first paragraph).
func uniqueDispatch(_ i: Int, seeds: [String]) -> String {
    let base = seeds.isEmpty ? " date 2020-10 Le président a appelé son homologue.\n\nSuite.\n" : seeds[i % seeds.count]
    let tag = " (dépêche \(i))"
    if let r = base.range(of: "\n\n") { return base[..<r.lowerBound] + tag + base[r.lowerBound...] }
    return base + tag
}

/// A short dispatch: the first line of a seed (tagged) and a second paragraph. For the tests that
/// drop hundreds of files, so that extraction in a debug build stays quick.
func shortDispatch(_ i: Int, seeds: [String]) -> String {
    let base = seeds.isEmpty ? " date 2020-10 Le président a appelé son homologue." : seeds[i % seeds.count]
    let firstLine = base.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? base
    return firstLine + " (dépêche \(i))\n\nSuite de la dépêche \(i).\n"
}
