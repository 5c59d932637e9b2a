/// The wire formats recognised from a file's content.
public enum WireFormat: String, Sendable, Hashable, CaseIterable {
    /// Anything that is not one of the formats below: read as a plain-text dispatch.
    case text
    /// IPTC NewsML-G2 2.x: a `newsMessage` or a lone `newsItem`.
    case newsmlG2 = "newsml-g2"
    /// NITF 3.x.
    case nitf
    /// IPTC ninjs 1.x or 2.0 (JSON).
    case ninjs
    /// An HTML page holding one article.
    case html
}

/// One story item found in a file.
public struct WireItem: Sendable, Hashable {
    /// The headline, whitespace collapsed.
    public var headline: String?
    /// The body paragraphs: inner whitespace collapsed to single spaces, trimmed, empty ones dropped.
    public var paragraphs: [String]
    /// "YYYY-MM-DD" when the format gives a day (the date part of a datetime as written, no
    /// time zone conversion).
    public var published: String?
    /// The place of the dateline ("PARIS" for "PARIS, 19 septembre (AFP) -").
    public var dateline: String?
    /// The language as given: "fr", "fr-FR", ...
    public var language: String?
    /// The story identifier: NewsML-G2 guid, NITF doc-id, ninjs uri.
    public var story: String?
    /// The version of the story: NewsML-G2 newsItem@version, NITF du-key@version, ninjs version.
    public var version: Int?
    /// Who supplied the item, as the format names it.
    public var provider: String?

    /// An item; every field but the paragraphs is optional.
    public init(
        headline: String? = nil, paragraphs: [String] = [], published: String? = nil, dateline: String? = nil,
        language: String? = nil, story: String? = nil, version: Int? = nil, provider: String? = nil
    ) {
        self.headline = headline
        self.paragraphs = paragraphs
        self.published = published
        self.dateline = dateline
        self.language = language
        self.story = story
        self.version = version
        self.provider = provider
    }

    /// The text the coder reads: the headline, a blank line, then the paragraphs separated by
    /// blank lines ("\n\n"). Headline omitted (no leading blank line) when absent.
    public var text: String {
        var parts: [String] = []
        if let headline, !headline.isEmpty { parts.append(headline) }
        parts.append(contentsOf: paragraphs)
        return parts.joined(separator: "\n\n")
    }

    /// Whether there is anything to code: a headline or a paragraph.
    var hasText: Bool {
        !(headline ?? "").isEmpty || !paragraphs.isEmpty
    }
}

/// What a wire file holds: its format, the items read and those refused.
public struct WireDocument: Sendable, Hashable {
    /// The detected format.
    public var format: WireFormat
    /// The items read, in document order.
    public var items: [WireItem]
    /// Items that could not be read (e.g. no text), the good ones are still in `items`.
    public var rejected: [WireError]

    /// A document of `format` with `items`, and the `rejected` ones.
    public init(format: WireFormat, items: [WireItem], rejected: [WireError] = []) {
        self.format = format
        self.items = items
        self.rejected = rejected
    }
}
