import Foundation

extension AnnotatedDocument {
    /// The document as one JSON object (`vigie annotate --format jsonl`, read by
    /// `scripts/language/parity.py`): `id`, `text`, and per token its UTF-8 `start`/`end`,
    /// `text`, `lemma`, `pos`, `morph`, `head` (document index), `dep`, `space`, `ent_iob`,
    /// `ent_type` and `sent_start`.
    public func jsonLine(id: String) -> String {
        let starts = Set(sentences.compactMap(\.first))
        let rows: [[String: Any]] = tokens.enumerated().map { index, token in
            [
                "start": token.start, "end": token.end, "text": token.form, "lemma": token.lemma, "pos": token.pos,
                "morph": token.features, "head": token.head, "dep": token.relation, "space": token.spaceAfter,
                "ent_iob": token.entity.position.rawValue, "ent_type": token.entity.label,
                "sent_start": starts.contains(index),
            ]
        }
        let object: [String: Any] = ["id": id, "text": text, "tokens": rows]
        // Only strings, numbers and booleans: serialization cannot fail.
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
