import VigieProtocol

extension MentionFinder {
    /// "Moussa Traoré, chef de l'opposition togolaise, a dénoncé": a name no lexicon holds, set
    /// off by an apposition that says who the person is, becomes a participant where the name
    /// stands, with the apposition's country and sector; the apposition itself is then an aside.
    func appositionNames(_ found: [Mention], in s: Sentence) -> [Mention] {
        var out = found
        let limit = s.range.upperBound
        func covered(_ k: Int) -> Bool { out.contains { $0.start <= k && k < $0.end } }
        var i = s.range.lowerBound
        while i < limit {
            guard tokens[i].kind == .word, tokens[i].capitalized, !covered(i) else {
                i += 1
                continue
            }
            var j = i
            while j < limit, tokens[j].kind == .word, tokens[j].capitalized, !covered(j),
                !MentionFinder.articles.contains(tokens[j].folded)
            {
                j += 1
            }
            defer { i = max(j, i + 1) }
            // A first and a last name (or three words); a longer run opens with another word
            // ("Selon Moussa Traoré").
            guard j - i >= 2, j < limit, tokens[j].folded == "," else { continue }
            let nameStart = max(i, j - 3)
            // The apposition runs to the next comma, within a few words.
            guard let close = (j + 1..<min(limit, j + 12)).first(where: { tokens[$0].folded == "," }),
                let k = out.firstIndex(where: {
                    $0.start > j && $0.end <= close && ($0.kind == .group || $0.kind == .adjective)
                        && $0.entities.first?.country != nil
                }),
                let who = out[k].entities.first
            else { continue }
            let name = String(decoding: text[tokens[nameStart].start..<tokens[j - 1].end], as: UTF8.self)
            let person = Entity(
                text: name, name: name, country: who.country, org: who.org, sector: who.sector,
                code: who.country.map { $0 + who.sector.rawValue })
            for m in out.indices where out[m].start > j && out[m].end <= close { out[m].inParens = true }
            let mention = Mention(
                start: nameStart, end: j, sentence: out[k].sentence, kind: .named, entities: [person],
                prep: preposition(before: nameStart, sentenceStart: s.range.lowerBound))
            out.insert(mention, at: out.firstIndex(where: { $0.start > nameStart }) ?? out.endIndex)
        }
        return out
    }

    /// A mention written in capitals only ("BRUXELLES", "KIEV"), as datelines are.
    func inCapitals(_ m: Mention) -> Bool {
        (m.start..<m.end).allSatisfy { tokens[$0].upper || tokens[$0].kind == .punct }
    }
}
