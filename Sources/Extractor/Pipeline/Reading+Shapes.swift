/// Small readings of sentence shapes the cue and attribution rules ask for.
extension EventReader {
    /// "s'est rendu en Estonie pour rencontrer les soldats français": the host of a visit is the
    /// country visited, not the visitor's own people met there.
    func hostOfVisit(_ cand: inout Candidate, _ ms: [Mention]) {
        guard cand.type == .consult, cand.mode == "visit", !cand.actor.isEmpty, !cand.recipient.isEmpty else { return }
        let actorCountries = Set(cand.actor.compactMap(\.country))
        guard Set(cand.recipient.compactMap(\.matchKey)).isSubset(of: cand.actor.compactMap(\.matchKey)),
            let host = ms.first(where: {
                $0.locative && $0.start >= cand.cueStart && $0.start <= cand.cueEnd + 2
                    && $0.entities.contains { $0.country.map { !actorCountries.contains($0) } ?? false }
            })
        else { return }
        cand.recipient = host.entities.filter { $0.country != nil }
    }

    /// Whether the participle at `v` follows "d'avoir" or "d'avoir été" ("accuse X d'avoir violé").
    func afterPastInfinitiveMarker(_ s: Sentence, _ v: Int) -> Bool {
        var k = v - 1
        if k > s.range.lowerBound, tokens.folded(at: k) == "ete" { k -= 1 }
        guard k > s.range.lowerBound, tokens.folded(at: k) == "avoir" else { return false }
        return ["de", "d'"].contains(tokens.folded(at: k - 1))
    }

    /// Verbs by which a deed named as a noun reaches its target ("a visé", "a touché", "a ciblé").
    static let hitVerbs: FoldedSet = [
        "vise", "visait", "touche", "touchait", "cible", "ciblait", "frappe", "frappait", "atteint", "atteignait",
    ]

    /// The direct object of "a visé", "a touché" right after a noun cue ending at `e`, when it names
    /// a participant.
    func targetOfHitVerb(_ ms: [Mention], _ s: Sentence, after e: Int) -> [Mention]? {
        var k = e
        // Complements of the noun may sit between ("un attentat à la voiture piégée a visé").
        while k < min(s.range.upperBound, e + 6), !EventReader.avoirAuxiliaries.contains(tokens.folded(at: k)) {
            if tokens[k].kind == .punct { return nil }
            k += 1
        }
        guard k + 1 < s.range.upperBound, EventReader.avoirAuxiliaries.contains(tokens.folded(at: k)),
            EventReader.hitVerbs.contains(tokens.folded(at: k + 1)),
            let idx = ms.firstIndex(where: {
                $0.start > k + 1 && $0.start <= k + 4 && $0.prep == nil && isParticipant($0)
                    && $0.entities.contains { $0.matchKey != nil }
            })
        else { return nil }
        return coordinatedRight(ms, idx, upper: s.range.upperBound)
    }
}
