import Foundation

// IPTC ninjs 1.x and 2.0: one JSON object is one item; associations are not read.

enum Ninjs {
    /// The deepest nesting of arrays and objects accepted.
    static let maximumDepth = 256

    /// The keys of which a ninjs object has at least one besides `uri`.
    private static let contentKeys = ["body_text", "body_html", "headline", "headlines", "type", "bodies"]

    /// `bytes` parsed as a ninjs object; throws bad_json for anything else.
    static func object(from bytes: [UInt8]) throws(WireError) -> [String: Any] {
        let json = bytes[Detection.start(of: bytes)...]
        if tooDeep(json) { throw .badJSON("arrays and objects nest deeper than \(maximumDepth) levels") }
        let value: Any
        do {
            value = try JSONSerialization.jsonObject(with: Data(json), options: [])
        } catch {
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
            throw .badJSON("malformed JSON: \(detail)", cause: detail)
        }
        guard let object = value as? [String: Any] else {
            throw .badJSON("not a ninjs object: the JSON is not an object")
        }
        guard object["uri"] is String, contentKeys.contains(where: { object[$0] != nil }) else {
            throw .badJSON("not a ninjs object: no uri with a headline, body or type")
        }
        return object
    }

    static func read(_ object: [String: Any]) throws(WireError) -> WireDocument {
        var item = WireItem()
        item.story = string(object["uri"])
        item.version = version(object["version"])
        item.published =
            ["versioncreated", "firstcreated", "contentcreated"].lazy
            .compactMap { TextCleanup.day(of: string(object[$0])) }.first
        item.language = string(object["language"])
        item.headline = string(object["headline"]) ?? string(first(object["headlines"])?["value"])
        item.dateline = string(object["located"])
        item.provider = string(object["copyrightholder"]) ?? string(first(object["infosources"])?["name"])
        item.paragraphs = paragraphs(object)
        guard item.hasText else { throw .noText("the ninjs item has neither headline nor body text", item: 0) }
        return WireDocument(format: .ninjs, items: [item])
    }

    /// The body: body_text, else body_html (or body_xhtml), else the first non-empty entry of
    /// 2.0's bodies, read as HTML when its content type says so (or, untyped, when it opens on
    /// a tag).
    private static func paragraphs(_ object: [String: Any]) -> [String] {
        if let text = object["body_text"] as? String {
            let found = TextCleanup.paragraphs(of: text, orLines: true)
            if !found.isEmpty { return found }
        }
        for key in ["body_html", "body_xhtml"] {
            if let html = object[key] as? String {
                let found = htmlParagraphs(html)
                if !found.isEmpty { return found }
            }
        }
        for body in object["bodies"] as? [Any] ?? [] {
            guard let body = body as? [String: Any], let value = body["value"] as? String else { continue }
            let type = (body["contenttype"] as? String)?.lowercased()
            let isHTML =
                type.map { $0.contains("html") }
                ?? value.drop(while: \.isWhitespace).hasPrefix("<")
            let found = isHTML ? htmlParagraphs(value) : TextCleanup.paragraphs(of: value, orLines: true)
            if !found.isEmpty { return found }
        }
        return []
    }

    private static func htmlParagraphs(_ html: String) -> [String] {
        // A fragment the HTML parser refuses (a NUL, absurd nesting) gives no text, and the
        // item is then refused for that.
        (try? LibXML.withHTMLDocument(Array(html.utf8)) { root throws(WireError) in
            Markup.paragraphs(in: root, skipping: HTMLArticle.isBoilerplate)
        }) ?? []
    }

    private static func string(_ value: Any?) -> String? {
        TextCleanup.collapsedOrNil(value as? String)
    }

    private static func first(_ value: Any?) -> [String: Any]? {
        (value as? [Any])?.first as? [String: Any]
    }

    /// A version given as a string ("3") or a whole number (3).
    private static func version(_ value: Any?) -> Int? {
        if let text = value as? String { return Int(TextCleanup.collapse(text)) }
        if let number = value as? Int { return number }
        guard let double = value as? Double, double.rounded() == double, abs(double) < 1e15 else { return nil }
        return Int(double)
    }

    /// Whether arrays and objects nest deeper than ``maximumDepth`` (strings are skipped).
    private static func tooDeep(_ bytes: ArraySlice<UInt8>) -> Bool {
        var depth = 0
        var inString = false
        var escaped = false
        for byte in bytes {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth > maximumDepth { return true }
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        return false
    }
}
