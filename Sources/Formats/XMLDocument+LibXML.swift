import CLibXML2

// The libxml2 wrapper: parses bytes into a DOM with hostile input in mind, captures libxml2's
// errors instead of letting them reach stderr, and hands the root element to a closure for the
// lifetime of the document.
//
// Thread safety: libxml2 2.9 parses separate documents on separate threads safely once
// xmlInitParser has run; its error handlers are per thread. Nothing here keeps mutable state
// beyond one call.

enum LibXML {
    /// The deepest element nesting accepted; libxml2's own XML limit is the same.
    static let maximumDepth = 256

    // Runs once per process (a lazy static is initialised atomically).
    private static let initialized: Void = {
        xmlInitParser()
        vigie_xml_silence_defaults()
    }()

    /// Parses `bytes` as XML and runs `body` on the root element while the document lives.
    ///
    /// Never loads a DTD or anything from the network, never substitutes entities, and refuses
    /// outright a document that declares entities (billion laughs, external entities) or nests
    /// deeper than ``maximumDepth``.
    static func withXMLDocument<T>(_ bytes: [UInt8], _ body: (XMLNode) throws(WireError) -> T) throws(WireError) -> T {
        let document = try parseXML(bytes)
        defer { xmlFreeDoc(document) }
        guard let root = xmlDocGetRootElement(document) else { throw .badXML("the XML document has no root element") }
        if let dtd = document.pointee.intSubset, dtd.pointee.entities != nil || dtd.pointee.pentities != nil {
            throw .badXML("entity declarations are refused")
        }
        if exceedsDepth(root) { throw .badXML("elements nest deeper than \(maximumDepth) levels") }
        return try body(XMLNode(root))
    }

    /// Parses `bytes` as HTML (leniently, as browsers do) and runs `body` on the root element
    /// while the document lives.
    static func withHTMLDocument<T>(_ bytes: [UInt8], _ body: (XMLNode) throws(WireError) -> T) throws(WireError)
        -> T
    {
        _ = initialized
        vigie_xml_silence_thread()
        if let zero = bytes.firstIndex(of: 0) { throw .badHTML("a NUL byte at offset \(zero) in the HTML") }
        guard !bytes.isEmpty, bytes.count < Int(Int32.max) else { throw .badHTML("no HTML to read") }
        // libxml2 falls back to Latin-1 for HTML without a declared charset: valid UTF-8 is
        // read as UTF-8, anything else is left to the page's own declaration.
        let encoding: String? = String(validating: bytes, as: UTF8.self) != nil ? "UTF-8" : nil
        let options = HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue
        let parsed = bytes.withUnsafeBytes { buffer in
            htmlReadMemory(
                buffer.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(buffer.count), nil, encoding,
                Int32(truncatingIfNeeded: options))
        }
        guard let document = parsed else { throw .badHTML("the HTML parser could not read the page") }
        defer { xmlFreeDoc(document) }
        guard let root = xmlDocGetRootElement(document) else { throw .badHTML("the HTML page has no element") }
        if exceedsDepth(root) { throw .badHTML("elements nest deeper than \(maximumDepth) levels") }
        return try body(XMLNode(root))
    }

    /// What one parse reports through libxml2's callbacks (reached through the context's
    /// `_private` pointer, as the callbacks are C functions without captures).
    private final class ParseReport {
        var firstFatal: String?
        var firstError: String?
        var declaresEntity = false
    }

    private static func parseXML(_ bytes: [UInt8]) throws(WireError) -> xmlDocPtr {
        _ = initialized
        vigie_xml_silence_thread()
        guard !bytes.isEmpty, bytes.count < Int(Int32.max) else { throw .badXML("no XML to read") }
        let report = ParseReport()
        let outcome: (document: xmlDocPtr?, wellFormed: Bool) = bytes.withUnsafeBytes { buffer in
            guard
                let context = xmlCreateMemoryParserCtxt(
                    buffer.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(buffer.count))
            else { return (nil, false) }
            defer { xmlFreeParserCtxt(context) }
            // No network, no DTD loading, no entity substitution, whatever the process-wide
            // defaults say.
            xmlCtxtUseOptions(context, Int32(truncatingIfNeeded: XML_PARSE_NONET.rawValue))
            context.pointee.replaceEntities = 0
            context.pointee.loadsubset = 0
            context.pointee.validate = 0
            context.pointee._private = Unmanaged.passUnretained(report).toOpaque()
            if let sax = context.pointee.sax {
                sax.pointee.serror = { data, error in LibXML.record(error, for: data) }
                sax.pointee.entityDecl = { data, _, _, _, _, _ in LibXML.refuseEntity(for: data) }
                sax.pointee.externalSubset = nil
            }
            withExtendedLifetime(report) { _ = xmlParseDocument(context) }
            let document = context.pointee.myDoc
            context.pointee.myDoc = nil
            return (document, context.pointee.wellFormed != 0)
        }
        if report.declaresEntity {
            if let document = outcome.document { xmlFreeDoc(document) }
            throw .badXML("entity declarations are refused")
        }
        guard outcome.wellFormed, let document = outcome.document else {
            if let document = outcome.document { xmlFreeDoc(document) }
            let detail = report.firstFatal ?? report.firstError ?? "the XML parser gave up"
            throw .badXML("malformed XML: \(detail)", cause: detail)
        }
        return document
    }

    private static func report(of data: UnsafeMutableRawPointer?) -> ParseReport? {
        // `data` is the parser context: libxml2 hands its userData, which is the context itself.
        guard let data, let state = data.assumingMemoryBound(to: xmlParserCtxt.self).pointee._private else {
            return nil
        }
        return Unmanaged<ParseReport>.fromOpaque(state).takeUnretainedValue()
    }

    private static func record(_ error: xmlErrorPtr?, for data: UnsafeMutableRawPointer?) {
        guard let error, let report = report(of: data) else { return }
        let level = error.pointee.level
        guard level == XML_ERR_ERROR || level == XML_ERR_FATAL else { return }
        var message = error.pointee.message.map { String(cString: $0) } ?? "unknown error"
        message = TextCleanup.collapse(message)
        let text = error.pointee.line > 0 ? "line \(error.pointee.line): \(message)" : message
        if report.firstError == nil { report.firstError = text }
        if level == XML_ERR_FATAL, report.firstFatal == nil { report.firstFatal = text }
    }

    private static func refuseEntity(for data: UnsafeMutableRawPointer?) {
        guard let data, let report = report(of: data) else { return }
        // Stop at the first declaration: nothing is expanded, however the entities are built.
        report.declaresEntity = true
        xmlStopParser(data.assumingMemoryBound(to: xmlParserCtxt.self))
    }

    /// Whether an element under `root` sits deeper than ``maximumDepth`` (walked without
    /// recursion: this is what makes the recursive walks elsewhere safe).
    private static func exceedsDepth(_ root: xmlNodePtr) -> Bool {
        var node = root
        var depth = 1
        while true {
            if node.pointee.type == XML_ELEMENT_NODE {
                if depth > maximumDepth { return true }
                if let child = node.pointee.children {
                    node = child
                    depth += 1
                    continue
                }
            }
            while true {
                if node == root { return false }
                if let next = node.pointee.next {
                    node = next
                    break
                }
                guard let parent = node.pointee.parent else { return false }
                node = parent
                depth -= 1
            }
        }
    }
}
