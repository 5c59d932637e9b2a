import VigieProtocol

#if canImport(Glibc)
    import Glibc
#endif

/// A dispatch decoded and ready for extraction.
public struct Dispatch: Sendable, Hashable {
    /// The file name, without its directory (`name#N` for the N-th item of a file holding several).
    public var name: String
    /// Hex SHA-256 of the raw bytes of the file.
    public var sha256: String
    /// "YYYY-MM" or "YYYY-MM-DD" from the ` date ...` header line or the wire format, or nil.
    public var published: String?
    /// The text the coder reads: BOM removed, line ends normalized to `\n`; for wire formats,
    /// the headline and the paragraphs separated by blank lines. Evidence offsets are UTF-8
    /// byte offsets into this string.
    public var text: String
    /// How the raw bytes were decoded.
    public var encoding: SourceEncoding
    /// The format the text was read from: "text", "newsml-g2", "nitf", "ninjs" or "html".
    public var format: String
    /// The story this dispatch is a version of (guid, uri, doc-id), when the format names one.
    public var story: String?
    /// The story version the format gives, or nil.
    public var version: Int?
    /// The place of the dateline the format gives, or nil.
    public var dateline: String?

    public init(
        name: String, sha256: String, published: String?, text: String,
        encoding: SourceEncoding = .utf8, format: String = "text", story: String? = nil, version: Int? = nil,
        dateline: String? = nil
    ) {
        self.name = name
        self.sha256 = sha256
        self.published = published
        self.text = text
        self.encoding = encoding
        self.format = format
        self.story = story
        self.version = version
        self.dateline = dateline
    }

    /// The reference an event record carries.
    public var reference: DispatchRef {
        DispatchRef(
            name: name, sha256: sha256, published: published, format: format == "text" ? nil : format,
            story: story, version: version, dateline: dateline)
    }

    /// The story whose versions replace one another: the format's, or else the file name.
    public var storyKey: String { story ?? name }
}

/// The encoding a dispatch was read in.
public enum SourceEncoding: String, Sendable, Hashable {
    /// Valid UTF-8, no byte-order mark.
    case utf8
    /// UTF-8 behind a byte-order mark.
    case utf8BOM = "utf8-bom"
    /// Some bytes were not UTF-8 and were read as Windows-1252 (a superset of printable Latin-1).
    case windows1252
}

/// Why a dispatch was refused. The code is stable; the message names the file and says what to do.
public struct DispatchError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The file has no bytes, or only white space.
        public static let empty = Code(rawValue: "empty")
        /// The file holds NUL bytes: it is not text.
        public static let binary = Code(rawValue: "binary")
        /// The file is larger than the configured limit.
        public static let tooLarge = Code(rawValue: "too_large")
        /// The file could not be opened or read.
        public static let unreadable = Code(rawValue: "unreadable")
        /// The path is a directory, a device, a socket or a FIFO.
        public static let notRegularFile = Code(rawValue: "not_regular_file")
    }

    public var code: Code
    /// The file the error is about.
    public var path: String
    public var message: String
    /// The system error number behind it, when there is one.
    public var errno: Int32?

    public init(_ code: Code, path: String, _ message: String, errno: Int32? = nil) {
        self.code = code
        self.path = path
        self.message = message
        self.errno = errno
    }

    public var description: String { "\(path): \(code): \(message)" }
}

/// Turns raw dispatch bytes into a `Dispatch`, refusing what is not a dispatch.
public struct DispatchReader: Sendable {
    /// Files larger than this are refused without being read. Default 4 MiB.
    public var maxBytes: Int

    public static let defaultMaxBytes = 4 << 20

    public init(maxBytes: Int = DispatchReader.defaultMaxBytes) {
        self.maxBytes = maxBytes
    }

    /// Decodes bytes already in memory. `name` is used in the record and in errors.
    public func decode(name: String, bytes: [UInt8], path: String? = nil) throws(DispatchError)
        -> Dispatch
    {
        let where_ = path ?? name
        if bytes.count > maxBytes {
            throw DispatchError(
                .tooLarge, path: where_,
                "\(bytes.count) bytes is over the \(maxBytes)-byte limit; split the dispatch or raise max-dispatch-bytes"
            )
        }
        if bytes.contains(0) {
            throw DispatchError(
                .binary, path: where_, "holds NUL bytes, so it is not text; drop only plain-text dispatches")
        }
        let (decoded, encoding) = Self.decodeText(bytes)
        let (published, body) = Self.splitHeader(decoded)
        if body.utf8.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x09 || $0 == 0x0D }) {
            throw DispatchError(.empty, path: where_, "has no text; nothing to extract")
        }
        return Dispatch(
            name: name, sha256: ContentHash.sha256Hex(bytes), published: published, text: body,
            encoding: encoding)
    }

    /// Reads and decodes the regular file at `path`, refusing it before reading when it is too large.
    public func read(path: String) throws(DispatchError) -> Dispatch {
        let bytes = try readBytes(path: path)
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return try decode(name: name, bytes: bytes, path: path)
    }

    /// The raw bytes of the regular file at `path`, checked against the size limit first.
    public func readBytes(path: String) throws(DispatchError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard fd >= 0 else {
            let e = errno
            if e == ELOOP {
                throw DispatchError(
                    .notRegularFile, path: path, "is a symbolic link; drop the file itself", errno: e)
            }
            throw DispatchError(
                .unreadable, path: path, "cannot be opened: \(String(cString: strerror(e)))", errno: e)
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            let e = errno
            throw DispatchError(
                .unreadable, path: path, "cannot be examined: \(String(cString: strerror(e)))", errno: e)
        }
        guard (st.st_mode & S_IFMT) == S_IFREG else {
            throw DispatchError(
                .notRegularFile, path: path, "is not a regular file (directory, device, FIFO or socket)")
        }
        let size = Int(st.st_size)
        if size > maxBytes {
            throw DispatchError(
                .tooLarge, path: path,
                "\(size) bytes is over the \(maxBytes)-byte limit; split the dispatch or raise max-dispatch-bytes"
            )
        }
        var bytes = [UInt8](repeating: 0, count: size)
        var filled = 0
        while true {
            if filled == bytes.count {
                // The file may have grown since fstat: probe with a small read before growing the
                // buffer, so the common case (no growth) costs one 4 KiB read, not a 64 KiB fill.
                if bytes.count >= maxBytes + 1 { break }
                var probe = [UInt8](repeating: 0, count: min(4096, maxBytes + 1 - bytes.count))
                let got = probe.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
                if got < 0 {
                    let e = errno
                    if e == EINTR { continue }
                    throw DispatchError(
                        .unreadable, path: path, "read failed: \(String(cString: strerror(e)))", errno: e)
                }
                if got == 0 { break }
                bytes.append(contentsOf: probe[0..<got])
                filled += got
                continue
            }
            let n = bytes.withUnsafeMutableBytes { buf in
                Glibc.read(fd, buf.baseAddress! + filled, buf.count - filled)
            }
            if n < 0 {
                let e = errno
                if e == EINTR { continue }
                throw DispatchError(
                    .unreadable, path: path, "read failed: \(String(cString: strerror(e)))", errno: e)
            }
            if n == 0 { break }
            filled += n
        }
        bytes.removeSubrange(filled...)
        if bytes.count > maxBytes {
            throw DispatchError(
                .tooLarge, path: path,
                "over the \(maxBytes)-byte limit; split the dispatch or raise max-dispatch-bytes")
        }
        return bytes
    }

    /// UTF-8 where the bytes are UTF-8, Windows-1252 for the bytes that are not; BOM dropped; CRLF and CR to LF.
    public static func decodeText(_ bytes: [UInt8]) -> (String, SourceEncoding) {
        var start = 0
        var encoding = SourceEncoding.utf8
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            start = 3
            encoding = .utf8BOM
        }
        // Fast path: valid UTF-8 without carriage returns decodes as is.
        if let text = plainUTF8(bytes, from: start) { return (text, encoding) }
        var scalars = String.UnicodeScalarView()
        var i = start
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 {
                if b == 0x0D {
                    scalars.append("\n")
                    if i + 1 < n, bytes[i + 1] == 0x0A { i += 1 }
                } else {
                    scalars.append(Unicode.Scalar(b))
                }
                i += 1
                continue
            }
            if let (scalar, length) = utf8Scalar(bytes, at: i) {
                scalars.append(scalar)
                i += length
            } else {
                scalars.append(windows1252(b))
                encoding = .windows1252
                i += 1
            }
        }
        return (String(scalars), encoding)
    }

    /// The text of `bytes[start...]` when every byte is valid UTF-8 (as `utf8Scalar` reads it) and
    /// none is a carriage return: exactly what the scalar-by-scalar decoding would give.
    static func plainUTF8(_ bytes: [UInt8], from start: Int) -> String? {
        var i = start
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 {
                if b == 0x0D { return nil }
                i += 1
                continue
            }
            guard let (_, length) = utf8Scalar(bytes, at: i) else { return nil }
            i += length
        }
        return bytes.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[start...]), as: UTF8.self)
        }
    }

    static func utf8Scalar(_ b: [UInt8], at i: Int) -> (Unicode.Scalar, Int)? {
        let lead = b[i]
        let length: Int
        var value: UInt32
        switch lead {
        case 0xC2...0xDF: length = 2; value = UInt32(lead & 0x1F)
        case 0xE0...0xEF: length = 3; value = UInt32(lead & 0x0F)
        case 0xF0...0xF4: length = 4; value = UInt32(lead & 0x07)
        default: return nil
        }
        guard i + length <= b.count else { return nil }
        for j in 1..<length {
            let c = b[i + j]
            guard c & 0xC0 == 0x80 else { return nil }
            value = value << 6 | UInt32(c & 0x3F)
        }
        // Overlong forms and surrogates are not UTF-8.
        let minimum: UInt32 = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000
        guard value >= minimum, let scalar = Unicode.Scalar(value) else { return nil }
        return (scalar, length)
    }

    static let cp1252High: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013,
        0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]

    static func windows1252(_ b: UInt8) -> Unicode.Scalar {
        if b >= 0x80 && b < 0xA0 { return Unicode.Scalar(cp1252High[Int(b - 0x80)])! }
        return Unicode.Scalar(b)
    }

    /// Splits the optional ` date YYYY-MM[-DD]` header from the text that follows it on the same line.
    public static func splitHeader(_ text: String) -> (published: String?, body: String) {
        let u = Array(text.utf8)
        var i = 0
        while i < u.count, u[i] == 0x20 || u[i] == 0x09 { i += 1 }
        let keyword = Array("date".utf8)
        guard u.count >= i + 4 + 1 + 7, Array(u[i..<i + 4]) == keyword else { return (nil, text) }
        i += 4
        guard u[i] == 0x20 || u[i] == 0x09 || u[i] == 0x3A else { return (nil, text) }
        while i < u.count, u[i] == 0x20 || u[i] == 0x09 || u[i] == 0x3A { i += 1 }
        func digits(_ count: Int) -> String? {
            guard i + count <= u.count else { return nil }
            let slice = u[i..<i + count]
            guard slice.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
            i += count
            return String(decoding: slice, as: UTF8.self)
        }
        guard let year = digits(4), i < u.count, u[i] == 0x2D else { return (nil, text) }
        i += 1
        guard let month = digits(2), let m = Int(month), (1...12).contains(m) else {
            return (nil, text)
        }
        var published = "\(year)-\(month)"
        if i + 2 < u.count, u[i] == 0x2D {
            let save = i
            i += 1
            if let day = digits(2), let d = Int(day), (1...31).contains(d) {
                published += "-\(day)"
            } else {
                i = save
            }
        }
        // The header ends at white space; anything else means this was prose, not a header.
        guard i == u.count || u[i] == 0x20 || u[i] == 0x0A || u[i] == 0x09 else {
            return (nil, text)
        }
        while i < u.count, u[i] == 0x20 || u[i] == 0x09 { i += 1 }
        return (published, String(decoding: u[i...], as: UTF8.self))
    }
}
