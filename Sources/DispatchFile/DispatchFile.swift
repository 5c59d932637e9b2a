import VigieExtractor
import VigieFormats

/// A file of the drop directory decoded: the dispatches the coder reads, one per story item
/// (one for plain text), and the items left out with their reason.
public struct DispatchFile: Sendable, Hashable {
    /// Hex SHA-256 of the file's bytes: the identity of this version of the file.
    public var sha256: String
    public var format: WireFormat
    public var dispatches: [Dispatch]
    /// Items not coded: without text, or in a language the coder does not read.
    public var skipped: [DispatchError]

    public init(sha256: String, format: WireFormat, dispatches: [Dispatch], skipped: [DispatchError] = []) {
        self.sha256 = sha256
        self.format = format
        self.dispatches = dispatches
        self.skipped = skipped
    }
}

extension DispatchError.Code {
    /// XML that does not parse, is not NewsML-G2, NITF or HTML, or declares entities.
    public static let badXML = DispatchError.Code(rawValue: "bad_xml")
    /// JSON that does not parse or is not ninjs.
    public static let badJSON = DispatchError.Code(rawValue: "bad_json")
    /// HTML that cannot be parsed at all.
    public static let badHTML = DispatchError.Code(rawValue: "bad_html")
    /// A wire document without any item holding text.
    public static let noText = DispatchError.Code(rawValue: "no_text")
    /// An item in a language the coder does not read (skipped, never miscoded).
    public static let language = DispatchError.Code(rawValue: "language")
}

extension DispatchReader {
    /// Decodes a file: plain text as `decode` does, wire copy (NewsML-G2, NITF, ninjs, HTML,
    /// recognised by content) into one dispatch per item, whose text is the headline and the
    /// paragraphs. Items in a language not in `languages` (ISO 639-1; an item that names none
    /// is read) are skipped. Throws for a file to quarantine: too large, binary, empty,
    /// malformed, or without any item holding text.
    public func decodeFile(
        name: String, bytes: [UInt8], path: String? = nil, languages: [String] = Extractor.languages
    ) throws(DispatchError) -> DispatchFile {
        let where_ = path ?? name
        guard bytes.count <= maxBytes, WireReader.detect(bytes) != .text else {
            let dispatch = try decode(name: name, bytes: bytes, path: path)
            return DispatchFile(sha256: dispatch.sha256, format: .text, dispatches: [dispatch])
        }
        let read: WireDocument?
        do { read = try WireReader.read(bytes) } catch {
            throw DispatchError(Self.code(error.code), path: where_, error.message)
        }
        guard let document = read else {
            let dispatch = try decode(name: name, bytes: bytes, path: path)
            return DispatchFile(sha256: dispatch.sha256, format: .text, dispatches: [dispatch])
        }
        let sha = ContentHash.sha256Hex(bytes)
        var skipped = document.rejected.map { DispatchError(Self.code($0.code), path: where_, $0.message) }
        var dispatches: [Dispatch] = []
        for (i, item) in document.items.enumerated() {
            let itemName = document.items.count > 1 ? "\(name)#\(i + 1)" : name
            if let language = item.language, !Self.reads(language, languages) {
                skipped.append(
                    DispatchError(
                        .language, path: where_,
                        "item \(i + 1) (\(item.story ?? itemName)) is in '\(language)'; the coder reads \(languages.joined(separator: ", ")) only"
                    ))
                continue
            }
            dispatches.append(
                Dispatch(
                    name: itemName, sha256: sha, published: item.published, text: item.text,
                    format: document.format.rawValue, story: item.story, version: item.version,
                    dateline: item.dateline))
        }
        // Nothing to code and not because of the language: the file is refused with the reason.
        if dispatches.isEmpty, !skipped.contains(where: { $0.code == .language }) {
            throw skipped.first ?? DispatchError(.noText, path: where_, "holds no item with text")
        }
        return DispatchFile(sha256: sha, format: document.format, dispatches: dispatches, skipped: skipped)
    }

    static func reads(_ language: String, _ languages: [String]) -> Bool {
        let primary = language.lowercased().split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map(String.init)
        return primary.map { languages.contains($0) } ?? true
    }

    static func code(_ code: WireError.Code) -> DispatchError.Code {
        switch code {
        case .badXML: .badXML
        case .badJSON: .badJSON
        case .badHTML: .badHTML
        default: .noText
        }
    }
}

extension DispatchReader {
    /// Reads and decodes the regular file at `path` (see `decodeFile`), refusing it before
    /// reading when it is too large.
    public func readFile(path: String, languages: [String] = Extractor.languages) throws(DispatchError)
        -> DispatchFile
    {
        let bytes = try readBytes(path: path)
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return try decodeFile(name: name, bytes: bytes, path: path, languages: languages)
    }
}
