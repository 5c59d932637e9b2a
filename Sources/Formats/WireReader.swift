/// Reads agency wire files: detects the format from the content and extracts the story items.
///
/// Pure and synchronous; safe to call from several threads at once.
public enum WireReader {
    /// Detects the format of `bytes` and reads it. Returns nil for plain text (the caller reads
    /// it as today). Throws for a file that is clearly XML/JSON/HTML but malformed or has no
    /// readable item at all.
    public static func read(_ bytes: [UInt8]) throws(WireError) -> WireDocument? {
        switch Detection.sniff(bytes) {
        case .text:
            return nil
        case .markup(let format):
            return try readMarkup(bytes, as: format)
        case .otherXML(let root):
            throw notAWireFormat(root)
        case .unreadableXML:
            // Let libxml2 say what is wrong; should it read the file after all, its root decides.
            let root = try LibXML.withXMLDocument(bytes) { root throws(WireError) in root.name }
            let format = Detection.sniff(Array("<\(root)/>".utf8))
            guard case .markup(let found) = format else { throw notAWireFormat(root) }
            return try readMarkup(bytes, as: found)
        case .json:
            return try Ninjs.read(Ninjs.object(from: bytes))
        }
    }

    /// The format of `bytes`, judged from the content. `.text` for anything that is not one of
    /// the wire formats, including XML with another root and JSON that is not ninjs (which
    /// ``read(_:)`` refuses).
    public static func detect(_ bytes: [UInt8]) -> WireFormat {
        switch Detection.sniff(bytes) {
        case .markup(let format):
            return format
        case .json:
            return (try? Ninjs.object(from: bytes)) != nil ? .ninjs : .text
        case .text, .otherXML, .unreadableXML:
            return .text
        }
    }

    private static func readMarkup(_ bytes: [UInt8], as format: WireFormat) throws(WireError) -> WireDocument {
        switch format {
        case .newsmlG2: return try NewsMLG2.read(bytes)
        case .nitf: return try NITF.read(bytes)
        case .html: return try HTMLArticle.read(bytes)
        case .text, .ninjs: throw .badXML("not a NewsML-G2, NITF or HTML document")
        }
    }

    private static func notAWireFormat(_ root: String) -> WireError {
        .badXML("not a NewsML-G2, NITF or HTML document: root <\(root)>")
    }
}
