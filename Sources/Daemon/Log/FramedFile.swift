#if canImport(Glibc)
    import Glibc
#endif

/// An append-only file of checksummed frames: the on-disk unit of the event log segments and
/// of the dispatch ledger.
///
/// Framing (little-endian): `u32 payload length | u32 CRC-32 of the payload | payload`.
/// Binary rather than NDJSON because a length and a checksum tell a torn or garbled tail from
/// a committed record without parsing JSON, and the payload may hold anything.
/// A file starts with an 8-byte magic naming its kind and format version.
final class FramedFile {
    static let headerSize = 8
    static let frameOverhead = 8
    /// Bigger frames are treated as garbage: no record comes near this.
    static let maxPayload = 64 << 20

    let path: String
    let fd: Int32
    /// Bytes of valid frames (including the magic): where the next frame goes.
    private(set) var size: Int

    /// One valid frame found while scanning.
    struct Frame {
        var offset: Int
        var payload: ArraySlice<UInt8>
    }

    /// What `open` found: the valid frames, and how many torn or garbled tail bytes it cut off.
    struct Recovery {
        var frames: [Frame]
        var truncatedBytes: Int
    }

    /// Opens (creating when asked) and scans the file. A torn tail is truncated (unless
    /// `readOnly`): everything after the last frame whose length and checksum are right.
    static func open(
        path: String, magic: [UInt8], create: Bool, readOnly: Bool
    ) throws(LogError) -> (FramedFile, Recovery) {
        var frames: [Frame] = []
        let (file, truncated) = try open(path: path, magic: magic, create: create, readOnly: readOnly) {
            (offset, payload) throws(LogError) in frames.append(Frame(offset: offset, payload: payload))
        }
        return (file, Recovery(frames: frames, truncatedBytes: truncated))
    }

    /// Bytes read at a time while scanning: a large segment is never held in memory whole.
    static let scanChunk = 4 << 20

    /// Like `open(path:magic:create:readOnly:)`, but hands each valid frame to `visit` (its
    /// offset and payload; the payload is only valid during the call) instead of keeping them
    /// all, reading the file a chunk at a time. Returns the file and the torn bytes cut off.
    static func open(
        path: String, magic: [UInt8], create: Bool, readOnly: Bool,
        visit: (Int, ArraySlice<UInt8>) throws(LogError) -> Void
    ) throws(LogError) -> (FramedFile, truncatedBytes: Int) {
        precondition(magic.count == headerSize)
        var flags = readOnly ? O_RDONLY : O_RDWR
        flags |= O_CLOEXEC | O_NOFOLLOW
        if create && !readOnly { flags |= O_CREAT }
        let fd = Glibc.open(path, flags, 0o640)
        guard fd >= 0 else {
            throw LogError(.unusableDirectory, "cannot open \(path)", errno: errno)
        }
        do throws(LogError) {
            var st = stat()
            guard fstat(fd, &st) == 0 else { throw LogError(.readFailed, "cannot stat \(path)", errno: errno) }
            let fileSize = Int(st.st_size)
            if fileSize == 0 {
                if !readOnly {
                    try writeAll(fd: fd, bytes: magic, at: 0, path: path)
                    fsync(fd)
                }
                return (FramedFile(path: path, fd: fd, size: headerSize), 0)
            }
            var header = [UInt8](repeating: 0, count: min(headerSize, fileSize))
            try readExactly(fd: fd, into: &header, at: 0, path: path)
            if header.count < headerSize || header != magic {
                // A header shorter than 8 bytes can only be a creation torn by a crash; a wrong one
                // is someone else's file.
                if header.count < headerSize && magic.starts(with: header) && !readOnly {
                    _ = ftruncate(fd, 0)
                    try writeAll(fd: fd, bytes: magic, at: 0, path: path)
                    fsync(fd)
                    return (FramedFile(path: path, fd: fd, size: headerSize), 0)
                }
                throw LogError(
                    .corrupt, "\(path) is not a Vigie log file of this version; move it away or point --state elsewhere"
                )
            }
            // `window` holds the file's bytes from offset `windowStart` on.
            var window: [UInt8] = []
            var windowStart = headerSize
            var offset = headerSize
            // Makes the window cover [offset, end); false when the file ends before `end`.
            func cover(_ end: Int) throws(LogError) -> Bool {
                if end <= windowStart + window.count { return true }
                guard end <= fileSize else { return false }
                if offset > windowStart {
                    window.removeFirst(offset - windowStart)
                    windowStart = offset
                }
                let target = min(fileSize, max(end, windowStart + window.count + scanChunk))
                var more = [UInt8](repeating: 0, count: target - windowStart - window.count)
                try readExactly(fd: fd, into: &more, at: windowStart + window.count, path: path)
                window += more
                return true
            }
            while try cover(offset + frameOverhead) {
                let at = offset - windowStart
                let length = Int(readU32(window, at))
                let crc = readU32(window, at + 4)
                guard length <= maxPayload, try cover(offset + frameOverhead + length) else { break }
                let start = offset - windowStart + frameOverhead
                let payload = window[start..<(start + length)]
                guard CRC32.checksum(payload) == crc else { break }
                try visit(offset, payload)
                offset += frameOverhead + length
            }
            let torn = fileSize - offset
            if torn > 0 && !readOnly {
                guard ftruncate(fd, off_t(offset)) == 0, fsync(fd) == 0 else {
                    throw LogError(.writeFailed, "cannot truncate the torn tail of \(path)", errno: errno)
                }
            }
            return (FramedFile(path: path, fd: fd, size: offset), torn)
        } catch {
            Glibc.close(fd)
            throw error
        }
    }

    private init(path: String, fd: Int32, size: Int) {
        self.path = path
        self.fd = fd
        self.size = size
    }

    /// Frames `payloads` and appends them in one write. On failure the file is cut back to its
    /// previous size, so a failed append leaves nothing behind. Returns each frame's offset.
    func append(_ payloads: [[UInt8]]) throws(LogError) -> [Int] {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(payloads.reduce(0) { $0 + $1.count + Self.frameOverhead })
        var offsets: [Int] = []
        for p in payloads {
            offsets.append(size + buffer.count)
            Self.appendU32(&buffer, UInt32(p.count))
            Self.appendU32(&buffer, CRC32.checksum(p))
            buffer.append(contentsOf: p)
        }
        do { try Self.writeAll(fd: fd, bytes: buffer, at: size, path: path) } catch {
            _ = ftruncate(fd, off_t(size))
            throw error
        }
        size += buffer.count
        return offsets
    }

    /// Cuts the file back to `offset` (frames appended but not made durable), so that the next
    /// append goes right after the last kept frame instead of leaving a hole.
    func cut(to offset: Int) {
        guard offset < size else { return }
        _ = ftruncate(fd, off_t(offset))
        size = offset
    }

    func sync() throws(LogError) {
        guard fsync(fd) == 0 else { throw LogError(.writeFailed, "fsync of \(path) failed", errno: errno) }
    }

    /// The payload of the frame at `offset` (as returned by `append` or `open`).
    func readFrame(at offset: Int) throws(LogError) -> [UInt8] {
        var header = [UInt8](repeating: 0, count: Self.frameOverhead)
        try Self.readExactly(fd: fd, into: &header, at: offset, path: path)
        let length = Int(Self.readU32(header, 0))
        guard length <= Self.maxPayload else { throw LogError(.corrupt, "bad frame length in \(path) at \(offset)") }
        var payload = [UInt8](repeating: 0, count: length)
        try Self.readExactly(fd: fd, into: &payload, at: offset + Self.frameOverhead, path: path)
        guard CRC32.checksum(payload) == Self.readU32(header, 4) else {
            throw LogError(.corrupt, "checksum mismatch in \(path) at \(offset)")
        }
        return payload
    }

    deinit { Glibc.close(fd) }

    // MARK: Helpers

    static func readU32(_ b: [UInt8], _ i: Int) -> UInt32 {
        UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16 | UInt32(b[i + 3]) << 24
    }

    static func appendU32(_ b: inout [UInt8], _ v: UInt32) {
        for s in stride(from: 0, to: 32, by: 8) { b.append(UInt8(truncatingIfNeeded: v >> UInt32(s))) }
    }

    static func readU64(_ b: some RandomAccessCollection<UInt8>, _ i: Int) -> UInt64 {
        var v: UInt64 = 0
        let start = b.index(b.startIndex, offsetBy: i)
        for k in 0..<8 { v |= UInt64(b[b.index(start, offsetBy: k)]) << UInt64(8 * k) }
        return v
    }

    static func appendU64(_ b: inout [UInt8], _ v: UInt64) {
        for s in stride(from: 0, to: 64, by: 8) { b.append(UInt8(truncatingIfNeeded: v >> UInt64(s))) }
    }

    static func readExactly(fd: Int32, into bytes: inout [UInt8], at offset: Int, path: String) throws(LogError) {
        var done = 0
        let count = bytes.count
        while done < count {
            let n = bytes.withUnsafeMutableBytes {
                pread(fd, $0.baseAddress! + done, count - done, off_t(offset + done))
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw LogError(.readFailed, "cannot read \(path)", errno: errno)
            }
            if n == 0 { throw LogError(.readFailed, "\(path) is shorter than expected") }
            done += n
        }
    }

    static func writeAll(fd: Int32, bytes: [UInt8], at offset: Int, path: String) throws(LogError) {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes {
                pwrite(fd, $0.baseAddress! + done, bytes.count - done, off_t(offset + done))
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw LogError(.writeFailed, "cannot write \(path)", errno: errno)
            }
            done += n
        }
    }
}

/// `strerror` as a Swift string.
func systemErrorString(_ e: Int32) -> String { String(cString: strerror(e)) }

/// Fsyncs a directory so that a file created, renamed or removed in it survives a power cut.
func syncDirectory(_ path: String) {
    let fd = Glibc.open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard fd >= 0 else { return }
    fsync(fd)
    Glibc.close(fd)
}

/// Creates `path` and its parents as needed (mode 0750).
func makeDirectories(_ path: String) throws(LogError) {
    var current = path.hasPrefix("/") ? "" : "."
    for part in path.split(separator: "/") {
        current += "/" + part
        if mkdir(current, 0o750) != 0 && errno != EEXIST {
            throw LogError(.unusableDirectory, "cannot create directory \(current)", errno: errno)
        }
    }
    var st = stat()
    guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR else {
        throw LogError(.unusableDirectory, "\(path) is not a directory")
    }
}
