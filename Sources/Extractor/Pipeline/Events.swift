import VigieProtocol

/// An event read from one cue, before repeated mentions are merged.
struct Candidate: Sendable {
    var type: EventType
    var mode: String?
    var cameo: String?
    var kind: CueKind
    var cueStart: Int
    var cueEnd: Int
    var sentence: Int
    var actor: [Entity] = []
    var recipient: [Entity] = []
    var claimedBy: [Entity] = []
    var date: String?
    var precision: DatePrecision?
    var place: Place?
    var size = Size()
    var confidence: Double
    /// A definite or demonstrative noun cue ("l'attaque", "ces violences") that may refer back.
    var anaphoric = false
    /// An indefinite noun cue ("une explosion"): a new event, not the one told before.
    var indefinite = false
    /// The cue's subject undergoes the event (`CueKind.undergone`), as in a passive.
    var undergone = false
    /// The cue opens on its subject's noun (`CueKind.subject`), which is the actor.
    var opensOnSubject = false
    /// A noun cue read as background ("à la veille de nouvelles manifestations", "après les
    /// protestations"): an event with no participant of its own is then none.
    var background = false
    /// The noun is governed by a verb of fearing, preventing or planning: no deed was done.
    var unrealized = false
    /// The actor came from the clause itself (not from the discourse context).
    var actorInClause = false
    /// The participants are the conflict's two sides, assumed because the text names none.
    var fromSides = false
    /// The recipients were implied (the two sides, the population), not read: they do not keep
    /// two mentions of one event apart.
    var recipientImplied = false
    /// The row of the predicate that found the cue (for `VIGIE_EXTRACT_DEBUG`).
    var cueRow: Int?
    /// A noun's actor came from its own complement ("par X", "de X", a demonym), not from the clause.
    var explicitActor = false
    var paragraph = 0
    var evidenceStart: Int
    var evidenceEnd: Int
}

/// Reads the events of one dispatch: cues, participants, claims, dates, sizes, places.
struct EventReader {
    let lex: CompiledLexicon
    let tokens: [Token]
    let sentences: [Sentence]
    let text: [UInt8]
    let published: String?
    /// The French analysis of the text, when the coder runs with one.
    let syntax: Syntax?

    static let stops: FoldedSet = [
        "que", "qu'", ";", "lorsque", "lorsqu'", "quand", "car", "mais", "si", "laquelle", "lequel", "lesquels",
        "lesquelles", "dont", "où", "ou'",
    ]
    /// The stops and "qui": the words that end a clause after a cue ("dont" and "lorsqu'" are stops).
    static let clauseEndWords = FoldedSet(stops, ["qui"])
    /// Connectives and adverbs that may sit between an auxiliary and its participle.
    static let adverbs: FoldedSet = [
        "cependant", "toutefois", "neanmoins", "pourtant", "donc", "enfin", "bien", "deja", "encore", "aussi",
        "egalement", "notamment", "alors", "ensuite", "meme", "tres", "plus", "moins", "tout", "toujours", "jamais",
        "ainsi", "de", "nouveau", "outre", "en", "hier", "d'abord", "surtout", "plutot", "finalement",
    ]
    // Word lists of `subject` and `clauseEnd`, built once (an array literal there is allocated per token).
    /// The finite auxiliaries that end the clause before a subject ("a", "sont").
    static let finiteAuxiliaries: FoldedSet = ["a", "ont", "avait", "avaient", "est", "sont", "etait", "etaient"]
    /// What may stand between coordinated subjects ("X et Y", "le président, Emmanuel Macron,").
    static let subjectJoiners: FoldedSet = [
        "et", ",", "ainsi", "que", "ou", "son", "sa", "ses", "le", "la", "les", "l'", "leur", "(", ")",
    ]
    /// What may stand between a quotation's end and its reporting verb ("», a indiqué").
    static let reportingInserts: FoldedSet = ["a", "ont", "avait", "»", ",", "\""]
    static let auxiliaries: FoldedSet = [
        "a", "ont", "avait", "avaient", "est", "sont", "etait", "etaient", "s'est", "se", "s'", "sont", "ete", "fut",
        "aura", "eu", "ayant", "etre", "avoir", "vient", "viennent", "n'", "ne", "pas", "egalement", "deja", "aussi",
        "notamment", "ensuite", "alors", "encore", "toujours", "ainsi", "fermement", "vivement", "immediatement",
        "clairement", "ouvertement", "recemment", "precedemment", "lui", "leur", "les", "l'", "y", "en",
    ]
    /// Object pronouns of the first and second persons, which may sit between a modal and its
    /// infinitive ("allons nous rencontrer", "va vous aider"); only the look-back for a modal
    /// skips them ("nous" is a subject elsewhere).
    static let personalObjects: FoldedSet = ["nous", "vous", "me", "m'", "te"]
    /// The forms of "viser" in `modalSkips`: an aim only before "à" ("visant à"; folding keeps "à"), a target otherwise.
    static let aimVerbs: FoldedSet = ["vise", "visant"]
    static let modalSkips: FoldedSet = [
        "aurait", "auraient", "serait", "seraient", "pourrait", "pourraient", "devrait", "devraient", "va", "vont",
        "sera", "seront", "aura", "auront", "devait", "devaient", "voudrait", "voudraient", "pourra", "pourront",
        "doit", "doivent", "veut", "veulent", "peut", "peuvent", "souhaite", "souhaitent", "cherche", "cherchent",
        "tente", "tentent", "entend", "entendent", "envisage", "envisagent", "menace", "menacent", "risque",
        "risquent", "faut", "faudrait", "vais", "allons", "allez", "pour", "afin", "sans", "susceptible", "capable",
        "prete", "pret", "prets",
        "visant", "vise", "volonte", "projet", "intention", "refuse", "refusent", "refuser", "refusait",
        "aimerions", "aimerait", "aimerais", "aimeraient", "allait", "allaient", "souhaiterait", "souhaiterions",
        "pourrions", "devrions",
        // The imperfect: "ceux qui souhaitaient accorder", "l'armée voulait reprendre".
        "souhaitait", "souhaitaient", "voulait", "voulaient", "pouvait", "pouvaient", "cherchait", "cherchaient",
        "tentait", "tentaient", "entendait", "entendaient", "envisageait", "envisageaient",
        // "de vouloir bloquer", "sans pouvoir": the infinitive after a modal is not done.
        "vouloir", "pouvoir", "devoir",
    ]
    /// Verbs whose subject is the victim ("ont péri", "ont perdu la vie", "ont trouvé la mort").
    static let victimVerbs: FoldedSet = [
        "peri", "perit", "perirent", "perdu", "perdus", "perdue", "perdues", "perdent", "trouve", "trouves", "trouvee",
        "trouvees",
    ]
    static let infinitiveMarkers: FoldedSet = ["à", "de", "d'", "pour", "afin", "sans", "pas", "par"]
    static let negations: FoldedSet = ["pas", "jamais", "rien", "aucun", "aucune", "guere", "nullement", "point"]
    /// Types whose participle names a standing relation or the thing asked more than a deed: "soutenu
    /// par la Turquie", "les mesures demandées par l'Arménie" qualify their noun.
    static let stateTypes: Set<EventType> = [.support, .cooperate, .agree, .consult, .aid, .request]
    /// Indefinite articles before a noun cue: "une explosion" tells a new event.
    static let indefiniteArticles: FoldedSet = ["un", "une"]
    static let speechVerbs: FoldedSet = [
        "annonce", "indique", "declare", "affirme", "rapporte", "assure", "souligne", "precise", "explique",
        "ajoute", "estime", "signale", "annoncent", "indiquent", "declarent", "affirment", "rapportent", "assurent",
        "soulignent", "precisent", "expliquent", "ajoutent", "estiment", "constate", "note", "conclut", "dit",
        "declarer", "informe", "avait", "revele", "revelent", "insiste", "conclu", "juge",
    ]

    /// PLOVER modes of deeds done to someone: a noun's "de X" names who suffers them
    /// ("l'assassinat du président", "l'arrestation de l'opposant", "la libération des otages").
    static let patientModes: Set<String> = [
        "targeted", "abduct", "arrest", "deport", "convict", "expel", "release",
    ]

    /// The participants the conflict opposes: the two countries named most as forces or states.
    let sides: [Entity]
    /// The mentions of each sentence, found once.
    let sentenceMentions: [[Mention]]
    /// The country of the dispatch's main place (its dateline or its most named place).
    let homeCountry: String?
    /// The country the dispatch names most (as a state, a person's, a body's or a place's country;
    /// the headline and the lead count twice), the first named on a tie: what the story is about,
    /// when a participant goes unnamed.
    let mainCountry: String?
    /// When to stop reading sentences (the coder then gives up on the dispatch), or nil.
    let deadline: ContinuousClock.Instant?

    /// Whether the deadline has passed: read between sentences.
    var pastDeadline: Bool {
        guard let deadline else { return false }
        return ContinuousClock.now >= deadline
    }

    func surface(_ a: Int, _ b: Int) -> String {
        String(decoding: text[a..<b], as: UTF8.self)
    }

    // MARK: - Participants

    func isParticipant(_ m: Mention) -> Bool {
        m.kind != .adjective && !m.locative && (!m.inParens || acronymGloss(m))
    }

    /// "La Coalition de la gauche radicale (SYRIZA)": a name alone in parentheses right after the
    /// phrase it names stands for it. A dateline's "PARIS (AFP)" and a media credit are no gloss.
    func acronymGloss(_ m: Mention) -> Bool {
        guard m.kind == .named, m.start >= 2, m.end < tokens.count, tokens[m.start - 1].folded == "(",
            tokens[m.end].folded == ")", tokens[m.start - 2].kind == .word, !tokens[m.start - 2].upper
        else { return false }
        return !m.entities.contains { $0.sector == .jrn }
    }

    /// A number or a quantity word opening a coordinated mention ("le gouvernement et 14 groupes
    /// armés", "et plusieurs ONG"): it does not break the coordination.
    func isQuantity(_ k: Int) -> Bool {
        tokens[k].kind == .number || EventReader.quantityWords.contains(tokens[k].folded)
    }

    static let quantityWords: Set<String> = ["plusieurs", "quelques", "nombreux", "nombreuses", "divers", "diverses"]

    /// Whether a gap between two mentions holds a conjunction: after a bare comma a number more
    /// often opens a new clause ("par les forces arméniennes, 19 civils ont été tués").
    func joins(_ gap: Range<Int>) -> Bool {
        gap.contains { ["et", "ou"].contains(tokens[$0].folded) }
    }

    /// The mention `m` and those coordinated with it on its left ("Macron et Poutine", "la Russie, la France et").
    func coordinatedLeft(_ ms: [Mention], _ idx: Int, lower: Int) -> [Mention] {
        var out = [ms[idx]]
        var cur = idx
        while cur > 0 {
            let prev = ms[cur - 1]
            guard prev.end >= lower, isParticipant(prev), prev.prep == nil || prev.prep == ms[cur].prep else { break }
            let gap = prev.end..<ms[cur].start
            let ok =
                gap.allSatisfy {
                    ["et", ",", "ainsi", "que", "ou", "(", "son", "sa", "ses", "le", "la", "les", "l'", "leur"]
                        .contains(tokens[$0].folded) || (isQuantity($0) && joins(gap))
                } && gap.count <= 3 && gap.contains { [",", "et", "ou", "("].contains(tokens[$0].folded) }
            if !ok { break }
            out.append(prev)
            cur -= 1
        }
        return out
    }

    func coordinatedRight(_ ms: [Mention], _ idx: Int, upper: Int) -> [Mention] {
        var out = [ms[idx]]
        var cur = idx
        while cur + 1 < ms.count {
            let next = ms[cur + 1]
            guard next.start < upper, isParticipant(next) || next.kind == .adjective else { break }
            let gap = ms[cur].end..<next.start
            let ok =
                gap.count <= 3
                && gap.allSatisfy {
                    [
                        "et", ",", "à", "au", "aux", "avec", "ainsi", "que", "de", "d'", "la", "le", "l'", "les", "du",
                        "des",
                    ]
                    .contains(tokens[$0].folded) || (isQuantity($0) && joins(gap))
                } && gap.contains { ["et", ","].contains(tokens[$0].folded) }
            if !ok { break }
            if next.kind == .adjective {
                // "les forces azerbaïdjanaises et arméniennes": the head repeats.
                guard let head = out.last?.entities.first, head.sector != .gov || out.last!.kind == .group else {
                    break
                }
                var e = next.entities[0]
                e.sector = head.sector
                e.code = e.country.map { $0 + head.sector.rawValue }
                var copy = next
                copy.entities = [e]
                copy.kind = .group
                out.append(copy)
            } else {
                out.append(next)
            }
            cur += 1
        }
        return out
    }

    /// The subject of the clause ending before `c`: the nearest participant without a preposition,
    /// with those coordinated with it.
    func subject(_ ms: [Mention], before c: Int, clauseStart lower: Int) -> [Mention]? {
        // The cue's own auxiliaries ("a", "s'est", "ont été") are not a verb of another clause.
        var own = c - 1
        while own >= lower,
            EventReader.auxiliaries.contains(tokens.folded(at: own))
                || EventReader.adverbs.contains(tokens.folded(at: own))
                || tokens.folded(at: own).hasSuffix("ment") || DateReader.weekdays[tokens.folded(at: own)] != nil
        {
            own -= 1
        }
        // French puts the subject first: the first participant without a preposition after the last
        // finite verb of the clause before the cue.
        var start = lower
        var k = own
        while k >= lower {
            if EventReader.finiteAuxiliaries.contains(tokens.folded(at: k)), k > lower,
                tokens.folded(at: k - 1) != "qui"
            {
                start = k + 1
                break
            }
            k -= 1
        }
        // The participant right before the verb ("..., l'ONG a demandé") is its subject.
        if let adj = ms.lastIndex(where: {
            ($0.end == own + 1 || ($0.end == own && [",", ")"].contains(tokens[own].folded))) && $0.start >= lower
                && isParticipant($0) && $0.prep == nil && $0.kind != .pronoun
        }), own + 1 < c || tokens[min(own + 1, c - 1)].folded != "qui" {
            return coordinatedLeft(ms, adj, lower: lower)
        }
        var candidates = ms.indices.filter {
            ms[$0].end <= c && ms[$0].start >= start && isParticipant(ms[$0]) && ms[$0].prep == nil
        }
        if candidates.isEmpty && start > lower {
            candidates = ms.indices.filter {
                ms[$0].end <= c && ms[$0].start >= lower && isParticipant(ms[$0]) && ms[$0].prep == nil
            }
        }
        if candidates.isEmpty {
            // "Une mission des Nations unies est arrivée", "le pouvoir arménien boycotte": the body in the subject.
            if let g = ms.firstIndex(where: {
                $0.end <= c && $0.start >= start && $0.start - start <= 4 && isParticipant($0)
                    && ["de", "d'", "du", "des"].contains($0.prep ?? "")
                    && !$0.entities.allSatisfy { $0.matchKey == nil }
            }) {
                return [ms[g]]
            }
            if let a = ms.firstIndex(where: {
                $0.kind == .adjective && $0.end <= c && $0.start >= start && $0.start - start <= 3
            }) {
                var m = ms[a]
                m.kind = .named
                return [m]
            }
        }
        guard let first = candidates.first else { return nil }
        // The first one and those set beside it: "X et Y", "X, Y,", "le président, Emmanuel Macron,".
        var out = [ms[first]]
        var cur = first
        for idx in candidates.dropFirst() {
            let gap = ms[cur].end..<ms[idx].start
            let joined =
                gap.count <= 4
                && gap.allSatisfy { EventReader.subjectJoiners.contains(tokens.folded(at: $0)) }
            if !joined { break }
            out.append(ms[idx])
            cur = idx
        }
        // "deux soldats arméniens et un azéri": a demonym standing for the same head.
        if let last = out.last, let headEntity = last.entities.first, last.kind == .group,
            let a = ms.firstIndex(where: { $0.kind == .adjective && $0.start > last.end && $0.end <= c }),
            (last.end..<ms[a].start).allSatisfy({
                ["et", "un", "une", ","].contains(tokens[$0].folded) || tokens[$0].kind == .number
                    || SizeReader.units[tokens[$0].folded] != nil
            })
        {
            var m = ms[a]
            var e = m.entities[0]
            e.sector = headEntity.sector
            e.code = e.country.map { $0 + headEntity.sector.rawValue }
            m.entities = [e]
            m.kind = .group
            out.append(m)
        }
        return out
    }

    /// "X, qui a émis": the mention right before the relative pronoun.
    func relativeAntecedent(_ ms: [Mention], _ s: Sentence, before c: Int) -> [Mention]? {
        var k = c - 1
        var n = 0
        while k > s.range.lowerBound && n < 6 {
            if tokens[k].folded == "qui" {
                var j = k - 1
                if j >= s.range.lowerBound, tokens[j].folded == "," { j -= 1 }
                if let idx = ms.lastIndex(where: { $0.end == j + 1 && isParticipant($0) }) {
                    return coordinatedLeft(ms, idx, lower: s.range.lowerBound)
                }
                return nil
            }
            if EventReader.stops.contains(tokens[k].folded) || tokens[k].folded == "," { return nil }
            k -= 1
            n += 1
        }
        return nil
    }

    /// The first participant after `from` (within the clause) with an allowed preposition, and those
    /// coordinated with it.
    func object(
        _ ms: [Mention], after from: Int, upper: Int, preps: Set<String?>, givenTo: Bool = false
    ) -> [Mention]? {
        var unkeyed: [Mention]?
        for (idx, m) in ms.enumerated() where m.start >= from && m.start < upper {
            // "reconnaissants aux États-Unis": right after the cue, "aux X" is the recipient, not a place;
            // so it is anywhere after a gift ("l'envoi d'une aide humanitaire au Liban").
            let dative =
                m.locative && (m.prep == "au" || m.prep == "aux" || givenTo && m.prep == "à")
                && (m.start <= from + 1 || givenTo)
            if !isParticipant(m) && !dative { continue }
            if m.kind == .pronoun { continue }
            // "une aide militaire pour l'Ukraine": a gift's beneficiary.
            if preps.contains(m.prep) || givenTo && m.prep == "pour" {
                let found = coordinatedRight(ms, idx, upper: upper)
                // A participant without a country or body ("son homologue") gives way to a named one after it.
                if found.allSatisfy({ $0.entities.allSatisfy { $0.matchKey == nil } }) {
                    if unkeyed == nil { unkeyed = found }
                    continue
                }
                return found
            }
        }
        return unkeyed
    }

    /// Inverted subject of a reporting clause: "», a accusé le représentant du Haut-Karabakh".
    func invertedSubject(_ ms: [Mention], _ s: Sentence, cue c: Int, end e: Int) -> [Mention]? {
        var k = c - 1
        while k >= s.range.lowerBound,
            ["a", "ont", "avait", "avaient", "aussi", "egalement"].contains(tokens[k].folded)
        {
            k -= 1
        }
        // Only after a quotation: «...», a accusé X.
        guard k >= s.range.lowerBound,
            ["»", "\""].contains(tokens[k].folded)
                || (tokens[k].folded == "," && k > s.range.lowerBound && ["»", "\""].contains(tokens[k - 1].folded))
        else { return nil }
        if let idx = ms.firstIndex(where: { $0.start >= e && $0.start <= e + 3 && isParticipant($0) && $0.prep == nil })
        {
            return coordinatedRight(ms, idx, upper: s.range.upperBound)
        }
        return nil
    }

    static func entities(_ ms: [Mention]) -> [Entity] {
        var out: [Entity] = []
        for m in ms { out.append(contentsOf: m.entities) }
        return dedupe(out)
    }

    /// One entity per key, keeping a named person or body over a described group.
    static func dedupe(_ es: [Entity]) -> [Entity] {
        var out: [Entity] = []
        for e in es {
            if let i = out.firstIndex(where: { $0.matchKey != nil && $0.matchKey == e.matchKey }) {
                let existingIsGroup = out[i].code == nil || out[i].name == out[i].text
                if existingIsGroup && e.name != e.text && out[i].sector == .gov { out[i] = e }
                continue
            }
            if e.matchKey == nil, out.contains(where: { $0.name == e.name }) { continue }
            out.append(e)
        }
        return out
    }
}
