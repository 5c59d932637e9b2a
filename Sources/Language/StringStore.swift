/// spaCy's string ids: the number of a symbol for the few hundred symbol names spaCy reserves
/// ("aux", "det", "NOUN", "ORTH"...), 0 for the empty string, MurmurHash64A of the UTF-8 bytes
/// otherwise (`spacy.strings.get_string_id`). Every lexical feature and lemma table of the model
/// is keyed this way, so "aux" must map to its symbol, not to its hash.
package struct StringStore: Sendable {
    private let symbols: [Substring: UInt64]
    private let longestSymbol: Int

    /// The store with the symbols the converter exported from spaCy.
    package init(symbols: [String: UInt64]) {
        var table: [Substring: UInt64] = [:]
        for (name, value) in symbols { table[Substring(name)] = value }
        self.symbols = table
        longestSymbol = symbols.keys.map(\.utf8.count).max() ?? 0
    }

    /// The id of `text`.
    package func id(_ text: Substring) -> UInt64 {
        let length = text.utf8.count
        if length == 0 { return 0 }
        if length <= longestSymbol, let symbol = symbols[text] { return symbol }
        return StringHash.id(text)
    }

    /// The id of `text`.
    package func id(_ text: String) -> UInt64 { id(Substring(text)) }
}
