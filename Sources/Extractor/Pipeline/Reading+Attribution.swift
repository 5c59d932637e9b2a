import Foundation
import VigieProtocol

/// Who did what to whom: the actor, the recipient and the claimant of a cue, the mode its words refine.
extension EventReader {
    /// The mode and CAMEO code the words after the cue give ("cessez-le-feu": yield; "négociations": meet).
    func refineMode(_ cand: inout Candidate, _ s: Sentence) {
        let upper = min(s.range.upperBound, cand.cueEnd + 25)
        let lower = cand.type == .consult ? max(s.range.lowerBound, cand.cueStart - 6) : cand.cueEnd
        var k = lower
        while k < upper {
            for m in lex.complements.matches(at: k, in: tokens, limit: s.range.upperBound) {
                let c = lex.lexicon.complements[m.payload]
                if c.event == cand.type {
                    cand.mode = c.mode
                    if let cameo = c.cameo { cand.cameo = cameo }
                    return
                }
            }
            k += 1
        }
    }

    /// Who reports the event: "selon X", "X a annoncé que ...", "..., a indiqué X".
    /// `start` is `clauseStart(s, cand.cueStart)`.
    func claims(_ cand: inout Candidate, _ s: Sentence, _ ms: [Mention], clauseStart start: Int) {
        if !cand.claimedBy.isEmpty { return }
        if let sel = ms.first(where: { $0.prep == "selon" && isParticipant($0) }) {
            cand.claimedBy = EventReader.entities([sel])
        } else {
            if start > s.range.lowerBound {
                // The speech verb before "que".
                var k = start - 2
                var n = 0
                while k >= s.range.lowerBound && n < 5 {
                    let w = tokens[k].folded
                    if EventReader.speechVerbs.contains(w) || w.hasPrefix("annonc") || w.hasPrefix("declar")
                        || w.hasPrefix("affirm") || w.hasPrefix("indiqu") || w.hasPrefix("rapport")
                    {
                        let cs = clauseStart(s, k)
                        if let subj = subject(ms, before: k, clauseStart: cs) {
                            cand.claimedBy = EventReader.entities(subj)
                        }
                        break
                    }
                    k -= 1
                    n += 1
                }
            }
        }
        if cand.claimedBy.isEmpty { return }
        let actorKeys = Set(cand.actor.compactMap(\.matchKey))
        cand.claimedBy.removeAll { $0.matchKey != nil && actorKeys.contains($0.matchKey!) && cand.actor.count == 1 }
        if !cand.claimedBy.isEmpty { cand.confidence -= 0.05 }
    }

    /// Actor and recipient of a cue, from its clause, its noun complements, or the discourse.
    /// `cueClauseStart` is `clauseStart(s, cand.cueStart)`.
    func attribute(
        _ cand: inout Candidate, _ s: Sentence, _ ms: [Mention], _ earlier: [Candidate], discourse: Discourse,
        clauseStart cueClauseStart: Int
    ) {
        let c = cand.cueStart
        let e = cand.cueEnd
        let cs = cueClauseStart
        let ce = clauseEnd(s, after: e)
        var actor: [Mention]?
        var recipient: [Mention]?

        // Passive: "ont été tués", "a été accueilli par", "sont appelés à", "se voient refuser".
        var passive = cand.kind == .verb && passiveVoice(s, c, cand.type)
        // "des réservistes ont été rappelés": a cue that opens on its object ends on "été" and the participle.
        if cand.kind == .verb, e - 1 > c, ["ete", "etre", "fut"].contains(tokens.folded(at: e - 2)) { passive = true }
        // "ont péri", "ont perdu la vie": the subject is the victim, as in a passive.
        if cand.kind == .verb, EventReader.victimVerbs.contains(tokens[c].folded) { passive = true }
        if cand.undergone { passive = true }
        var agentIdx =
            ms.firstIndex { $0.prep == "par" && $0.start >= e && $0.start <= e + 12 && isParticipant($0) }
            ?? weaponAgent(ms, s, after: e) ?? attributedAgent(ms, s, after: e)
        if cand.kind != .verb, let a = agentIdx, agentOfAnotherVerb(s, from: e, to: ms[a].start) { agentIdx = nil }

        if cand.kind == .noun || cand.kind == .mutual {
            defer { cand.explicitActor = actor != nil }
            if let a = agentIdx {
                actor = coordinatedRight(ms, a, upper: s.range.upperBound)
                // "l'attaque des colonies azerbaïdjanaises par les forces arméniennes": the genitive is the target
                // (inside the cue too: "la reconnaissance de l'État de Palestine par la France").
                if let g = ms.firstIndex(where: {
                    $0.start > c && $0.start <= e + 4 && ($0.prep == "de" || $0.prep == "des" || $0.prep == "du")
                        && $0.start < ms[a].start && isParticipant($0)
                }) {
                    recipient = coordinatedRight(ms, g, upper: ms[a].start)
                }
            } else if let adj = ms.first(where: { $0.kind == .adjective && $0.start >= e && $0.start <= e + 2 }) {
                // "une agression azerbaïdjanaise", "la médiation russe".
                actor = [adj]
            } else if let g = ms.firstIndex(where: {
                $0.start >= e && $0.start <= e + 3 && ["de", "d'", "des", "du"].contains($0.prep ?? "")
                    && isParticipant($0)
            }) {
                // "l'assassinat du président", "l'arrestation de X": the genitive of a deed done to
                // someone is its target; "l'offensive de l'armée" is the doer's; after "son", "leur"
                // the deed is the subject's own and "de X" is what it is done to or from ("ont annoncé
                // leur retrait de la Cédéao").
                if c > s.range.lowerBound, EventReader.ownPossessives.contains(tokens.folded(at: c - 1)) {
                    recipient = coordinatedRight(ms, g, upper: ce)
                } else if EventReader.patientModes.contains(cand.mode ?? "") {
                    recipient = coordinatedRight(ms, g, upper: ce)
                } else {
                    actor = coordinatedRight(ms, g, upper: ce)
                }
            }
            if cand.kind == .mutual, actor == nil,
                let entre = ms.firstIndex(where: { $0.prep == "entre" && $0.start >= e && $0.start <= e + 8 })
            {
                actor = coordinatedRight(ms, entre, upper: s.range.upperBound)
            }
            if recipient == nil {
                // A noun's target sits next to it ("l'offensive contre X"); an "à X" far on belongs to another verb.
                recipient = object(
                    ms, after: e, upper: min(ce, e + 10), preps: EventReader.nounTargetPreps,
                    givenTo: cand.type == .aid)
            }
            if recipient == nil, cand.type == .assault, let target = targetOfHitVerb(ms, s, after: e) {
                // "Une attaque a visé un convoi militaire pakistanais": the deed's verb names its target.
                recipient = target
            }
            if recipient == nil,
                let d = (e..<min(s.range.upperBound, e + 6)).first(where: { tokens[$0].folded == "direction" }),
                let idx = ms.firstIndex(where: { $0.start > d && $0.start <= d + 3 && $0.kind == .named })
            {
                // "une offensive en direction du Karabakh": the target.
                var m = ms[idx]
                m.locative = false
                recipient = [m]
            }
        } else if passive && cand.type == .mobilize {
            // "des troupes ont été déployées": the troops are the ones mobilized; "des réservistes ont
            // été rappelés par l'armée": the cue holds them, and the agent mobilized them.
            actor = subject(ms, before: c, clauseStart: cs) ?? agentIdx.map { coordinatedRight(ms, $0, upper: ce) }
        } else if passive {
            if let a = agentIdx {
                actor = coordinatedRight(ms, a, upper: s.range.upperBound)
            } else if let p = predicate(cueStart: c, cueEnd: e), let agent = syntacticAgent(ms, predicate: p) {
                // The parse's agent, further than the "par" window.
                actor = agent
            }
            if actor == nil, cand.undergone,
                let doer = ms.first(where: {
                    $0.start >= e && $0.start <= e + 2 && $0.prep == nil
                        && ($0.kind == .adjective
                            || $0.kind == .named && $0.entities.contains { $0.country != nil && $0.org == nil })
                })
            {
                // "les diplomates devront quitter Bahreïn": the state they must leave expels them;
                // "fait l'objet de sanctions américaines": the demonym on the deed names its doer.
                actor = [doer]
            }
            if actor == nil, cand.mode == "deport" || cand.mode == "expel", let state = expellingState(ms, after: e) {
                actor = [state]
            }
            if actor == nil, EventReader.mutualTypes.contains(cand.type),
                // ("convenu dans un accord entre X et Y": the accord's sides, not the verb's.)
                let k = (e..<min(s.range.upperBound, e + 4)).first(where: { tokens.folded(at: $0) == "entre" }),
                !(e..<k).contains(where: { MentionFinder.articles.contains(tokens.folded(at: $0)) }),
                let entre = ms.firstIndex(where: { $0.start > k && $0.start <= k + 4 && isParticipant($0) })
            {
                // "l'accord a été signé entre le gouvernement et les rebelles": both sides signed.
                actor = coordinatedRight(ms, entre, upper: s.range.upperBound)
            }
            if let subj = subject(ms, before: c, clauseStart: cs) { recipient = subj }
        } else {
            if let inv = invertedSubject(ms, s, cue: c, end: e) {
                actor = inv
                // «Bakou n'a pas renoncé...», a accusé X: the quotation's subject is the one accused.
                if let q = subject(ms, before: c, clauseStart: cs) { recipient = q }
            }
            let objectPreps =
                cand.type == .consult
                ? EventReader.consultObjectPreps
                : cand.type == .request ? EventReader.requestObjectPreps : EventReader.verbObjectPreps
            if recipient == nil,
                let inner = ms.firstIndex(where: {
                    // Not a mention that ends with the cue: that is the cue's own noun ("mobilisé des réservistes").
                    $0.start > c && $0.start < e && $0.end != e && $0.prep == nil && isParticipant($0)
                        && $0.entities.contains { $0.matchKey != nil }
                })
            {
                // "a reçu le président ukrainien Volodymyr Zelensky": the cue ends inside its guest's name;
                // "a menacé Taïwan de représailles": the object sits inside the cue's gap.
                recipient = coordinatedRight(ms, inner, upper: ce)
            }
            if recipient == nil, cand.type == .request, e - c >= 2,
                let g = ms.first(where: {
                    $0.start <= e + 1 && $0.start >= e && EventReader.genitivePreps.contains($0.prep)
                        && isParticipant($0)
                        && $0.entities.contains { $0.matchKey != nil }
                })
            {
                // "a demandé le départ des forces françaises": the deed the cue names is asked of its genitive.
                recipient = [g]
            }
            if recipient == nil, cand.type == .sanction, let post = diplomatsPost(ms, cueStart: c, cueEnd: e) {
                recipient = [post]
            }
            if recipient == nil,
                let o = object(ms, after: e, upper: ce, preps: objectPreps, givenTo: cand.type == .aid),
                actor == nil || o.first!.start > e + 3
            {
                recipient = o
                if cand.type == .consult, o.first!.prep == "à" || o.first!.prep == "au",
                    let next = ms.firstIndex(where: {
                        $0.start >= o.last!.end && $0.start <= o.last!.end + 1 && $0.prep == nil && isParticipant($0)
                    }),
                    (o.last!.end..<ms[next].start).allSatisfy({ MentionFinder.articles.contains(tokens[$0].folded) })
                {
                    // "a reçu à l'Élysée le président ukrainien": the place of the meeting, then the guest.
                    recipient = coordinatedRight(ms, next, upper: ce)
                }
            }
            if recipient == nil, let o = object(ms, after: e, upper: min(ce, e + 8), preps: EventReader.genitivePreps),
                o.first!.kind == .named || o.first!.entities.contains(where: { $0.org != nil }),
                o.first!.start < 2
                    || ![
                        "ligne", "region", "territoire", "frontiere", "corridor", "ville", "capitale", "zone",
                        "enclave",
                        "situation", "regime", "crise", "conflit",
                    ].contains(tokens[o.first!.start - 2].folded)
            {
                // "condamne l'action de l'Azerbaïdjan", "la modification de l'ordonnance de la Cour".
                recipient = o
            }
            // The parse's object, when no word-distance rule found one.
            if recipient == nil, let p = predicate(cueStart: c, cueEnd: e),
                let o = syntacticObject(ms, predicate: p)
            {
                recipient = o
            }
        }
        var inClause = actor != nil
        // A noun after "concernant", "après", "depuis", "face à" is background, not the subject's act.
        var governor = c - 1
        while governor > s.range.lowerBound,
            MentionFinder.articles.contains(tokens.folded(at: governor)) || tokens.folded(at: governor) == "nouvelle"
                || tokens.folded(at: governor) == "nouveaux" || tokens.folded(at: governor) == "nouvelles"
                // "à la veille de nouvelles manifestations": the noun governing the "de".
                || tokens.folded(at: governor) == "de" || tokens.folded(at: governor) == "d'"
                || EventReader.quoteMarks.contains(tokens.folded(at: governor))
        {
            governor -= 1
        }
        let governing = governor >= s.range.lowerBound ? tokens[governor].folded : ""
        // "a proposé d'accueillir des pourparlers", "pour faire cette demande": the noun is what an
        // infinitive would bring about.
        let infinitiveObject =
            governor - 1 >= s.range.lowerBound && ["de", "d'", "à", "pour"].contains(tokens[governor - 1].folded)
            && (governing.hasSuffix("er") || governing.hasSuffix("ir") || governing.hasSuffix("re"))
            && tokens[governor].kind == .word && governing.count > 3
        let background =
            cand.kind != .verb
            && (infinitiveObject
                || EventReader.backgroundGovernors.contains(governing)
                || EventReader.backgroundStems.matches(governing))
        // "qui menacent": a relative whose antecedent names no participant.
        var relativeWithoutAntecedent = false
        if actor == nil, !passive, !background {
            if cand.opensOnSubject,
                let own = ms.firstIndex(where: {
                    $0.start >= c && $0.start <= c + 3 && $0.end < e && isParticipant($0)
                        && ($0.start == c && $0.prep == nil || EventReader.genitivePreps.contains($0.prep))
                })
            {
                // "Les derniers soldats français ont quitté le Niger", "les troupes de la Cédéao ont
                // quitté la Gambie": a cue that opens on its subject (or the noun its genitive owns).
                actor = coordinatedRight(ms, own, upper: e)
            } else if let rel = relativeAntecedent(ms, s, before: c) {
                actor = rel
            } else if (max(s.range.lowerBound, c - 3)..<c).contains(where: { tokens[$0].folded == "qui" }) {
                relativeWithoutAntecedent = true
            } else if cs > s.range.lowerBound,
                ["dont", "qui", "laquelle", "lequel", "où"].contains(tokens[cs - 1].folded),
                // "..., a de nouveau refusé": only the verb's auxiliaries and adverbs after the closing comma.
                let comma = (cs..<c).last(where: { tokens[$0].folded == "," }),
                (comma + 1..<c).allSatisfy({
                    EventReader.auxiliaries.contains(tokens[$0].folded)
                        || EventReader.adverbs.contains(tokens[$0].folded)
                        || tokens[$0].folded.hasSuffix("ment")
                }),
                let subj = subject(ms, before: cs - 1, clauseStart: clauseStart(s, cs - 1))
            {
                // "X, dont les dirigeants vivent au Qatar, a refusé": the subject before the closed relative clause.
                actor = subj
            } else if let subj = subject(ms, before: c, clauseStart: cs),
                // "Des habitants ont rapporté des enlèvements": the subject tells of the deed, it did not do it.
                cand.kind == .verb || !EventReader.reportingStems.matches(governing)
            {
                actor = subj
            } else if cand.kind == .verb, cs > s.range.lowerBound,
                (cs..<c).allSatisfy({
                    EventReader.adverbs.contains(tokens[$0].folded)
                        || EventReader.auxiliaries.contains(tokens[$0].folded)
                }),
                let idx = ms.firstIndex(where: {
                    $0.start >= e && $0.start <= e + 3 && $0.prep == nil && isParticipant($0)
                })
            {
                // "une revendication que rejette la Turquie": the subject follows the verb.
                actor = coordinatedRight(ms, idx, upper: ce)
                if let r = recipient, r.first!.start == ms[idx].start { recipient = nil }
            }
            inClause = actor != nil
        }
        // The parse's subject, when the word-distance rules found none.
        if actor == nil, !passive, cand.kind == .verb, let p = predicate(cueStart: c, cueEnd: e),
            let subj = syntacticSubject(ms, predicate: p)
        {
            actor = subj
            inClause = true
        }
        // "La Cour a publié la décision sur la demande de l'Arménie": the one asked is the subject.
        if cand.type == .request, cand.kind == .noun, actor != nil, recipient == nil,
            let subj = subject(ms, before: c, clauseStart: cs),
            Set(subj.flatMap { $0.entities.compactMap(\.matchKey) }).isDisjoint(
                with: Set(actor!.flatMap { $0.entities.compactMap(\.matchKey) }))
        {
            recipient = subj
        }
        // "le Karabakh a été victime d'attaques", "a essuyé des tirs": the subject is the target.
        if cand.kind == .noun, cand.type == .assault, !cand.explicitActor, recipient == nil,
            (max(s.range.lowerBound, c - 3)..<c).contains(where: {
                tokens[$0].folded.hasPrefix("victime") || tokens[$0].folded.hasPrefix("essuy")
            }),
            let subj = actor ?? subject(ms, before: c, clauseStart: cs)
        {
            cand.actor = []
            cand.recipient = EventReader.entities(subj)
            cand.actorInClause = false
            return
        }
        cand.background = background
        // "L'ONU craint une nouvelle offensive", "pour éviter une escalade": feared, prevented or
        // planned, the deed the noun names has not happened.
        // So are talks or clashes "entre X et Y" an infinitive would bring about ("a proposé d'accueillir
        // des pourparlers entre la Russie et l'Ukraine"): their sides are named, but nothing took place.
        cand.unrealized =
            background
            && (infinitiveObject && cand.kind == .mutual || EventReader.unrealizingStems.matches(governing))
        if relativeWithoutAntecedent || background {
            if actor == nil {
                if let recipient { cand.recipient = EventReader.entities(recipient) }
                cand.actorInClause = false
                return
            }
        }
        if actor == nil && !passive {
            // A coordinated verb or a participle shares the subject of the verb before it in the sentence.
            if let prev = earlier.last(where: { !$0.actor.isEmpty && $0.kind == .verb }), cand.kind == .verb {
                cand.actor = prev.actor
                if recipient == nil && cand.type != .assault { cand.recipient = prev.recipient }
            } else if cand.kind != .verb, cs == s.range.lowerBound,
                let comma = (e..<s.range.upperBound).first(where: { tokens[$0].folded == "," }),
                // The subject right after the fronted phrase's comma, not a word at the far end of the sentence.
                let idx = ms.firstIndex(where: {
                    $0.start > comma && $0.start <= comma + 3 && $0.prep == nil && isParticipant($0)
                })
            {
                // "Lors d'un entretien téléphonique, X et Y ont ...": the subject after the fronted phrase.
                actor = coordinatedRight(ms, idx, upper: s.range.upperBound)
                inClause = true
            } else if cand.kind == .verb, !hasUnknownSubject(s, cs, c) {
                cand.actor = discourse.focus
            }
        }
        if let actor { cand.actor = EventReader.entities(actor) }
        if let recipient { cand.recipient = EventReader.entities(recipient) }
        cand.actorInClause = inClause
        if cand.kind == .mutual {
            // "combats opposaient les troupes X aux soldats Y": the sides named right after the cue.
            // The subject's own entities, not one per country: "Bogota et l'ELN" are two sides.
            var gathered = (actor?.flatMap(\.entities) ?? cand.actor) + cand.recipient
            for m in ms where m.start >= e && m.start < min(ce, e + 12) && isParticipant(m) && m.kind != .pronoun {
                if m.prep == nil || ["entre", "aux", "à", "au", "avec", "contre", "et"].contains(m.prep!) {
                    gathered.append(contentsOf: m.entities)
                }
            }
            // Demonstrators and police of one country are two sides too: one per key and sector.
            var all: [Entity] = []
            for g in gathered where g.matchKey != nil {
                if !all.contains(where: { $0.matchKey == g.matchKey && $0.sector == g.sector }) { all.append(g) }
            }
            if Set(all.compactMap(\.matchKey)).count >= 2 { all = EventReader.dedupe(all) }
            if all.count >= 2 {
                cand.actor = all
                cand.recipient = all
            } else if all.count == 1, let other = unnamedSide(ms, after: e, upper: min(ce, e + 12)) {
                cand.actor = all + [other]
                cand.recipient = cand.actor
            } else if all.count <= 1 && sides.count == 2
                && (all.isEmpty || sides.contains { $0.matchKey == all[0].matchKey })
            {
                cand.actor = sides
                cand.recipient = sides
                cand.fromSides = true
            } else {
                // One side named is not a clash between sides: the text does not say who fought.
                cand.actor = []
                cand.recipient = []
            }
        } else {
            // The same participant on both sides; authorities and their own population stay apart.
            let actorSectors = Set(cand.actor.map { ($0.matchKey ?? "") + $0.sector.rawValue })
            cand.recipient.removeAll { $0.matchKey != nil && actorSectors.contains($0.matchKey! + $0.sector.rawValue) }
        }
        cand.actor.removeAll { $0.matchKey == nil && $0.name == nil }
    }

    /// The clause has its own subject that names no known participant ("Plusieurs pays ont appelé"):
    /// the discourse focus must not stand in for it.
    func hasUnknownSubject(_ s: Sentence, _ cs: Int, _ c: Int) -> Bool {
        var k = c - 1
        while k >= cs {
            let t = tokens[k]
            let f = t.folded
            if t.kind == .word, !EventReader.auxiliaries.contains(f), !f.hasSuffix("ment"), f != "et", f != "t",
                !MentionFinder.pronouns.contains(f), !["ce", "meme", "dernier", "derniere", "puis", "qui"].contains(f),
                DateReader.weekdays[f] == nil
            {
                return true
            }
            if f == "," || f == "." { return false }
            k -= 1
        }
        return false
    }

    /// The speaker of a reporting clause after a quotation: "« ... », a ajouté le ministère".
    func reportingSpeaker(_ ms: [Mention], _ s: Sentence, after e: Int) -> [Entity]? {
        guard let q = (e..<s.range.upperBound).first(where: { ["»", "\""].contains(tokens[$0].folded) }) else {
            return nil
        }
        var k = q + 1
        while k < s.range.upperBound, [",", "a", "ont", "t", "-", "il", "elle"].contains(tokens[k].folded) { k += 1 }
        guard k < s.range.upperBound,
            EventReader.speechVerbs.contains(tokens[k].folded)
                || ["ajoute", "indique", "precise", "declare", "affirme", "souligne", "explique", "averti", "previent"]
                    .contains(where: { tokens[k].folded.hasPrefix($0) })
        else { return nil }
        guard let idx = ms.firstIndex(where: { $0.start > k && $0.start <= k + 3 && isParticipant($0) }) else {
            return nil
        }
        let found = EventReader.entities(coordinatedRight(ms, idx, upper: s.range.upperBound))
        return found.isEmpty ? nil : found
    }

    /// "appeler à", "appeler X à": the clause after an "appeler" has an "à" that says what is asked.
    func requestComplement(_ s: Sentence, after e: Int) -> Bool {
        var k = e
        while k < s.range.upperBound && k < e + 9 {
            let f = tokens[k].folded
            if f == "à" || f == "au" || f == "aux" { return true }
            if f == "." || f == ";" || f == "que" || f == "qu'" { return false }
            k += 1
        }
        return false
    }
}
