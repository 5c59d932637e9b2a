#if canImport(Glibc)
    import Glibc
#endif

/// The durable cursor of a sink: the last seq the server acknowledged, in a small text file
/// (`<seq>\n`).
///
/// Written atomically (temporary file, fsync, rename, fsync of the directory), so a crash leaves
/// either the old or the new value, never a torn one. A cursor that lags the truth only means
/// republishing, which the server's duplicate window absorbs.
public struct SinkCursor: Sendable {
    /// The cursor file.
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// The stored seq, or 0 when the file does not exist yet (nothing acknowledged).
    public func load() throws(SinkError) -> UInt64 {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            let err = errno
            if err == ENOENT { return 0 }
            throw SinkError(
                .cursor, "cannot read the cursor file \(path): \(String(cString: strerror(err)))")
        }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 64)
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard n >= 0 else {
            throw SinkError(
                .cursor, "cannot read the cursor file \(path): \(String(cString: strerror(errno)))")
        }
        let text = String(decoding: buffer[0..<n], as: UTF8.self)
        let digits = text.hasSuffix("\n") ? String(text.dropLast()) : text
        guard let seq = UInt64(digits) else {
            throw SinkError(
                .cursor,
                "the cursor file \(path) does not hold a sequence number; delete it to publish the whole log again (the stream drops duplicates within its window)"
            )
        }
        return seq
    }

    /// Replaces the stored seq, durably.
    public func store(_ seq: UInt64) throws(SinkError) {
        let tmp = path + ".tmp"
        let bytes = Array("\(seq)\n".utf8)
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure("create \(tmp)") }
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(fd) == 0 else {
            let error = failure("write \(tmp)")
            close(fd)
            unlink(tmp)
            throw error
        }
        close(fd)
        guard rename(tmp, path) == 0 else { throw failure("rename \(tmp) to \(path)") }
        // The rename is durable only once the directory entry is.
        let dir = directory()
        let dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dfd >= 0 {
            fsync(dfd)
            close(dfd)
        }
    }

    func directory() -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let dir = String(path[..<slash])
        return dir.isEmpty ? "/" : dir
    }

    func failure(_ what: String) -> SinkError {
        SinkError(
            .cursor,
            "cannot \(what): \(String(cString: strerror(errno))); check that the state directory is writable"
        )
    }
}
