import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// What the watcher saw happen in the drop directory.
public enum WatchEvent: Sendable, Hashable {
    /// A file was written to but is still open (IN_MODIFY): its complete paragraphs may be ready.
    case grew(String)
    /// A file was closed after writing (IN_CLOSE_WRITE) or moved in (IN_MOVED_TO).
    case finished(String)
    /// Something was created that no write will follow: a symlink, a FIFO, a directory...
    /// (IN_CREATE; regular files are left to `finished`).
    case created(String)
    /// The kernel queue overflowed: events were lost, rescan everything.
    case overflow
    /// The drop directory was deleted or moved away.
    case directoryGone
    /// Not from the kernel: the pipeline's timer after a failed write (disk full). Rescan to
    /// retry the dispatches left in place.
    case retry
}

/// Watches one directory with inotify (`inotify_init1(IN_NONBLOCK | IN_CLOEXEC)`) from a
/// dedicated thread that blocks in `poll` on the inotify descriptor and a wake-up pipe (no
/// polling loop, no timer) and hands events to a `WatchQueue`. Only the directory itself is watched, not its subdirectories.
public final class InotifyWatcher: Sendable {
    // The values of <sys/inotify.h> (the kernel ABI), spelled out because not all are imported.
    static let inModify: UInt32 = 0x0000_0002
    static let inCloseWrite: UInt32 = 0x0000_0008
    static let inMovedTo: UInt32 = 0x0000_0080
    static let inCreate: UInt32 = 0x0000_0100
    static let inDeleteSelf: UInt32 = 0x0000_0400
    static let inMoveSelf: UInt32 = 0x0000_0800
    static let inQueueOverflow: UInt32 = 0x0000_4000
    static let inIgnored: UInt32 = 0x0000_8000
    static let inOnlyDir: UInt32 = 0x0100_0000
    static let inDontFollow: UInt32 = 0x0200_0000

    public let directory: String
    private let inotifyFD: Int32
    private let wakeRead: Int32
    private let wakeWrite: Int32
    private let started = Atomic<Bool>(false)

    /// Starts watching `directory` (which must exist and be a directory, not a symlink to one).
    public init(directory: String) throws(IngestError) {
        self.directory = directory
        let fd = inotify_init1(Int32(O_NONBLOCK | O_CLOEXEC))
        guard fd >= 0 else {
            throw IngestError(
                .watchFailed, "inotify_init1 failed: \(systemErrorString(errno)); raise fs.inotify.max_user_instances")
        }
        let mask =
            Self.inModify | Self.inCloseWrite | Self.inMovedTo | Self.inCreate | Self.inDeleteSelf
            | Self.inMoveSelf | Self.inOnlyDir | Self.inDontFollow
        guard inotify_add_watch(fd, directory, mask) >= 0 else {
            let e = errno
            Glibc.close(fd)
            throw IngestError(
                .watchFailed,
                "cannot watch \(directory): \(systemErrorString(e)); check that it exists and is a directory")
        }
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else {
            Glibc.close(fd)
            throw IngestError(.watchFailed, "pipe failed: \(systemErrorString(errno))")
        }
        for end in fds {
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            _ = fcntl(end, F_SETFL, O_NONBLOCK)
        }
        inotifyFD = fd
        wakeRead = fds[0]
        wakeWrite = fds[1]
    }

    deinit {
        Glibc.close(inotifyFD)
        Glibc.close(wakeRead)
        Glibc.close(wakeWrite)
    }

    /// Starts the reader thread, which hands every event to `queue` and closes it when it
    /// ends (after `stop()`, or when the directory is gone). Call once.
    func start(into queue: WatchQueue) {
        precondition(!started.exchange(true, ordering: .relaxed), "start called twice")
        let inotifyFD = inotifyFD
        let wakeRead = wakeRead
        // The thread holds the watcher (and its descriptors) alive until it ends.
        let thread = Thread { [self] in
            withExtendedLifetime(self) {
                Self.readLoop(inotifyFD: inotifyFD, wakeRead: wakeRead, queue: queue)
            }
        }
        thread.name = "vigie-inotify"
        thread.start()
    }

    /// Wakes the reader thread, which then ends. Idempotent.
    public func stop() {
        var b: UInt8 = 1
        _ = write(wakeWrite, &b, 1)
    }

    private static func readLoop(
        inotifyFD: Int32, wakeRead: Int32, queue: WatchQueue
    ) {
        defer { queue.finish() }
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            var fds = [
                pollfd(fd: inotifyFD, events: Int16(POLLIN), revents: 0),
                pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0),
            ]
            let r = poll(&fds, 2, -1)
            if r < 0 {
                if errno == EINTR { continue }
                return
            }
            if fds[1].revents != 0 { return }
            guard fds[0].revents & Int16(POLLIN) != 0 else { continue }
            while true {
                let n = buffer.withUnsafeMutableBytes { read(inotifyFD, $0.baseAddress, $0.count) }
                if n < 0 {
                    if errno == EINTR { continue }
                    break  // EAGAIN: drained
                }
                if n == 0 { break }
                var events: [WatchEvent] = []
                let alive = parse(buffer, count: n, into: &events)
                queue.push(events)
                if !alive { return }
            }
        }
    }

    /// Yields the events in `buffer[0..<count]`; false when the directory is gone.
    static func parse(_ buffer: [UInt8], count: Int, into events: inout [WatchEvent]) -> Bool {
        var offset = 0
        // struct inotify_event { int wd; uint32_t mask, cookie, len; char name[]; }
        while offset + 16 <= count {
            let mask = FramedFile.readU32(buffer, offset + 4)
            let length = Int(FramedFile.readU32(buffer, offset + 12))
            let nameBytes = buffer[(offset + 16)..<min(count, offset + 16 + length)]
            let name = String(decoding: nameBytes.prefix { $0 != 0 }, as: UTF8.self)
            offset += 16 + length
            if mask & inQueueOverflow != 0 {
                events.append(.overflow)
                continue
            }
            if mask & (inDeleteSelf | inMoveSelf | inIgnored) != 0 {
                events.append(.directoryGone)
                return false
            }
            // Temporary and hidden names never become work (and never split a batch).
            guard !name.isEmpty, !isSkipped(name) else { continue }
            if mask & (inCloseWrite | inMovedTo) != 0 {
                events.append(.finished(name))
            } else if mask & inModify != 0 {
                events.append(.grew(name))
            } else if mask & inCreate != 0 {
                events.append(.created(name))
            }
        }
        return true
    }
}
