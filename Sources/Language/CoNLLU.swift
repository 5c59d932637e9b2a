/// CoNLL-U (Universal Dependencies' format) for an ``AnnotatedDocument``: for each sentence a
/// `# text = ...` line and one line per token with the ten standard columns (ID, FORM, LEMMA,
/// UPOS, XPOS, FEATS, HEAD, DEPREL, DEPS, MISC), then a blank line.
///
/// XPOS repeats UPOS (the model's attribute ruler sets TAG from POS). DEPREL "ROOT" is written
/// "root" as UD spells it. MISC holds `NER=B-PER` / `I-PER` / `O` and `SpaceAfter=No` where no
/// space follows. White-space tokens (line breaks, runs of spaces) keep their place: their form
/// and lemma write "\n", "\t" and "\r" as those two-character escapes so that a line stays a
/// line, and a space inside a form stays a space (UD v2 allows it).
public enum CoNLLU {
    /// The CoNLL-U text of `document`.
    public static func format(_ document: AnnotatedDocument, documentID: String? = nil) -> String {
        var out = ""
        if let documentID { out += "# newdoc id = \(escape(documentID))\n" }
        for (number, sentence) in document.sentences.enumerated() {
            guard let first = sentence.first, let last = sentence.last else { continue }
            let text = sentenceText(document, first: first, last: last)
            if documentID != nil { out += "# sent_id = \(escape(documentID!))-\(number + 1)\n" }
            out += "# text = \(text)\n"
            for index in sentence {
                out += line(document.tokens[index], index: index, sentenceStart: first, sentence: sentence)
            }
            out += "\n"
        }
        return out
    }

    private static func sentenceText(_ document: AnnotatedDocument, first: Int, last: Int) -> String {
        let utf8 = document.text.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: document.tokens[first].start)
        let end = utf8.index(utf8.startIndex, offsetBy: document.tokens[last].end)
        // One line: any line break inside the sentence becomes a space; none at the end.
        var text = String(document.text[start..<end].map { $0.isNewline ? " " : $0 })
        while text.last?.isWhitespace == true { text.removeLast() }
        return text
    }

    private static func line(_ token: AnnotatedToken, index: Int, sentenceStart: Int, sentence: Range<Int>) -> String {
        let head = token.head == index || !sentence.contains(token.head) ? 0 : token.head - sentenceStart + 1
        let relation = head == 0 ? "root" : token.relation
        var misc = ["NER=\(token.entity)"]
        if !token.spaceAfter { misc.append("SpaceAfter=No") }
        let columns = [
            String(index - sentenceStart + 1), escape(token.form), escape(token.lemma), field(token.pos),
            field(token.pos), field(token.features), String(head), field(relation), "_", misc.joined(separator: "|"),
        ]
        return columns.joined(separator: "\t") + "\n"
    }

    private static func field(_ value: String) -> String { value.isEmpty ? "_" : value }

    private static func escape(_ value: String) -> String {
        guard !value.isEmpty else { return "_" }
        var out = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
