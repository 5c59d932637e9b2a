import Foundation
import Testing

@testable import VigieDaemon

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct InotifyWatcherTests {
    /// Takes events until `want` have all been seen (or 10 s pass).
    func collect(_ queue: WatchQueue, until want: Set<WatchEvent>) async -> Set<WatchEvent> {
        var seen = Set<WatchEvent>()
        let deadline = ContinuousClock.now + .seconds(10)
        while !want.isSubset(of: seen), ContinuousClock.now < deadline {
            let waiter = Task { await queue.takeAll() }
            let timeout = Task {
                try await Task.sleep(for: .milliseconds(500))
                waiter.cancel()
            }
            if let events = await waiter.value { seen.formUnion(events) }
            timeout.cancel()
        }
        return seen
    }

    @Test func realInotifyReportsClosesRenamesGrowthAndCreations() async throws {
        let dir = makeTempDirectory()
        defer { removeTree(dir) }
        let watcher = try InotifyWatcher(directory: dir)
        let queue = WatchQueue()
        watcher.start(into: queue)
        defer { watcher.stop() }

        writeFile(dir + "/closed.txt", "a")
        writeFile(dir + "/.b.tmp", "b")
        rename(dir + "/.b.tmp", dir + "/renamed.txt")
        let fd = open(dir + "/open.txt", O_WRONLY | O_CREAT, 0o644)
        _ = write(fd, "x", 1)
        symlink("/etc/hostname", dir + "/link")
        mkdir(dir + "/sub", 0o755)
        let seen = await collect(
            queue,
            until: [
                .finished("closed.txt"), .finished("renamed.txt"), .grew("open.txt"), .created("link"), .created("sub"),
            ])
        close(fd)
        #expect(seen.contains(.finished("closed.txt")))
        #expect(seen.contains(.finished("renamed.txt")))
        #expect(seen.contains(.grew("open.txt")))
        #expect(!seen.contains(.finished("open.txt")), "still open")
        #expect(seen.contains(.created("link")))
        #expect(seen.contains(.created("sub")))
        #expect(!seen.contains { if case .finished(let n) = $0 { return n.hasPrefix(".") } else { return false } })
    }

    @Test func removingTheDirectoryEndsTheWatch() async throws {
        let dir = makeTempDirectory()
        let watcher = try InotifyWatcher(directory: dir)
        let queue = WatchQueue()
        watcher.start(into: queue)
        removeTree(dir)
        var all: [WatchEvent] = []
        while let events = await queue.takeAll() { all += events }
        #expect(all.contains(.directoryGone))
    }

    @Test func stopEndsTheQueue() async throws {
        let dir = makeTempDirectory()
        defer { removeTree(dir) }
        let watcher = try InotifyWatcher(directory: dir)
        let queue = WatchQueue()
        watcher.start(into: queue)
        watcher.stop()
        #expect(await queue.takeAll() == nil)
    }

    @Test func aMissingDirectoryCannotBeWatched() {
        #expect(throws: IngestError.self) { try InotifyWatcher(directory: "/nonexistent/vigie-drop") }
    }

    @Test func parseDecodesKernelRecordsIncludingOverflow() {
        func raw(mask: UInt32, name: String) -> [UInt8] {
            var nameBytes = Array(name.utf8)
            if !nameBytes.isEmpty { nameBytes += [UInt8](repeating: 0, count: 16 - nameBytes.count % 16) }
            var b: [UInt8] = []
            for v in [UInt32(1), mask, 0, UInt32(nameBytes.count)] { FramedFile.appendU32(&b, v) }
            return b + nameBytes
        }
        let buffer =
            raw(mask: InotifyWatcher.inCloseWrite, name: "a.txt") + raw(mask: InotifyWatcher.inModify, name: "b.txt")
            + raw(mask: InotifyWatcher.inQueueOverflow, name: "")
            + raw(mask: InotifyWatcher.inMovedTo, name: ".hidden")
            + raw(mask: InotifyWatcher.inCreate, name: "c")
        var events: [WatchEvent] = []
        #expect(InotifyWatcher.parse(buffer, count: buffer.count, into: &events))
        #expect(events == [.finished("a.txt"), .grew("b.txt"), .overflow, .created("c")])
        let gone = raw(mask: InotifyWatcher.inDeleteSelf, name: "")
        events = []
        #expect(!InotifyWatcher.parse(gone, count: gone.count, into: &events))
        #expect(events == [.directoryGone])
    }
}
