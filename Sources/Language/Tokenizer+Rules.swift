/// `tokenizer.json` as scripts/language/export_tokenizer.py writes it (see its docstring).
struct TokenizerFile: Decodable {
    /// An alternative: set indexes for the lookbehind and lookahead, `[set, min, max]` items.
    struct Rule: Decodable {
        var behind: [Int]
        var body: [[Int]]
        var ahead: [Int]
        var ahead_negative: Bool
    }

    struct URLMatch: Decodable {
        var grammar: String
        var scheme: Int
        var digit: Int
        var host: Int
        var tld: Int
    }

    struct Special: Decodable {
        struct Piece: Decodable {
            var orth: String
            var norm: String?
        }

        var text: String
        var pieces: [Piece]
    }

    struct MatcherPattern: Decodable {
        var text: String
        var orths: [String]
    }

    var format: Int
    var faster_heuristics: Bool
    var max_cache_size: Int
    var space: Int
    var prefixes: [Rule]
    var suffixes: [Rule]
    var infixes: [Rule]
    var token_match: [Rule]
    var url_match: URLMatch
    var specials: [Special]
    var matcher_patterns: [MatcherPattern]
    var lexeme_norms: [String: String]
    /// Each set as inclusive `[first, last]` code point ranges.
    var sets: [[[UInt32]]]
}

extension TokenizerRules {
    /// The format of tokenizer.json this reads.
    static let fileFormat = 1

    static func damaged(_ what: String) -> LanguageError {
        LanguageError(code: .modelDamaged, message: "tokenizer.json: \(what); \(LanguageError.installHint)")
    }

    /// The rules of a decoded tokenizer.json, checked.
    convenience init(file: TokenizerFile) throws(LanguageError) {
        guard file.format == Self.fileFormat else {
            throw Self.damaged("format \(file.format), expected \(Self.fileFormat)")
        }
        guard file.url_match.grammar == "spacy-url-1" else { throw Self.damaged("unknown URL grammar") }
        var reader = try PatternReader(sets: file.sets)
        let affixes = AffixRules(
            prefixes: try reader.read(file.prefixes, anchoredEnd: false),
            suffixes: try reader.read(file.suffixes, anchoredEnd: true),
            infixes: try reader.read(file.infixes, anchoredEnd: false))
        let tokenMatch = TokenMatcher(alternatives: try reader.read(file.token_match, anchoredEnd: true))
        let space = try reader.set(file.space)
        let url = URLGrammar(
            space: space, scheme: try reader.set(file.url_match.scheme), digit: try reader.set(file.url_match.digit),
            host: try reader.set(file.url_match.host), tld: try reader.set(file.url_match.tld))
        var norms = try NormTable(lexemeNorms: file.lexeme_norms)
        let specials = try SpecialCases(file: file, norms: &norms)
        self.init(
            space: space, affixes: affixes, tokenMatch: tokenMatch, url: url, specials: specials, norms: norms,
            cache: ChunkCache(capacity: max(0, file.max_cache_size)))
    }
}

/// Builds the patterns of tokenizer.json, checking every index and count.
private struct PatternReader {
    private var sets: [ScalarSet] = []
    /// Patterns are numbered across all lists (the number tags their remembered runs).
    private var nextID = 0

    init(sets ranges: [[[UInt32]]]) throws(LanguageError) {
        for set in ranges {
            guard set.allSatisfy({ $0.count == 2 && $0[0] <= $0[1] && $0[1] <= 0x10_FFFF }) else {
                throw TokenizerRules.damaged("bad character set")
            }
            sets.append(ScalarSet(ranges: set.map { $0[0]...$0[1] }))
        }
    }

    func set(_ index: Int) throws(LanguageError) -> ScalarSet {
        guard sets.indices.contains(index) else { throw TokenizerRules.damaged("unknown set \(index)") }
        return sets[index]
    }

    mutating func read(_ rules: [TokenizerFile.Rule], anchoredEnd: Bool) throws(LanguageError) -> [TokenizerPattern] {
        var out: [TokenizerPattern] = []
        for rule in rules {
            guard rule.body.count < TokenizerPattern.maxItems else { throw TokenizerRules.damaged("rule too long") }
            var items: [TokenizerPattern.Item] = []
            for item in rule.body {
                guard item.count == 3, item[1] >= 0, item[2] == -1 || item[2] >= max(item[1], 1) else {
                    throw TokenizerRules.damaged("bad rule item \(item)")
                }
                items.append(
                    TokenizerPattern.Item(set: try set(item[0]), min: item[1], max: item[2] == -1 ? .max : item[2]))
            }
            var behind: [ScalarSet] = []
            for index in rule.behind { behind.append(try set(index)) }
            var ahead: [ScalarSet] = []
            for index in rule.ahead { ahead.append(try set(index)) }
            nextID += 1
            out.append(
                TokenizerPattern(
                    id: nextID, behind: behind, items: items, ahead: ahead, aheadNegative: rule.ahead_negative,
                    anchoredEnd: anchoredEnd))
        }
        return out
    }
}

/// The norms tables give: spaCy's lexeme norm table (BASE_NORMS: « -> ", … -> ...) and the
/// special cases' NORM. Tokens hold an index in `strings` (-1: none, the norm is the lowercase).
struct NormTable: Sendable {
    private(set) var strings: [String] = []
    private var indexes: [String: Int32] = [:]
    /// The lexeme table's texts, and for each its norm's index.
    private let lexemes: ByteTable
    private var lexemeNorms: [Int32] = []
    /// First bytes of the lexeme table's texts (a quick test before hashing).
    private let firstBytes: ScalarSet

    init(lexemeNorms table: [String: String]) throws(LanguageError) {
        let keys = table.keys.sorted()
        guard !keys.contains("") else { throw TokenizerRules.damaged("empty lexeme norm key") }
        lexemes = ByteTable(keys: keys.map { Array($0.utf8) })
        firstBytes = ScalarSet(ranges: keys.map { UInt32($0.utf8.first!)...UInt32($0.utf8.first!) })
        for key in keys { lexemeNorms.append(intern(table[key]!)) }
    }

    /// The index of `norm` in `strings`, added if new.
    mutating func intern(_ norm: String) -> Int32 {
        if let index = indexes[norm] { return index }
        strings.append(norm)
        indexes[norm] = Int32(strings.count - 1)
        return Int32(strings.count - 1)
    }

    /// The index of the lexeme norm of the `count` bytes at `text`, or -1.
    @inline(__always)
    func lexeme(_ text: UnsafePointer<UInt8>, _ count: Int) -> Int32 {
        guard count <= lexemes.maxLength, firstBytes.contains(UInt32(text[0])), let k = lexemes.find(text, count)
        else { return -1 }
        return lexemeNorms[k]
    }

    /// The index of the lexeme norm of `text`, or -1.
    func lexeme(_ text: String) -> Int32 {
        var text = text
        return text.withUTF8 { $0.isEmpty ? -1 : lexeme($0.baseAddress!, $0.count) }
    }
}

extension Tokenizer {
    /// What spaCy's matchers say about the whole of `text`, in code points: `token_match`,
    /// `url_match`, `find_prefix`, `find_suffix` and `find_infix` (for the tests).
    func probe(_ text: String) -> (tokenMatch: Bool, url: Bool, prefix: Int, suffix: Int, infixes: [Range<Int>]) {
        let scalars = text.unicodeScalars.map(\.value)
        return scalars.withUnsafeBufferPointer { buffer in
            // A valid pointer even for the empty string.
            let s = buffer.baseAddress ?? UnsafePointer(bitPattern: MemoryLayout<UInt32>.alignment)!
            let count = buffer.count
            var infixes: [Range<Int>] = []
            rules.affixes.infixes(s, lo: 0, hi: count, into: &infixes)
            return (
                rules.tokenMatch.matches(s, lo: 0, hi: count), rules.url.matches(s, lo: 0, hi: count),
                rules.affixes.prefixLength(s, lo: 0, hi: count), rules.affixes.suffixLength(s, lo: 0, hi: count),
                infixes
            )
        }
    }
}
