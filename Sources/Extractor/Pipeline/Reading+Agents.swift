import VigieProtocol

/// Who did a deed named by a noun or a participle: the agent after "par", the one a deed is
/// attributed to, the soldiers behind a fire that is itself the agent, the side of a clash no
/// lexicon names, the state someone is expelled from.
extension EventReader {
    /// "tués par des tirs de soldats ouzbèkes", "détruit par les frappes de l'aviation russe": the
    /// agent is a deed of violence (a noun the ASSAULT index knows) and its genitive names the doer.
    func weaponAgent(_ ms: [Mention], _ s: Sentence, after e: Int) -> Int? {
        let upper = min(s.range.upperBound, e + 4)
        guard let par = (e..<upper).first(where: { tokens.folded(at: $0) == "par" }) else { return nil }
        var k = par + 1
        if k < s.range.upperBound, MentionFinder.articles.contains(tokens.folded(at: k)) { k += 1 }
        guard k < s.range.upperBound,
            let deed = lex.assaultPredicates.first(at: k, in: tokens, limit: s.range.upperBound, { $0 })
        else { return nil }
        return ms.firstIndex {
            $0.start >= deed.end && $0.start <= deed.end + 2 && EventReader.genitivePreps.contains($0.prep)
                && isParticipant($0)
        }
    }

    /// "une attaque attribuée aux jihadistes", "des frappes aériennes attribuées à la coalition":
    /// the one a deed is attributed to is its doer (the participle within a few words of the cue).
    func attributedAgent(_ ms: [Mention], _ s: Sentence, after e: Int) -> Int? {
        let upper = min(s.range.upperBound, e + 4)
        guard
            let attributed = (e..<upper).first(where: { EventReader.attributionStems.matches(tokens.folded(at: $0)) })
        else { return nil }
        return ms.firstIndex {
            $0.start > attributed && $0.start <= attributed + 3 && ["à", "au", "aux"].contains($0.prep ?? "")
                && isParticipant($0)
        }
    }

    /// "Le putsch a été condamné par l'administration Obama": the agent of a passive verb after
    /// an event noun is the verb's (who condemned), not the noun's doer; one who claimed, led or
    /// carried out the deed ("a été revendiquée par", "a été menée par") is its doer.
    func agentOfAnotherVerb(_ s: Sentence, from e: Int, to agent: Int) -> Bool {
        guard e < agent,
            (e..<agent).contains(where: { EventReader.passiveAuxiliaries.contains(tokens.folded(at: $0)) }),
            let par = (e..<agent).last(where: { tokens.folded(at: $0) == "par" }), par > e
        else { return false }
        // ("a été décrété jeudi par": a date may sit between the participle and its agent.)
        return !(e..<par).contains { EventReader.doerParticiples.matches(tokens.folded(at: $0)) }
    }

    /// "par" and a participant within a few words after `e`, in the same clause: the agent of a participle.
    func agentFollows(_ s: Sentence, _ ms: [Mention], after e: Int) -> Bool {
        let ce = clauseEnd(s, after: e)
        return ms.contains { $0.prep == "par" && $0.start >= e && $0.start <= min(ce, e + 6) && isParticipant($0) }
    }

    /// "affrontements entre la police et des tribus de l'Amazonie": the side after "et" that no
    /// lexicon names still fought; it is described, so it takes the story's country later.
    func unnamedSide(_ ms: [Mention], after e: Int, upper: Int) -> Entity? {
        guard let first = ms.first(where: { $0.prep == "entre" && $0.start >= e && $0.start < upper }),
            first.end + 2 < tokens.count, tokens[first.end].folded == "et"
        else { return nil }
        var k = first.end + 1
        if MentionFinder.articles.contains(tokens[k].folded) || tokens[k].folded == "d'" { k += 1 }
        guard k < upper, tokens[k].kind == .word, !ms.contains(where: { $0.start > first.end && $0.start <= k }),
            !MentionFinder.prepositions.contains(tokens[k].folded)
        else { return nil }
        let head = surface(tokens[k].start, tokens[k].end)
        return Entity(text: head, name: head, country: nil, org: nil, sector: .unk, code: nil)
    }

    /// "un journaliste a été expulsé du Burkina Faso": in the passive with no agent, the state one
    /// is sent out of is the one who sends one out.
    func expellingState(_ ms: [Mention], after e: Int) -> Mention? {
        guard
            var state = ms.first(where: {
                $0.start >= e && $0.start <= e + 2 && ["de", "du", "d'"].contains($0.prep ?? "") && $0.kind == .named
                    && $0.entities.contains { $0.country != nil && $0.org == nil }
            })
        else { return nil }
        state.locative = false
        return state
    }

    /// "a rappelé son ambassadeur en France", "l'ambassadeur à Paris": the country a diplomat the
    /// cue names is posted in, right after the cue, is the one the recall or expulsion is aimed at.
    func diplomatsPost(_ ms: [Mention], cueStart c: Int, cueEnd e: Int) -> Mention? {
        guard (c..<e).contains(where: { EventReader.namesDiplomat(tokens.folded(at: $0)) }),
            var post = ms.first(where: {
                $0.start >= e && $0.start <= e + 1 && $0.locative && ["en", "à", "au", "aux"].contains($0.prep ?? "")
                    && $0.entities.contains { $0.country != nil }
            })
        else { return nil }
        post.locative = false
        return post
    }
}
