import VigieProtocol

/// A statement with no one addressed that answers an earlier event of the dispatch: a denial
/// answers whoever accused, a condemnation or a threat is aimed at whoever did the deed just told.
extension EventReader {
    /// Gives `cand` the party it answers, searched in this sentence's candidates (`earlier`) then
    /// in the dispatch's (`previous`), in place (concatenating them cost a copy per cue).
    func answerEarlier(_ cand: inout Candidate, _ s: Sentence, earlier: [Candidate], previous: [Candidate]) {
        guard cand.recipient.isEmpty, !cand.actor.isEmpty else { return }
        if cand.type == .reject,
            (cand.cueEnd..<min(s.range.upperBound, cand.cueEnd + 4)).contains(where: {
                EventReader.accusationStems.matches(tokens.folded(at: $0))
            })
        {
            // "Ce dernier réfute ces accusations": the rejection answers whoever accused.
            let mine = Set(cand.actor.compactMap(\.matchKey))
            let accused: (Candidate) -> Bool = {
                $0.type == .accuse && !$0.actor.isEmpty && Set($0.actor.compactMap(\.matchKey)).isDisjoint(with: mine)
            }
            if let accusation = earlier.last(where: accused) ?? previous.last(where: accused) {
                cand.recipient = accusation.actor
            }
        }
        if cand.type == .accuse || cand.type == .threaten {
            // "a dénoncé la furie destructrice", "a menacé les auteurs": the perpetrators just told.
            let mine = Set(cand.actor.map { ($0.matchKey ?? "") + $0.sector.rawValue })
            let perpetrated: (Candidate) -> Bool = {
                ($0.type == .assault || $0.type == .coerce) && !$0.actor.isEmpty && $0.kind != .mutual
                    && Set($0.actor.map { ($0.matchKey ?? "") + $0.sector.rawValue }).isDisjoint(with: mine)
            }
            if let deed = earlier.last(where: perpetrated) ?? previous.last(where: perpetrated) {
                cand.recipient = deed.actor
                cand.recipientImplied = true
            }
        }
    }

    /// Stems of the nouns a denial answers ("réfute ces accusations", "rejette les critiques").
    static let accusationStems: StemList = ["accusation", "allegation", "critique", "reproche", "imputation"]
}
