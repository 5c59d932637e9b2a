// An HTML page holding one article: the article's paragraphs, never the page's furniture.

enum HTMLArticle {
    /// Elements whose text is never article text.
    private static let boilerplateElements: Set<String> = [
        "script", "style", "nav", "header", "footer", "aside", "form", "noscript", "figure", "figcaption",
        "template", "iframe", "svg", "button", "select", "textarea", "dialog",
    ]

    /// ARIA roles of page furniture: menus, banners, cookie dialogs, sidebars.
    private static let boilerplateRoles: Set<String> = [
        "navigation", "banner", "contentinfo", "complementary", "dialog", "alertdialog", "search",
    ]

    /// Whether `node` is page furniture whose text must not be read.
    static func isBoilerplate(_ node: XMLNode) -> Bool {
        if boilerplateElements.contains(node.name.lowercased()) { return true }
        if let role = node.attribute("role", ignoringCase: true)?.lowercased(), boilerplateRoles.contains(role) {
            return true
        }
        return node.attribute("hidden", ignoringCase: true) != nil
    }

    static func read(_ bytes: [UInt8]) throws(WireError) -> WireDocument {
        try LibXML.withHTMLDocument(bytes) { root throws(WireError) in
            let item = self.item(root)
            guard !item.paragraphs.isEmpty else { throw .noText("no article text in the HTML page", item: 0) }
            return WireDocument(format: .html, items: [item])
        }
    }

    private static func item(_ root: XMLNode) -> WireItem {
        let content = root.descendants(skipping: isBoilerplate)
        let article = self.article(among: content)
        let metas = root.descendants(skipping: Markup.isScript).filter { $0.isNamed("meta", ignoringCase: true) }
        func meta(_ attribute: String, _ value: String) -> String? {
            metas.first { $0.attribute(attribute, ignoringCase: true)?.lowercased() == value }?
                .attribute("content", ignoringCase: true)
        }
        var item = WireItem()
        item.paragraphs = article.map(paragraphs) ?? []
        let inArticle = article?.descendants(skipping: Markup.isScript) ?? []
        item.headline =
            TextCleanup.collapsedOrNil(meta("property", "og:title"))
            ?? firstText(named: "h1", in: inArticle)
            ?? firstText(named: "h1", in: content)
            ?? TextCleanup.collapsedOrNil(
                root.descendants(skipping: Markup.isScript).first { $0.isNamed("title", ignoringCase: true) }?.text())
        let time = inArticle.first { $0.isNamed("time", ignoringCase: true) && $0.attribute("datetime") != nil }
        item.published =
            TextCleanup.day(of: meta("property", "article:published_time"))
            ?? TextCleanup.day(of: time?.attribute("datetime"))
            ?? TextCleanup.day(of: meta("name", "date"))
        item.language = TextCleanup.collapsedOrNil(root.attribute("lang", ignoringCase: true) ?? root.xmlLang)
        return item
    }

    /// The element holding the story: the `article` with the most paragraph text, else the
    /// element marked itemprop="articleBody", else the element whose direct `p` children hold
    /// the most text.
    private static func article(among content: [XMLNode]) -> XMLNode? {
        let articles = content.filter { $0.isNamed("article", ignoringCase: true) }
        if let best = mostText(articles, measure: { paragraphs($0).reduce(0) { $0 + $1.count } }) { return best }
        if let marked = content.first(where: {
            ($0.attribute("itemprop", ignoringCase: true) ?? "").split(separator: " ").contains("articleBody")
        }) {
            return marked
        }
        return mostText(content) { element in
            element.elements.filter { $0.isNamed("p", ignoringCase: true) && !isBoilerplate($0) }
                .reduce(0) { $0 + TextCleanup.collapse($1.text(skipping: isBoilerplate)).count }
        }
    }

    /// The first of `candidates` with the largest positive measure.
    private static func mostText(_ candidates: [XMLNode], measure: (XMLNode) -> Int) -> XMLNode? {
        var best: (node: XMLNode, size: Int)?
        for candidate in candidates {
            let size = measure(candidate)
            if size > 0, size > best?.size ?? 0 { best = (candidate, size) }
        }
        return best?.node
    }

    private static func paragraphs(_ container: XMLNode) -> [String] {
        container.descendants(skipping: isBoilerplate).filter { $0.isNamed("p", ignoringCase: true) }
            .map { TextCleanup.collapse($0.text(skipping: isBoilerplate)) }
            .filter { !$0.isEmpty }
    }

    private static func firstText(named name: String, in elements: [XMLNode]) -> String? {
        elements.lazy.filter { $0.isNamed(name, ignoringCase: true) }
            .compactMap { TextCleanup.collapsedOrNil($0.text(skipping: Markup.isScript)) }.first
    }
}
