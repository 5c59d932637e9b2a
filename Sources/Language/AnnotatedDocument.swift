/// One document as the French analysis reads it: tokens with their lemma, part of speech,
/// features, syntactic head and relation, and entity tag; the sentences the parser found; the
/// named entities.
public struct AnnotatedDocument: Sendable, Hashable {
    /// The text analysed.
    public var text: String
    /// The tokens, in text order.
    public var tokens: [AnnotatedToken]
    /// Each sentence as a range of token indices, in order, covering every token.
    public var sentences: [Range<Int>]
    /// The named entities, in text order.
    public var entities: [NamedEntity]

    public init(text: String, tokens: [AnnotatedToken], sentences: [Range<Int>], entities: [NamedEntity]) {
        self.text = text
        self.tokens = tokens
        self.sentences = sentences
        self.entities = entities
    }

    /// The text of token `index`.
    public func form(_ index: Int) -> Substring {
        let token = tokens[index]
        let utf8 = text.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: token.start)
        return text[start..<utf8.index(start, offsetBy: token.end - token.start)]
    }
}

/// One token of an ``AnnotatedDocument``.
public struct AnnotatedToken: Sendable, Hashable {
    /// UTF-8 byte offset of the first byte in the document's text.
    public var start: Int
    /// UTF-8 byte offset just past the last byte.
    public var end: Int
    /// The text of the token.
    public var form: String
    /// Its lemma ("être" for "étaient").
    public var lemma: String
    /// Its universal part of speech (UPOS: "NOUN", "VERB", "PROPN"...; "SPACE" for white space).
    public var pos: String
    /// Its morphological features in CoNLL-U order ("Gender=Fem|Number=Sing"), "" for none.
    public var features: String
    /// The index of its syntactic head in the document; a sentence's root is its own head.
    public var head: Int
    /// The dependency relation to its head ("nsubj", "obj", "obl:arg"...; "ROOT" for a root).
    public var relation: String
    /// Its entity tag.
    public var entity: EntityTag
    /// Whether one space follows it in the text.
    public var spaceAfter: Bool

    public init(
        start: Int, end: Int, form: String, lemma: String, pos: String, features: String, head: Int,
        relation: String, entity: EntityTag, spaceAfter: Bool
    ) {
        self.start = start
        self.end = end
        self.form = form
        self.lemma = lemma
        self.pos = pos
        self.features = features
        self.head = head
        self.relation = relation
        self.entity = entity
        self.spaceAfter = spaceAfter
    }
}

/// A token's place in a named entity (IOB: begins one, inside one, outside any) and the
/// entity's label ("PER", "LOC", "ORG", "MISC"; "" outside).
public struct EntityTag: Sendable, Hashable, CustomStringConvertible {
    /// Where the token stands relative to an entity.
    public enum Position: String, Sendable, Hashable {
        case begin = "B"
        case inside = "I"
        case outside = "O"
    }

    public var position: Position
    public var label: String

    public init(position: Position, label: String) {
        self.position = position
        self.label = label
    }

    /// Outside any entity.
    public static let outside = EntityTag(position: .outside, label: "")

    /// "B-PER", "I-ORG" or "O".
    public var description: String {
        position == .outside ? "O" : "\(position.rawValue)-\(label)"
    }
}

/// A named entity: a run of tokens and its label.
public struct NamedEntity: Sendable, Hashable {
    /// Token indices, end exclusive.
    public var tokens: Range<Int>
    /// "PER", "LOC", "ORG" or "MISC".
    public var label: String

    public init(tokens: Range<Int>, label: String) {
        self.tokens = tokens
        self.label = label
    }
}
