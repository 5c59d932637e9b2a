// NITF 3.x (3.5, 3.6): one article per file.

enum NITF {
    static func read(_ bytes: [UInt8]) throws(WireError) -> WireDocument {
        try LibXML.withXMLDocument(bytes) { root throws(WireError) in
            guard root.name == "nitf" else { throw .badXML("not an NITF document: root <\(root.name)>") }
            let item = self.item(root)
            guard item.hasText else { throw .noText("the NITF article has neither headline nor body text", item: 0) }
            return WireDocument(format: .nitf, items: [item])
        }
    }

    private static func item(_ root: XMLNode) -> WireItem {
        let head = root.child("head")
        let docdata = head?.child("docdata")
        let bodyHead = root.child(path: "body", "body.head")
        var item = WireItem()
        item.headline =
            TextCleanup.collapsedOrNil(bodyHead?.child(path: "hedline", "hl1")?.text())
            ?? TextCleanup.collapsedOrNil(head?.child("title")?.text())
        if let dateline = bodyHead?.child("dateline") {
            let location = dateline.child("location")
            item.dateline =
                TextCleanup.collapsedOrNil(location?.child("city")?.text())
                ?? TextCleanup.collapsedOrNil(location?.text())
                ?? TextCleanup.datelinePlace(dateline.text())
        }
        item.story = TextCleanup.collapsedOrNil(docdata?.child("doc-id")?.attribute("id-string"))
        item.published = TextCleanup.day(of: docdata?.child("date.issue")?.attribute("norm"))
        item.version = docdata?.child("du-key")?.attribute("version").flatMap { Int(TextCleanup.collapse($0)) }
        item.language = TextCleanup.collapsedOrNil(root.xmlLang ?? head?.xmlLang ?? docdata?.xmlLang)
        item.provider = TextCleanup.collapsedOrNil(
            docdata?.child("doc.copyright")?.attribute("holder") ?? bodyHead?.child("distributor")?.text())
        if let content = root.child(path: "body", "body.content") {
            // Paragraphs may sit in blocks; media captions and tables are not story text.
            item.paragraphs = content.descendants(skipping: { ["media", "table"].contains($0.name) })
                .filter { $0.name == "p" }
                .map { TextCleanup.collapse($0.text()) }
                .filter { !$0.isEmpty }
        }
        return item
    }
}
