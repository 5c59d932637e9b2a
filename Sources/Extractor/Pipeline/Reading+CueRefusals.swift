import VigieProtocol

/// The rules that refuse a phrase found by the cue index, and the reading of a court's sentence:
/// each is a question about the words around one cue, asked by `cues(in:...)`.
extension EventReader {
    /// Words around a phrase that make it no event cue: a disputed noun, a duty read wrongly
    /// ("s'est tenu"), a title ("le conseiller"), an adjective or a noun qualifying another noun,
    /// what a blame is about.
    func notACue(_ p: PredicateEntry, _ m: PhraseMatch, _ s: Sentence, c: Int, v: Int, prevWord: String) -> Bool {
        // "les prétendues « manifestations »": the writer disputes what the noun says happened.
        if p.kind != .verb,
            (max(s.range.lowerBound, c - 2)..<c).contains(where: {
                EventReader.disputingWords.contains(tokens.folded(at: $0))
            })
        {
            return true
        }
        if ["tenu", "tenue", "tenus", "tenues"].contains(tokens[c].folded) {
            // "l'Azerbaïdjan est tenu de ...", not "le sommet s'est tenu" nor "tenu responsable".
            let before = c - 1 >= s.range.lowerBound ? tokens[c - 1].folded : ""
            let twoBefore = c - 2 >= s.range.lowerBound ? tokens[c - 2].folded : ""
            let after = c + 1 < s.range.upperBound ? tokens[c + 1].folded : ""
            if !["est", "sont", "etait", "etaient"].contains(before) || ["s'", "se"].contains(twoBefore)
                || after.hasPrefix("responsable") || after == "pour" || after == "a" || after == "à"
            {
                return true
            }
        }
        // "le conseiller du président", "l'ex-conseiller": a person's title, not advice given.
        if p.kind != .verb || ["ex", "-"].contains(prevWord), tokens[c].folded.hasPrefix("conseill"),
            !tokens[c].folded.hasPrefix("conseils")
        {
            return true
        }
        // "une « agression » menaçant l'existence du pays": a participle after a noun qualifies the noun.
        if p.kind == .verb, tokens[v].folded.hasSuffix("ant"), v > s.range.lowerBound,
            tokens[v - 1].folded == "»" || tokens[v - 1].folded == "\""
        {
            return true
        }
        // "très critique", "plus menaçant": an adjective.
        if EventReader.degreeAdverbs.contains(prevWord) { return true }
        // "une mission d'enquête", "la conséquence d'accusations": a noun qualifying another noun.
        if p.kind != .verb, prevWord == "d'" || prevWord == "de", c >= s.range.lowerBound + 2,
            tokens[c - 2].kind == .word, !EventReader.eventHeads.contains(tokens.folded(at: c - 2))
        {
            return true
        }
        // "se rejettent la responsabilité des attaques", "revendiqué la responsabilité de l'attentat": the deed
        // is told elsewhere; this is what the blame is about.
        if p.kind != .verb,
            (max(s.range.lowerBound, c - 3)..<c).contains(where: { tokens[$0].folded == "responsabilite" }),
            (max(s.range.lowerBound, c - 2)..<c).contains(where: {
                EventReader.genitiveWords.contains(tokens.folded(at: $0))
            })
        {
            return true
        }
        return false
    }

    /// Cues the words after or before them refuse: "un arrêté", sanctions nobody imposes, a
    /// blockade of no way, an infinitive opening a clause, "refuser d'imaginer", a summary of decades.
    func refusedByItsWords(_ p: PredicateEntry, _ m: PhraseMatch, _ s: Sentence, c: Int, v: Int) -> Bool {
        // "demande que X quittent le pouvoir", "s'opposaient à ce que la Belgique soutienne": the
        // content of a wish, a demand or a fear, not a deed told.
        if p.kind == .verb, wishedFor(s, c) { return true }
        // "les combats se sont arrêtés", "a arrêté de tirer", "un arrêté préfectoral": no arrest.
        if p.event == .coerce, tokens[c].folded.hasPrefix("arrete"),
            p.kind != .verb
                || (max(s.range.lowerBound, c - 3)..<c).contains(where: {
                    EventReader.reflexives.contains(tokens.folded(at: $0))
                })
                || (m.end < s.range.upperBound && ["de", "d'"].contains(tokens[m.end].folded))
        {
            return true
        }
        // "a adopté un paquet de sanctions", "impose des sanctions": sanctions are a deed only when imposed;
        // "passibles de lourdes sanctions", "la possibilité de sanctions" are not.
        if p.event == .sanction, p.kind == .noun,
            !(max(s.range.lowerBound, c - 6)..<c).contains(where: { k in
                EventReader.sanctionImposers.matches(tokens.folded(at: k))
            })
        {
            return true
        }
        // "ont bloqué l'autoroute", "bloque l'accès au corridor": a blockade of a way; "bloqué les efforts" is not.
        // The way may be a word of the cue itself ("bloquer l'accès à Internet").
        if p.event == .coerce, p.kind == .verb, tokens[c].folded.hasPrefix("bloqu"),
            !((c + 1)..<min(s.range.upperBound, m.end + 6)).contains(where: { k in
                EventReader.blockedWays.matches(tokens.folded(at: k))
            })
        {
            return true
        }
        // "bloquer un pays n'est pas acceptable": an infinitive opening a clause names no deed.
        if p.kind == .verb,
            c == s.range.lowerBound || tokens[c - 1].kind == .punct
                || ["mais", "et", "ou"].contains(tokens[c - 1].folded),
            ["er", "ir", "re"].contains(where: { tokens[v].folded.hasSuffix($0) }), tokens[v].folded.count > 4
        {
            return true
        }
        // "je refuse d'imaginer que": an opinion, not a refusal of anything asked.
        if p.event == .reject, m.end + 1 < s.range.upperBound, ["de", "d'"].contains(tokens[m.end].folded),
            ["imaginer", "croire", "penser", "concevoir"].contains(tokens[m.end + 1].folded)
        {
            return true
        }
        // "jugé pour sept meurtres", "inculpé d'assassinat", "jugé pour des meurtres précédés de
        // viol": the charges before a court, not deeds told (up to a punctuation mark, but for a
        // comma before "et" that adds a charge: "..., et de trois agressions").
        if p.kind == .noun {
            var k = c - 2
            while k > s.range.lowerBound, k >= c - 24,
                tokens[k + 1].kind != .punct || tokens[k + 1].isMark(",") && tokens.folded(at: k + 2) == "et"
            {
                if EventReader.chargeMarkers.contains(tokens.folded(at: k + 1)),
                    EventReader.chargeStems.matches(tokens.folded(at: k))
                {
                    return true
                }
                k -= 1
            }
        }
        // "se sont affrontés au cours des trois dernières décennies": a summary of history, no one event.
        if let k = (m.end..<min(s.range.upperBound, m.end + 20)).first(where: {
            tokens[$0].folded == "cours" && tokens[$0 - 1].folded == "au"
        }),
            (k + 1..<min(s.range.upperBound, k + 5)).contains(where: {
                EventReader.longPeriods.contains(tokens.folded(at: $0))
            })
        {
            return true
        }
        return false
    }

    /// "condamné à cinq ans de prison" is a court's sentence (SANCTION convict), "a condamné
    /// l'attaque" a condemnation (ACCUSE disapprove): the type, mode and CAMEO code of a cue,
    /// and whether a noun names the sentence.
    func courtSentence(_ p: PredicateEntry, _ m: PhraseMatch, _ s: Sentence, c: Int)
        -> (EventType, String?, String?, Bool)
    {
        var type = p.event
        var mode = p.mode
        var cameo = p.cameo
        var sentenceNoun = false
        if tokens[c].folded.hasPrefix("condamn"), type == .sanction || type == .accuse {
            // "condamné à cinq ans de prison", "a condamné la journaliste à dix ans": a court's sentence;
            // "condamné à l'échec", "a condamné à plusieurs reprises": a condemnation.
            let penalties: Set<String> = [
                "ans", "an", "mois", "jours", "prison", "peine", "amende", "mort", "perpetuite", "reclusion",
                "detention", "euros", "dollars", "travaux", "sursis",
            ]
            let upper = min(s.range.upperBound, m.end + 12)
            // A noun too: "la condamnation à deux ans de prison de l'opposant".
            let sentenced =
                (c + 1..<upper).contains(where: { a in
                    tokens[a].folded == "à"
                        && (a + 1..<min(upper, a + 6)).contains { penalties.contains(tokens[$0].folded) }
                })
            if sentenced {
                type = .sanction
                mode = "convict"
                cameo = "116"
                sentenceNoun = p.kind != .verb
            } else if type == .sanction {
                type = .accuse
                mode = "disapprove"
                cameo = "111"
            }
        }
        return (type, mode, cameo, sentenceNoun)
    }

    /// The cue at `c` sits in a "que" clause governed by a verb of wishing, demanding, refusing or
    /// fearing ("exige que", "souhaite que", "s'oppose à ce que", "craint que").
    /// "a arrêté les opérations", "a reçu des dates": a verb whose patient must be someone (an
    /// arrest, a reception) said of a thing: its object (the word after it, determiners skipped)
    /// is a common noun no mention covers. (The passive is left alone: its subject is often a
    /// person no lexicon holds, "le reporter a été arrêté".)
    func thingPatient(_ p: PredicateEntry, _ m: PhraseMatch, _ s: Sentence, _ ms: [Mention], c: Int) -> Bool {
        guard p.kind == .verb, m.end - m.start == 1, EventReader.personPatientStems.matches(tokens.folded(at: c))
        else { return false }
        func isThing(_ k: Int) -> Bool {
            k >= s.range.lowerBound && k < s.range.upperBound && tokens[k].kind == .word && !tokens[k].capitalized
                && !EventReader.determiners.contains(tokens.folded(at: k))
                && !MentionFinder.pronouns.contains(tokens.folded(at: k))
                && !ms.contains { $0.start <= k && k < $0.end }
        }
        var after = m.end
        while after < s.range.upperBound, EventReader.determiners.contains(tokens.folded(at: after)) { after += 1 }
        // "une vingtaine de manifestants", "de nombreux opposants": a quantity before the people.
        let someoneSoon = ms.contains { $0.prep == nil && $0.start > after && $0.start <= after + 3 }
        return after > m.end && isThing(after) && !someoneSoon
    }

    /// "des milliers de partisans réunis à Caracas pour protester contre le président": the purpose
    /// of a gathering told as done is the protest it was, not a wish.
    func protestOfGathering(_ p: PredicateEntry, _ s: Sentence, _ v: Int) -> Bool {
        guard p.event == .protest, p.kind == .verb, v > s.range.lowerBound, tokens[v - 1].folded == "pour" else {
            return false
        }
        var k = v - 2
        while k >= s.range.lowerBound, k >= v - 8 {
            let f = tokens.folded(at: k)
            if tokens[k].kind == .punct && f != "," { return false }
            if EventReader.gatheringParticiples.contains(f) { return true }
            k -= 1
        }
        return false
    }

    /// "un nouveau signe de mépris", "plusieurs livres": a verb form that is also a noun of no
    /// event (folded, "signé" is "signe" and "livrés" is "livres"), read as the noun after a
    /// determiner, a quantifier or an adjective that goes before nouns.
    func nounHomograph(_ s: Sentence, _ v: Int) -> Bool {
        guard v > s.range.lowerBound, EventReader.nounHomographs.contains(tokens.folded(at: v)) else { return false }
        let before = tokens.folded(at: v - 1)
        return EventReader.determiners.contains(before) || EventReader.nounPreceders.contains(before)
    }

    /// "l'ancienne Première ministre ukrainienne est arrivée à Kiev": coming to a place of one's own
    /// country is a return home, not a visit.
    func homecoming(_ cand: Candidate, _ ms: [Mention]) -> Bool {
        guard cand.type == .consult, cand.mode == "visit", cand.recipient.isEmpty else { return false }
        let countries = Set(cand.actor.compactMap(\.country))
        // The place after the cue, else the place of the sentence ("A Maïdan, l'opposante a été accueillie").
        guard !countries.isEmpty,
            let place = ms.first(where: {
                $0.locative && $0.start >= cand.cueEnd && $0.start <= cand.cueEnd + 10 && $0.placeCountry != nil
            })?.placeCountry ?? cand.place?.country
        else { return false }
        return countries == [place]
    }

    /// "un avion a rejoint Mogadiscio", "rejoindre les Maldives": to reach a state or its capital
    /// is to go there; one joins an alliance, a court or a side ("a rejoint la Cour pénale
    /// internationale").
    func placeReached(_ p: PredicateEntry, _ s: Sentence, _ ms: [Mention], v: Int) -> Bool {
        guard p.event == .support, p.kind == .verb, EventReader.joiningStems.matches(tokens.folded(at: v)),
            let reached = ms.first(where: { $0.start > v && $0.start <= v + 4 && isParticipant($0) })
        else { return false }
        return reached.kind == .named && !reached.entities.isEmpty
            && reached.entities.allSatisfy { $0.org == nil && $0.sector == .gov }
    }

    func wishedFor(_ s: Sentence, _ c: Int) -> Bool {
        var k = c - 1
        while k > s.range.lowerBound, k >= c - 8 {
            let f = tokens.folded(at: k)
            if f == "." || f == ";" { return false }
            if f == "que" || f == "qu'" {
                // "pour qu'il suspende la réforme": a purpose, not a deed.
                if k > s.range.lowerBound, EventReader.purposeWords.contains(tokens.folded(at: k - 1)) { return true }
                return (max(s.range.lowerBound, k - 3)..<k).contains {
                    EventReader.wishStems.matches(tokens.folded(at: $0))
                }
            }
            k -= 1
        }
        return false
    }
}
