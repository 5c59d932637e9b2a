import Foundation

// Recognising a wire format from the first bytes of a file (never from its name).

/// What the content of a file looks like.
enum Sniffed {
    /// Not markup nor JSON: a plain-text dispatch.
    case text
    /// XML or HTML whose root element (or doctype) names a known format.
    case markup(WireFormat)
    /// XML whose root element belongs to no known format.
    case otherXML(root: String)
    /// XML whose prolog could not be read up to a root element.
    case unreadableXML
    /// JSON, parsed.
    case json
}

enum Detection {
    private static let space: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D, 0x0C]

    /// The offset of the first significant byte: after a UTF-8 byte order mark and white space.
    static func start(of bytes: [UInt8]) -> Int {
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while index < bytes.count, space.contains(bytes[index]) { index += 1 }
        return index
    }

    static func sniff(_ bytes: [UInt8]) -> Sniffed {
        let index = start(of: bytes)
        guard index < bytes.count else { return .text }
        switch bytes[index] {
        case UInt8(ascii: "<"): return sniffMarkup(bytes, from: index)
        case UInt8(ascii: "{"): return .json
        default: return .text
        }
    }

    /// Skips the prolog (XML declaration, processing instructions, comments, doctype) and
    /// names the format from the root element.
    private static func sniffMarkup(_ bytes: [UInt8], from start: Int) -> Sniffed {
        var index = start
        while true {
            while index < bytes.count, space.contains(bytes[index]) { index += 1 }
            guard index < bytes.count, bytes[index] == UInt8(ascii: "<") else { return .unreadableXML }
            if has(bytes, at: index, "<?") {
                guard let end = find(bytes, "?>", from: index + 2) else { return .unreadableXML }
                index = end + 2
            } else if has(bytes, at: index, "<!--") {
                guard let end = find(bytes, "-->", from: index + 4) else { return .unreadableXML }
                index = end + 3
            } else if has(bytes, at: index, "<!doctype", ignoringCase: true) {
                let name = self.name(in: bytes, from: index + 9)
                if name.lowercased() == "html" { return .markup(.html) }
                guard let end = doctypeEnd(bytes, from: index + 9) else { return .unreadableXML }
                index = end + 1
            } else {
                let root = self.name(in: bytes, from: index + 1)
                // The local name decides, whatever the namespace prefix.
                let local = root.split(separator: ":").last.map(String.init) ?? root
                switch local {
                case "newsMessage", "newsItem": return .markup(.newsmlG2)
                case "nitf": return .markup(.nitf)
                default:
                    // Pages saved without a doctype may open on head or body.
                    if ["html", "head", "body"].contains(local.lowercased()) { return .markup(.html) }
                    return root.isEmpty ? .unreadableXML : .otherXML(root: root)
                }
            }
        }
    }

    /// The name starting at `index` after optional white space, up to white space, `>` or `/`.
    private static func name(in bytes: [UInt8], from index: Int) -> String {
        var start = index
        while start < bytes.count, space.contains(bytes[start]) { start += 1 }
        var end = start
        while end < bytes.count, end - start < 128, !space.contains(bytes[end]),
            ![UInt8(ascii: ">"), UInt8(ascii: "/"), UInt8(ascii: "["), UInt8(ascii: "<")].contains(bytes[end])
        {
            end += 1
        }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// The `>` closing a doctype, past an internal subset in brackets and quoted literals.
    private static func doctypeEnd(_ bytes: [UInt8], from start: Int) -> Int? {
        var index = start
        var depth = 0
        var quote: UInt8?
        while index < bytes.count {
            let byte = bytes[index]
            // A comment in the internal subset may hold brackets and `>`.
            if quote == nil, has(bytes, at: index, "<!--") {
                guard let end = find(bytes, "-->", from: index + 4) else { return nil }
                index = end + 3
                continue
            }
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: "[") {
                depth += 1
            } else if byte == UInt8(ascii: "]") {
                depth = max(0, depth - 1)
            } else if byte == UInt8(ascii: ">"), depth == 0 {
                return index
            }
            index += 1
        }
        return nil
    }

    private static func has(_ bytes: [UInt8], at index: Int, _ token: String, ignoringCase: Bool = false) -> Bool {
        let token = Array(token.utf8)
        guard index + token.count <= bytes.count else { return false }
        for (offset, expected) in token.enumerated() {
            var byte = bytes[index + offset]
            if ignoringCase, byte >= UInt8(ascii: "A"), byte <= UInt8(ascii: "Z") { byte += 32 }
            if byte != expected { return false }
        }
        return true
    }

    private static func find(_ bytes: [UInt8], _ token: String, from start: Int) -> Int? {
        var index = start
        while index < bytes.count {
            if has(bytes, at: index, token) { return index }
            index += 1
        }
        return nil
    }
}
