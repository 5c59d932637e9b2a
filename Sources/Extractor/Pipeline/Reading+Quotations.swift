import VigieProtocol

/// Who speaks inside a quotation: "nous" and "je" in quoted words are the speaker who opened the
/// quotation, in the same sentence or several sentences before while it stays open
/// ("Washington a réagi : « Nous sommes troublés. Nous condamnons l'usage de la force. »").
extension EventReader {
    /// The quotation open at some point of the text: who speaks in it (empty when the text does not say).
    struct Quotation {
        var speaker: [Entity]
    }

    /// A mark that opens a quotation, closes one, or (a straight quote) toggles.
    enum QuoteMark {
        case opening, closing, toggle
    }

    func quoteMark(_ k: Int) -> QuoteMark? {
        guard tokens[k].kind == .punct else { return nil }
        if tokens[k].isMark("«") || tokens[k].isMark("“") { return .opening }
        if tokens[k].isMark("»") || tokens[k].isMark("”") { return .closing }
        if tokens[k].isMark("\"") { return .toggle }
        return nil
    }

    /// The speaker of a quotation opening at `q`: the subject before it ("X a déclaré : « ... »"),
    /// or the one a reporting clause names after it ("« ... », a déclaré X").
    func speaker(openingAt q: Int, _ s: Sentence, _ ms: [Mention]) -> [Entity] {
        if let subject = ms.first(where: {
            $0.end <= q && $0.prep == nil && ($0.kind == .named || $0.kind == .group) && isParticipant($0)
                && $0.entities.contains { $0.matchKey != nil }
        }) {
            return subject.entities
        }
        return reportingSpeaker(ms, s, after: q) ?? []
    }

    /// The quotation open just before token `k` of `s`, given the one open when `s` began.
    func quotation(before k: Int, _ s: Sentence, _ ms: [Mention], open: Quotation?) -> Quotation? {
        // Marks first, the speaker only of the quotation still open at `k` (finding one costs more).
        var isOpen = open != nil
        var openedAt: Int?
        for i in s.range.lowerBound..<k where tokens[i].kind == .punct {
            switch quoteMark(i) {
            case .opening: (isOpen, openedAt) = (true, i)
            case .closing: (isOpen, openedAt) = (false, nil)
            case .toggle: (isOpen, openedAt) = isOpen ? (false, nil) : (true, i)
            case nil: break
            }
        }
        guard isOpen else { return nil }
        return openedAt.map { Quotation(speaker: speaker(openingAt: $0, s, ms)) } ?? open
    }

    /// "nous" and "je" inside a quotation whose speaker is known refer to that speaker.
    func resolveQuotedSpeakers(_ ms: inout [Mention], _ s: Sentence, open: Quotation?) {
        for k in ms.indices where ms[k].kind == .pronoun {
            guard EventReader.firstPersonPronouns.contains(tokens.folded(at: ms[k].start)),
                let quotation = quotation(before: ms[k].start, s, ms, open: open), !quotation.speaker.isEmpty
            else { continue }
            ms[k].entities = quotation.speaker
        }
    }

    /// The first-person pronouns a speaker uses of themself or of those they speak for.
    static let firstPersonPronouns: FoldedSet = ["nous", "je"]
}
