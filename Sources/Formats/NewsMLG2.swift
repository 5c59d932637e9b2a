// IPTC NewsML-G2 2.x: a newsMessage whose itemSet holds news items, or a lone newsItem. Only
// text items count; package, concept and picture items are skipped.

enum NewsMLG2 {
    static func read(_ bytes: [UInt8]) throws(WireError) -> WireDocument {
        try LibXML.withXMLDocument(bytes) { root throws(WireError) in
            let newsItems: [XMLNode]
            switch root.name {
            case "newsItem":
                newsItems = [root]
            case "newsMessage":
                newsItems = root.children("itemSet").flatMap { $0.children("newsItem") }
            default:
                throw .badXML("not a NewsML-G2 document: root <\(root.name)>")
            }
            var items: [WireItem] = []
            var rejected: [WireError] = []
            for (index, node) in newsItems.enumerated() where isText(node) {
                let item = self.item(node)
                if item.hasText {
                    items.append(item)
                } else {
                    let guid = node.attribute("guid").map { " \($0)" } ?? ""
                    rejected.append(.noText("the news item\(guid) has neither headline nor body text", item: index))
                }
            }
            guard !items.isEmpty else {
                throw .noText("no text news item with a headline or body in the NewsML-G2 document")
            }
            return WireDocument(format: .newsmlG2, items: items, rejected: rejected)
        }
    }

    /// Whether the item is text: itemClass ninat:text (or its URI form), or no itemClass.
    private static func isText(_ newsItem: XMLNode) -> Bool {
        guard let itemClass = newsItem.child(path: "itemMeta", "itemClass") else { return true }
        if let qcode = itemClass.attribute("qcode") { return qcode.hasSuffix(":text") }
        if let uri = itemClass.attribute("uri") { return uri.hasSuffix("/text") }
        return true
    }

    private static func item(_ node: XMLNode) -> WireItem {
        let itemMeta = node.child("itemMeta")
        let contentMeta = node.child("contentMeta")
        var item = WireItem()
        item.story = TextCleanup.collapsedOrNil(node.attribute("guid"))
        item.version = node.attribute("version").flatMap { Int(TextCleanup.collapse($0)) }
        item.language = TextCleanup.collapsedOrNil(
            node.xmlLang ?? contentMeta?.child("language")?.attribute("tag"))
        let dates = [
            itemMeta?.child("versionCreated"), itemMeta?.child("firstCreated"), contentMeta?.child("contentCreated"),
        ]
        item.published = dates.lazy.compactMap { TextCleanup.day(of: $0?.text()) }.first
        if let provider = itemMeta?.child("provider") {
            // A name for people before the code ("nprov:AFP") that only a catalog resolves.
            item.provider =
                TextCleanup.collapsedOrNil(provider.attribute("literal"))
                ?? TextCleanup.collapsedOrNil(provider.child("name")?.text())
                ?? TextCleanup.collapsedOrNil(provider.attribute("qcode"))
        }
        item.headline = TextCleanup.collapsedOrNil(contentMeta?.child("headline")?.text())
        item.dateline =
            TextCleanup.collapsedOrNil(contentMeta?.child(path: "located", "name")?.text())
            ?? TextCleanup.datelinePlace(contentMeta?.child("dateline")?.text())
        item.paragraphs = paragraphs(node.child("contentSet"))
        return item
    }

    /// The body: the first inlineXML (XHTML, or NITF) or inlineData of the content set.
    private static func paragraphs(_ contentSet: XMLNode?) -> [String] {
        guard let contentSet else { return [] }
        for content in contentSet.elements {
            switch content.name {
            case "inlineXML":
                let found = Markup.paragraphs(in: content)
                if !found.isEmpty { return found }
            case "inlineData":
                let found = TextCleanup.paragraphs(of: content.text(), orLines: true)
                if !found.isEmpty { return found }
            default:
                continue
            }
        }
        return []
    }
}

/// Paragraph extraction shared by the XML formats that embed markup.
enum Markup {
    /// Elements whose text is never story text.
    static func isScript(_ node: XMLNode) -> Bool {
        ["script", "style"].contains(node.name.lowercased())
    }

    /// The `p` elements below the `body` of `container` (or below `container` itself without
    /// a body); without any, the body text split on blank lines. Subtrees `skip` names are
    /// left out.
    static func paragraphs(in container: XMLNode, skipping skip: (XMLNode) -> Bool = isScript) -> [String] {
        let body = container.descendants(skipping: skip).first { $0.name == "body" } ?? container
        let found = body.descendants(skipping: skip).filter { $0.name == "p" }
            .map { TextCleanup.collapse($0.text(skipping: skip)) }
            .filter { !$0.isEmpty }
        if !found.isEmpty { return found }
        return TextCleanup.paragraphs(of: body.text(skipping: skip), orLines: false)
    }
}
