import Foundation
import Testing
import VigieDaemon
import VigieExtractor
import VigieProtocol

#if canImport(Glibc)
    import Glibc
#endif

/// The real vigied, fed every way the issue lists; the log must hold exactly the expected
/// events, each once (compared with the extractor run in-process on the same text).
@Suite(.serialized) struct DropDirectoryTests {
    @Test func everyWayOfDroppingAFile() throws {
        let d = DaemonProcess()
        defer { d.cleanUp() }
        try d.start()
        let seeds = seedTexts()
        let plain = uniqueDispatch(1, seeds: seeds)
        let renamed = uniqueDispatch(2, seeds: seeds)
        let chunked = uniqueDispatch(15, seeds: seeds)  // seed 000: paragraphs separated by blank lines
        let twice = uniqueDispatch(4, seeds: seeds)

        d.writePlain("plain.txt", Array(plain.utf8))
        d.dropAtomically("renamed.txt", renamed)
        d.dropAtomically("twice-a.txt", twice)
        d.dropAtomically("twice-b.txt", twice)
        // Chunked append with pauses: paragraph by paragraph, the file stays open.
        let fd = open(d.drop + "/chunked.txt", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let paragraphs = chunked.components(separatedBy: "\n\n")
        for (i, p) in paragraphs.enumerated() {
            let piece = i < paragraphs.count - 1 ? p + "\n\n" : p
            _ = Array(piece.utf8).withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            usleep(150_000)
        }
        let sawPartial =
            (try? DispatchLedger.entries(path: d.state + "/ledger").contains {
                $0.kind == .progress && $0.name == "chunked.txt"
            }) ?? false
        // Events of the complete paragraphs are in the log before the file is closed.
        let beforeClose = try d.loggedEvents().filter { $0.record.dispatch.name == "chunked.txt" }.count
        let lastParagraph = chunked.range(of: "\n\n", options: .backwards).map { String(chunked[..<$0.upperBound]) }
        let completeBeforeClose = lastParagraph.map { expectedIDs(name: "chunked.txt", text: $0) } ?? []
        close(fd)
        // Refused: binary, empty, symlink (to a good file outside), FIFO (cannot be read as a file).
        d.writePlain("binary.bin", [0x41, 0x00, 0x42, 0x43])
        d.writePlain("empty.txt", [])
        let outside = d.root + "/outside.txt"
        _ = FileManager.default.createFile(atPath: outside, contents: Data(uniqueDispatch(5, seeds: seeds).utf8))
        symlink(outside, d.drop + "/link.txt")
        mkfifo(d.drop + "/fifo.txt", 0o644)
        // Ignored: a subdirectory, and temporary names.
        mkdir(d.drop + "/subdir", 0o755)
        _ = FileManager.default.createFile(atPath: d.drop + "/subdir/inner.txt", contents: Data(plain.utf8))
        d.writePlain("ignored.tmp", Array(uniqueDispatch(6, seeds: seeds).utf8))
        d.writePlain(".hidden", Array(uniqueDispatch(7, seeds: seeds).utf8))

        let quarantined = ["binary.bin", "empty.txt", "link.txt", "fifo.txt"]
        try waitUntil("4 distinct dispatches and 4 refusals") {
            let q = quarantined.allSatisfy {
                FileManager.default.fileExists(atPath: d.drop + "/quarantine/\($0).reason")
            }
            let names = Set(try d.finished().map(\.name))
            return q && names.isSuperset(of: ["plain.txt", "renamed.txt", "chunked.txt"])
                && (names.contains("twice-a.txt") || names.contains("twice-b.txt"))
                && d.stderr().contains("duplicate dispatch")
        }
        #expect(d.stop() == 0)

        let finished = try d.finished()
        #expect(finished.count == 4, "\(finished.map(\.name))")
        #expect(Set(finished.compactMap(\.sha256)).count == 4)
        for name in quarantined {
            let reason = (try? String(contentsOfFile: d.drop + "/quarantine/\(name).reason", encoding: .utf8)) ?? ""
            #expect(!reason.isEmpty)
        }
        #expect(FileManager.default.fileExists(atPath: outside), "the link target is never touched")
        #expect(FileManager.default.fileExists(atPath: d.drop + "/subdir/inner.txt"))
        #expect(d.stderr().contains("subdirectory ignored"))

        let entries = try d.loggedEvents()
        #expect(entries.map(\.seq) == Array(stride(from: UInt64(1), through: UInt64(entries.count), by: 1)))
        // Retractions (the close of the growing file replaces what its partial readings gave)
        // aside, no event is logged twice.
        let retracted = Set(entries.compactMap(\.retraction?.id))
        let events = entries.filter { $0.retraction == nil }
        let ids = events.map(\.record.id)
        #expect(Set(ids).count == ids.count, "an event was logged twice")
        func logged(_ name: String) -> Set<String> {
            Set(events.filter { $0.record.dispatch.name == name }.map(\.record.id))
        }
        #expect(logged("plain.txt") == expectedIDs(name: "plain.txt", text: plain))
        #expect(logged("renamed.txt") == expectedIDs(name: "renamed.txt", text: renamed))
        let twiceIDs = logged("twice-a.txt").union(logged("twice-b.txt"))
        #expect(twiceIDs == expectedIDs(name: "x", text: twice))
        #expect(logged("twice-a.txt").isEmpty || logged("twice-b.txt").isEmpty)
        // Growing file: everything of the whole text, nothing that no prefix could give.
        let chunkedIDs = logged("chunked.txt")
        #expect(chunkedIDs.subtracting(retracted) == expectedIDs(name: "chunked.txt", text: chunked))
        #expect(chunkedIDs.isSubset(of: possibleIDsWhileGrowing(name: "chunked.txt", text: chunked)))
        #expect(sawPartial, "complete paragraphs of the growing file were not extracted before its close")
        #expect(
            completeBeforeClose.isEmpty || beforeClose > 0,
            "no event of the complete paragraphs reached the log before the close")
        for name in quarantined + ["ignored.tmp", ".hidden", "inner.txt"] { #expect(logged(name).isEmpty) }
        print(
            "figures: \(events.count) events from 4 dispatches; extractor yields \(expectedIDs(name: "p", text: plain).count) for the plain one"
        )
    }

    @Test func aFileRewrittenAfterItWasFinishedIsANewVersion() throws {
        let d = DaemonProcess()
        defer { d.cleanUp() }
        try d.start()
        let seeds = seedTexts()
        let v1 = uniqueDispatch(10, seeds: seeds)
        d.dropAtomically("a.txt", v1)
        try waitUntil("version 1") { try d.finished().count == 1 }
        let v2 = v1 + "\n\nUn paragraphe ajouté plus tard.\n"
        d.writePlain("a.txt", Array(v2.utf8))
        try waitUntil("version 2") { try d.finished().count == 2 }
        // Same bytes again: nothing new.
        d.writePlain("a.txt", Array(v2.utf8))
        try waitUntil("the duplicate to be noticed") { d.stderr().contains("duplicate dispatch") }
        #expect(d.stop() == 0)
        let events = try d.loggedEvents()
        let ids = events.map(\.record.id)
        #expect(Set(ids).count == ids.count)
        #expect(Set(ids) == expectedIDs(name: "a.txt", text: v1).union(expectedIDs(name: "a.txt", text: v2)))
        #expect(try d.finished().count == 2)
    }

    @Test func aThousandFilesAtOnce() throws {
        let d = DaemonProcess()
        defer { d.cleanUp() }
        try d.start()
        let seeds = seedTexts()
        let texts = (0..<1000).map { shortDispatch($0, seeds: seeds) }
        let start = Date()
        for (i, t) in texts.enumerated() { d.dropAtomically(String(format: "d%04d.txt", i), t) }
        try waitUntil("1000 dispatches", seconds: 150) { try d.finished().count >= 1000 }
        let elapsed = Date().timeIntervalSince(start)
        #expect(d.stop() == 0)
        let events = try d.loggedEvents()
        let ids = events.map(\.record.id)
        #expect(Set(ids).count == ids.count)
        var expected = Set<String>()
        for (i, t) in texts.enumerated() {
            expected.formUnion(expectedIDs(name: String(format: "d%04d.txt", i), text: t))
        }
        #expect(Set(ids) == expected)
        #expect(try d.finished().count == 1000)
        print(
            "figures: 1000 dispatches, \(events.count) events in \(String(format: "%.2f", elapsed)) s (\(Int(1000 / elapsed)) dispatches/s, debug build)"
        )
    }

    @Test func startUpRescanPicksUpFilesDroppedWhileStopped() throws {
        let d = DaemonProcess(extraArguments: ["--disposition", "move"])
        defer { d.cleanUp() }
        let seeds = seedTexts()
        for i in 0..<5 { d.dropAtomically("early\(i).txt", uniqueDispatch(100 + i, seeds: seeds)) }
        try d.start()
        try waitUntil("the rescan") { try d.finished().count == 5 }
        #expect(d.stop() == 0)
        let processed = try FileManager.default.contentsOfDirectory(atPath: d.drop + "/processed")
        #expect(processed.count == 5)
        // Restarting finds nothing new to do.
        try d.start()
        #expect(d.stop() == 0)
        #expect(try d.finished().count == 5)
    }

    // Tests run as root, who reads every file: run vigied as `nobody` with setpriv so that a
    // root-owned 0600 file really is unreadable to it.
    @Test(
        .enabled(
            if: DaemonProcess.canRunAsNobody, "needs root and /usr/bin/setpriv to run vigied as another user"))
    func aFileTheDaemonCannotReadIsQuarantined() throws {
        let d = DaemonProcess()
        defer { d.cleanUp() }
        d.runAsNobody()
        for dir in [d.drop, d.state] {
            mkdir(dir, 0o755)
            chown(dir, 65534, 65534)
        }
        try d.start()
        let text = uniqueDispatch(20, seeds: seedTexts())
        let tmp = d.root + "/secret.txt"
        _ = FileManager.default.createFile(
            atPath: tmp, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
        rename(tmp, d.drop + "/secret.txt")
        d.dropAtomically("readable.txt", uniqueDispatch(21, seeds: seedTexts()))
        try waitUntil("the refusal") {
            FileManager.default.fileExists(atPath: d.drop + "/quarantine/secret.txt.reason")
        }
        try waitUntil("the readable one") { try d.finished().count == 1 }
        let reason = try String(contentsOfFile: d.drop + "/quarantine/secret.txt.reason", encoding: .utf8)
        #expect(reason.hasPrefix("unreadable:"))
        #expect(d.stop() == 0)
    }

    @Test func aDispatchDuringWhichTheDaemonDiedThreeTimesIsQuarantined() throws {
        let d = DaemonProcess()
        defer { d.cleanUp() }
        let text = shortDispatch(30, seeds: seedTexts())
        // The ledger as three runs that died extracting this dispatch leave it.
        mkdir(d.state, 0o755)
        let ledger = try DispatchLedger(path: d.state + "/ledger")
        let sha = try DispatchReader().decode(name: "p.txt", bytes: Array(text.utf8)).sha256
        for _ in 0..<3 {
            try ledger.beginRun()
            try ledger.record(.init(kind: .attempt, name: "poison.txt", sha256: sha, bytes: 1, events: 0, appended: 0))
        }
        ledger.close()
        d.dropAtomically("poison.txt", text)
        d.dropAtomically("fine.txt", shortDispatch(31, seeds: seedTexts()))
        try d.start()
        try waitUntil("the poison to be quarantined and the other processed") {
            let names = try d.finished().map(\.name)
            return FileManager.default.fileExists(atPath: d.drop + "/quarantine/poison.txt.reason")
                && names == ["fine.txt"]
        }
        #expect(d.stop() == 0)
        let reason = try String(contentsOfFile: d.drop + "/quarantine/poison.txt.reason", encoding: .utf8)
        #expect(reason.hasPrefix("crashed_extractor:"))
    }

    @Test func badConfigurationAndUnusableStateExitNonZeroWithAMessage() throws {
        let vigied = binDirectory().appendingPathComponent("vigied").path
        func run(_ args: [String]) throws -> (Int32, String) {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: vigied)
            p.arguments = args
            let pipe = Pipe()
            p.standardError = pipe
            p.standardOutput = pipe
            try p.run()
            let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            p.waitUntilExit()
            return (p.terminationStatus, out)
        }
        let root = makeTempDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let (help, usage) = try run(["--help"])
        #expect(help == 0 && usage.contains("--drop DIR"))
        let (bad, message) = try run(["--fsync", "sometimes"])
        #expect(bad == 64 && message.contains("--fsync"))
        _ = FileManager.default.createFile(atPath: root + "/file", contents: Data())
        let (unusable, why) = try run(["--drop", root + "/drop", "--state", root + "/file/state"])
        #expect(unusable == 73 && why.contains("cannot"))
    }
}
