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
        precondition(magic.count == headerSize)
        var flags = readOnly ? O_RDONLY : O_RDWR
        flags |= O_CLOEXEC | O_NOFOLLOW
        if create && !readOnly { flags |= O_CREAT }
        let fd = Glibc.open(path, flags, 0o640)
        guard fd >= 0 else {
            throw LogError(.unusableDirectory, "cannot open \(path)", errno: errno)
        }
        let bytes: [UInt8]
        do { bytes = try readAll(fd: fd, path: path) } catch {
            Glibc.close(fd)
            throw error
        }
        var frames: [Frame] = []
        var end = 0
        if bytes.isEmpty {
            if !readOnly {
                do { try writeAll(fd: fd, bytes: magic, at: 0, path: path) } catch {
                    Glibc.close(fd)
                    throw error
                }
                fsync(fd)
            }
            end = headerSize
        } else if bytes.count < headerSize || Array(bytes[0..<headerSize]) != magic {
            // A header shorter than 8 bytes can only be a creation torn by a crash; a wrong one
            // is someone else's file.
            if bytes.count < headerSize && magic.starts(with: bytes) && !readOnly {
                _ = ftruncate(fd, 0)
                do { try writeAll(fd: fd, bytes: magic, at: 0, path: path) } catch {
                    Glibc.close(fd)
                    throw error
                }
                fsync(fd)
                return (FramedFile(path: path, fd: fd, size: headerSize), Recovery(frames: [], truncatedBytes: 0))
            }
            Glibc.close(fd)
            throw LogError(
                .corrupt, "\(path) is not a Vigie log file of this version; move it away or point --state elsewhere")
        } else {
            var offset = headerSize
            while let payload = frame(in: bytes, at: offset) {
                frames.append(Frame(offset: offset, payload: payload))
                offset += frameOverhead + payload.count
            }
            end = offset
        }
        let torn = max(0, bytes.count - end)
        if torn > 0 && !readOnly {
            guard ftruncate(fd, off_t(end)) == 0, fsync(fd) == 0 else {
                let e = errno
                Glibc.close(fd)
                throw LogError(.writeFailed, "cannot truncate the torn tail of \(path)", errno: e)
            }
        }
        return (FramedFile(path: path, fd: fd, size: end), Recovery(frames: frames, truncatedBytes: torn))
    }

    private init(path: String, fd: Int32, size: Int) {
        self.path = path
        self.fd = fd
        self.size = size
    }

    /// The payload of the frame at `offset`, or nil when there is none or it is torn/garbled.
    static func frame(in bytes: [UInt8], at offset: Int) -> ArraySlice<UInt8>? {
        guard offset + frameOverhead <= bytes.count else { return nil }
        let length = Int(readU32(bytes, offset))
        let crc = readU32(bytes, offset + 4)
        guard length <= maxPayload, offset + frameOverhead + length <= bytes.count else { return nil }
        let payload = bytes[(offset + frameOverhead)..<(offset + frameOverhead + length)]
        guard CRC32.checksum(payload) == crc else { return nil }
        return payload
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

    static func readAll(fd: Int32, path: String) throws(LogError) -> [UInt8] {
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw LogError(.readFailed, "cannot stat \(path)", errno: errno) }
        var bytes = [UInt8](repeating: 0, count: Int(st.st_size))
        try readExactly(fd: fd, into: &bytes, at: 0, path: path)
        return bytes
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
