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
}
