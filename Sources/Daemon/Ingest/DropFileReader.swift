import VigieExtractor

#if canImport(Glibc)
    import Glibc
#endif

/// Reads a file of the drop directory safely: `O_NOFOLLOW` (a symlink is refused, never
/// followed), `O_NONBLOCK` (a FIFO cannot block the pipeline), regular files only, size limit
/// checked before reading. Errors are `DispatchError`s naming the file.
///
/// The daemon's own reader rather than `DispatchReader.readBytes`: it reads into a buffer of
/// the file's size plus one byte in one go, where the generic one grows its buffer by
/// 64 KiB of zeros per file, which costs tens of milliseconds per dispatch in debug builds.
struct DropFileReader {
    var maxBytes: Int

    func read(path: String) throws(DispatchError) -> (bytes: [UInt8], status: stat) {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard fd >= 0 else {
            let e = errno
            if e == ELOOP {
                throw DispatchError(
                    .notRegularFile, path: path, "is a symbolic link; links are never followed, drop the file itself",
                    errno: e)
            }
            throw DispatchError(
                .unreadable, path: path,
                "cannot be opened: \(systemErrorString(e)); give vigied read permission", errno: e)
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            throw DispatchError(
                .unreadable, path: path, "cannot be examined: \(systemErrorString(errno))", errno: errno)
        }
        guard (st.st_mode & S_IFMT) == S_IFREG else {
            throw DispatchError(
                .notRegularFile, path: path, "is not a regular file (directory, device, FIFO or socket)")
        }
        let tooLarge = DispatchError(
            .tooLarge, path: path,
            "\(st.st_size) bytes is over the \(maxBytes)-byte limit; split the dispatch or raise --max-dispatch-bytes")
        guard Int(st.st_size) <= maxBytes else { throw tooLarge }
        // One byte more than fstat said, to notice a file that grew meanwhile.
        var bytes = [UInt8](repeating: 0, count: min(Int(st.st_size) + 1, maxBytes + 1))
        var filled = 0
        while filled < bytes.count {
            let n = bytes.withUnsafeMutableBytes { buf in Glibc.read(fd, buf.baseAddress! + filled, buf.count - filled)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw DispatchError(.unreadable, path: path, "read failed: \(systemErrorString(errno))", errno: errno)
            }
            if n == 0 { break }
            filled += n
        }
        if filled > maxBytes { throw tooLarge }
        bytes.removeLast(bytes.count - filled)
        return (bytes, st)
    }
}
