import VigieProtocol

/// A stretch of a sentence that names one or more participants (or a place, or a pronoun).
struct Mention: Sendable {
    enum Kind: Sendable, Equatable {
        /// A named person, organization, state, capital, office: a full entity.
        case named
        /// A generic group or a role, with or without its country.
        case group
        /// "il", "elle", "ils", "elles", "ce dernier": resolved to an earlier participant.
        case pronoun
        /// "les deux pays", "les parties": the two sides of the conflict.
        case sides
        /// A demonym adjective on its own ("une agression azerbaïdjanaise").
        case adjective
    }

    var start: Int
    var end: Int
    var sentence: Int
    var kind: Kind
    var entities: [Entity]
    /// The preposition before the mention ("à", "avec", "par", "de", "en"...), articles skipped.
    var prep: String?
    /// The role a role noun names ("président"), to resolve "le président" and "son homologue".
    var role: PersonRole?
    /// The mention is a place, not a participant ("en Arménie", "à Bakou").
    var locative: Bool = false
    /// A country mention's code when it is locative, to place the event.
    var placeCountry: String?
    /// Inside parentheses: an aside ("(Russie, France, États-Unis)"), not a participant of the clause.
    var inParens = false
    /// "la Cour", "le Conseil": the first word of a body named earlier, resolved from the discourse.
    var shortName: String?
}

/// Finds the participants named in each sentence.
struct MentionFinder {
    let lex: CompiledLexicon
    let tokens: [Token]
    let text: [UInt8]
    /// The dispatch's reference date ("YYYY-MM" or nil) to pick people's roles in office.
    let date: String?

    static let articles: FoldedSet = [
        "le", "la", "l'", "les", "un", "une", "des", "son", "sa", "ses", "leur", "leurs", "ce", "cette", "ces", "du",
        "au", "aux",
    ]
    static let prepositions: FoldedSet = [
        "à", "avec", "contre", "par", "de", "d'", "du", "des", "en", "au", "aux", "dans", "sur", "pour", "vers",
        "depuis", "entre", "envers", "chez", "selon", "aupres", "face", "sous", "sans", "devant", "apres",
        "derriere", "parmi", "malgre", "grace", "contrairement", "concernant", "jusqu'", "avant", "lors", "durant",
        "pendant", "outre", "via", "hors",
    ]
    static let locativePreps: FoldedSet = ["en", "dans", "vers", "depuis", "à", "chez", "sur", "pres"]
    /// Words before "de" that make it "around" a place ("autour de Taïwan", "près de Lviv").
    static let surroundings: FoldedSet = ["autour", "pres", "proximite", "large", "abords", "environs"]
    /// Quantities before "de" whose head is the noun after it ("un grand nombre de manifestants").
    static let quantityHeads: FoldedSet = [
        "nombre", "plusieurs", "foule", "groupe", "groupes", "bande", "bandes", "poignee",
    ]
    /// Heads that, capitalized after an article, stand for a body named earlier ("la Cour").
    static let shortNames: FoldedSet = [
        "cour", "conseil", "commission", "tribunal", "organisation", "agence", "mission", "assemblee", "parlement",
        "alliance", "union", "comite", "fonds", "banque", "ong",
    ]
    static let pronouns: FoldedSet = ["il", "elle", "ils", "elles", "je", "nous"]
    /// Nouns of "les quatre pays", "les cinq États": states counted, referring back.
    static let countedStates: FoldedSet = ["pays", "etats", "gouvernements", "capitales", "nations"]
    /// Group nouns that are also a participle ("armée" is the army and "armed"): grammar, as the
    /// test of the word before them tells which.
    static let participleHomographs: FoldedSet = ["armee", "armees"]

    /// A pronoun or a counted reference ("les quatre pays") over `range`, resolved later from the discourse.
    func reference(_ range: Range<Int>, in s: Sentence, index: Int) -> Mention {
        Mention(
            start: range.lowerBound, end: range.upperBound, sentence: index, kind: .pronoun, entities: [],
            prep: preposition(before: range.lowerBound, sentenceStart: s.range.lowerBound))
    }

    func surface(_ start: Int, _ end: Int) -> String {
        String(decoding: text[tokens[start].start..<tokens[end - 1].end], as: UTF8.self)
    }

    // Word lists of `preposition`, built once (an array literal there is allocated per call).
    /// Adjectives that may stand between a preposition and the head noun.
    static let headAdjectives: FoldedSet = [
        "nouveau", "nouvel", "nouvelle", "nouveaux", "nouvelles", "futur", "future", "actuel", "actuelle",
    ]
    /// Words after which "des", "du", "de" open a new noun phrase, not a complement.
    static let clauseOpeners: FoldedSet = ["que", "qu'", "et", "ou", "mais", "selon", "dont"]
    /// Prepositions after which "des" is the plural article, so the mention is theirs:
    /// "enlevé par des hommes armés", "des sanctions contre des responsables iraniens".
    static let articlePrepositions: FoldedSet = ["par", "contre", "avec", "entre", "envers", "chez", "parmi"]
    /// Articles that contain a preposition ("du" is "de le"): nothing before them is skipped.
    static let contractedArticles: FoldedSet = ["du", "au", "aux", "des"]

    /// Parts of a country named by their direction ("dans le nord de la Syrie", "le sud du Liban").
    static let compassPoints: FoldedSet = ["nord", "sud", "est", "ouest", "centre", "region"]

    /// "dans le nord de la Syrie": a country after "de" and a direction is a place, not a genitive.
    func inAPartOf(country i: Int, prep: String) -> Bool {
        guard prep == "de" || prep == "du" || prep == "d'", i >= 2 else { return false }
        return MentionFinder.compassPoints.contains(tokens[i - 2].folded)
            || i >= 3 && MentionFinder.compassPoints.contains(tokens[i - 3].folded)
    }

    /// The preposition governing the phrase at `start`, skipping one article.
    func preposition(before start: Int, sentenceStart: Int) -> String? {
        var k = start - 1
        // Quotes are punctuation: a word is not compared with them.
        while k >= sentenceStart, tokens[k].kind == .punct,
            tokens[k].isMark("«") || tokens[k].isMark("\"") || tokens[k].isMark("“")
        {
            k -= 1
        }
        // "au nouveau président", "avec l'ancien ministre": an adjective before the head noun.
        if k >= sentenceStart, MentionFinder.headAdjectives.contains(tokens[k].folded) {
            k -= 1
        }
        // "contre neuf entreprises américaines", "avec 14 groupes armés": a number after the preposition
        // (not after "de": "près de 2 000 policiers" is a quantity, the subject).
        if k > sentenceStart, tokens[k].kind == .number || SizeReader.units[tokens[k].folded] != nil,
            tokens[k].folded != "un" && tokens[k].folded != "une",
            MentionFinder.prepositions.contains(tokens[k - 1].folded),
            !EventReader.genitiveWords.contains(tokens[k - 1].folded)
        {
            k -= 1
        }
        if k >= sentenceStart, MentionFinder.articles.contains(tokens[k].folded),
            !MentionFinder.contractedArticles.contains(tokens.folded(at: k))
        {
            k -= 1
        }
        guard k >= sentenceStart else { return nil }
        let w = tokens[k].folded
        if w == "des" || w == "du" || w == "de" || w == "d'" {
            // "des militaires ont tiré": after a clause boundary it is an article, not "de".
            if k == sentenceStart { return nil }
            let before = tokens.folded(at: k - 1)
            // "autour de Taïwan", "près de Lviv": a place around which, not a genitive.
            if MentionFinder.surroundings.contains(before) { return "pres" }
            // "une vingtaine de manifestants", "des milliers de personnes": the quantity's head is the noun.
            if SizeReader.approximate.contains(before) || MentionFinder.quantityHeads.contains(before) { return nil }
            // After ")" it is "de" ("le ministre (français) des Affaires étrangères") unless it is written
            // with a capital: a credit or a dateline ends there and a sentence starts ("(AFP) - Des ...").
            if tokens[k - 1].kind == .punct && (before != ")" || tokens[k].capitalized) { return nil }
            if MentionFinder.clauseOpeners.contains(before) { return nil }
            // "enlevé par des hommes armés": after "par" "des" is the plural article; the mention is
            // the agent. (Other prepositions measured no better on dev3.)
            if w == "des", MentionFinder.articlePrepositions.contains(before) {
                return before
            }
        }
        if MentionFinder.prepositions.contains(w) { return w }
        return nil
    }

    func entity(forCountry code: String, text: String, sector: Sector = .gov) -> Entity {
        Entity(
            text: text, name: lex.countryNames[code] ?? code, country: code, org: nil, sector: sector,
            code: code + sector.rawValue)
    }

    func entity(forPerson p: PersonEntry, text: String) -> Entity {
        var org = p.org
        if p.country == nil, org == nil {
            org = p.aliases.first { lex.orgIndex[$0] != nil }
        }
        return Entity(
            text: text, name: p.name, country: p.country, org: org, sector: p.sector,
            code: p.country.map { $0 + p.sector.rawValue } ?? org)
    }

    func entity(forOrg i: Int, text: String) -> Entity {
        let o = lex.lexicon.organizations[i]
        return Entity(
            text: text, name: o.name, country: o.country, org: o.country == nil ? o.org : nil, sector: o.sector,
            code: o.country.map { $0 + o.sector.rawValue } ?? o.org)
    }

    /// The demonym adjective (country) at token `i`, if any: one-word or multi-word.
    func demonym(at i: Int, limit: Int) -> (String, Int)? {
        guard i < limit, tokens[i].kind == .word else { return nil }
        return lex.entities.first(at: i, in: tokens, limit: limit) { m in
            for ref in lex.entityRefs[m.payload] {
                if case .demonym(let c) = ref { return (c, m.end) }
            }
            return nil
        }
    }

    /// A body's adjective at `i` ("européenne"), if any.
    func orgDemonym(at i: Int, limit: Int) -> (Entity, Int)? {
        guard i < limit, tokens[i].kind == .word, !tokens[i].capitalized else { return nil }
        return lex.entities.first(at: i, in: tokens, limit: limit) { m in
            for ref in lex.entityRefs[m.payload] {
                if case .orgDemonym(let o) = ref { return (entity(forOrg: o, text: surface(i, m.end)), m.end) }
            }
            return nil
        }
    }

    /// A country, capital, organization or office named after "de"/"du"/"des" at `i`.
    func genitive(at i: Int, limit: Int) -> (Entity, Int)? {
        guard i < limit else { return nil }
        var k = i
        let w = tokens[k].folded
        guard w == "de" || w == "d'" || w == "du" || w == "des" else { return nil }
        k += 1
        if k < limit, ["la", "l'", "le", "les"].contains(tokens[k].folded) { k += 1 }
        guard k < limit, let m = lex.entities.longest(at: k, in: tokens, limit: limit) else { return nil }
        let text = surface(k, m.end)
        for ref in lex.entityRefs[m.payload] {
            switch ref {
            case .country(let c), .capital(let c): return (entity(forCountry: c, text: text), m.end)
            case .org(let o): return (entity(forOrg: o, text: text), m.end)
            case .office(let o):
                let e = lex.lexicon.offices[o]
                if let c = e.country { return (entity(forCountry: c, text: text, sector: e.sector), m.end) }
            case .person(let rows):
                let p = lex.person(rows, at: date)
                return (entity(forPerson: p, text: text), m.end)
            default: continue
            }
        }
        return nil
    }

    /// Every mention of sentence `s`.
    func mentions(in s: Sentence, index: Int) -> [Mention] {
        var out: [Mention] = []
        let limit = s.range.upperBound
        var i = s.range.lowerBound
        while i < limit {
            // Only words start a mention.
            if tokens[i].kind != .word {
                i += 1
                continue
            }
            // The two fields the rules below read, without copying the token.
            let t = (folded: tokens.folded(at: i), capitalized: tokens[i].capitalized)
            // "des personnes non armées", "des bandes armées": a participle right after a word that
            // is no determiner nor preposition, not the army.
            // (The cheap tests first: this runs at every word.)
            if !t.capitalized, i > s.range.lowerBound, tokens[i - 1].kind == .word,
                MentionFinder.participleHomographs.contains(t.folded),
                !MentionFinder.articles.contains(tokens.folded(at: i - 1)),
                !MentionFinder.prepositions.contains(tokens.folded(at: i - 1))
            {
                i += 1
                continue
            }
            if MentionFinder.pronouns.contains(t.folded) {
                // "a-t-il", "explique-t-il": an inverted subject of a speech verb, not a participant.
                let inverted = i > s.range.lowerBound && tokens[i - 1].folded == "t"
                // "elle-même" stresses the subject named before it.
                let emphatic = i + 1 < limit && tokens[i + 1].folded == "meme"
                // "il importe", "il faut", "il s'agit", "il y a": impersonal.
                let impersonal =
                    t.folded == "il" && i + 1 < limit
                    && ["importe", "faut", "s'", "y", "est", "semble", "reste", "convient", "apparait", "existe"]
                        .contains(tokens[i + 1].folded)
                if !inverted && !emphatic && !impersonal {
                    out.append(reference(i..<(i + 1), in: s, index: index))
                }
                i += 1
                continue
            }
            if (t.folded == "ce" || t.folded == "cette") && i + 1 < limit
                && (tokens[i + 1].folded == "dernier" || tokens[i + 1].folded == "derniere")
            {
                out.append(Mention(start: i, end: i + 2, sentence: index, kind: .pronoun, entities: [], prep: nil))
                i += 2
                continue
            }
            if t.folded == "les", i + 2 < limit, let n = tokens.smallNumber(at: i + 1), n >= 3, n <= 30,
                MentionFinder.countedStates.contains(tokens[i + 2].folded)
            {
                // "les quatre pays", "les quatre États du Golfe": the states just named together.
                out.append(reference(i..<(i + 3), in: s, index: index))
                i += 3
                continue
            }
            if t.folded == "les" && i + 1 < limit {
                var k = i + 1
                if tokens[k].folded == "deux" { k += 1 }
                if k < limit,
                    ["pays", "parties", "belligerants", "camps", "voisins", "adversaires"].contains(tokens[k].folded),
                    k + 1 >= limit || !["de", "du", "des", "d'"].contains(tokens[k + 1].folded)
                        || tokens[k].folded == "parties"
                {
                    out.append(
                        Mention(
                            start: i, end: k + 1, sentence: index, kind: .sides, entities: [],
                            prep: preposition(before: i, sentenceStart: s.range.lowerBound)))
                    i = k + 1
                    continue
                }
            }
            if let (ref, country, sEnd) = splitPhrase(at: i, limit: limit) {
                let text = surface(i, sEnd)
                var sector: Sector = .gov
                var role: PersonRole?
                var name = text
                switch ref {
                case .group(let g):
                    sector = lex.lexicon.groups[g].sector
                case .role(let r):
                    sector = lex.lexicon.roles[r].sector
                    role = lex.lexicon.roles[r].role
                case .office(let o):
                    sector = lex.lexicon.offices[o].sector
                    name = lex.lexicon.offices[o].name
                default: break
                }
                var e = Entity(
                    text: text, name: name, country: country, org: nil, sector: sector, code: country + sector.rawValue)
                if let role, let p = lex.holder(role: role, country: country, at: date) {
                    e = entity(forPerson: p, text: text)
                }
                out.append(
                    Mention(
                        start: i, end: sEnd, sentence: index, kind: .group, entities: [e],
                        prep: preposition(before: i, sentenceStart: s.range.lowerBound), role: role))
                i = sEnd
                continue
            }
            guard let m = lex.entities.longest(at: i, in: tokens, limit: limit) else {
                if t.capitalized, MentionFinder.shortNames.contains(t.folded), i > s.range.lowerBound,
                    ["la", "le", "l'"].contains(tokens[i - 1].folded)
                {
                    var mm = Mention(
                        start: i, end: i + 1, sentence: index, kind: .group,
                        entities: [Entity(text: surface(i, i + 1), name: surface(i, i + 1), sector: .igo)],
                        prep: preposition(before: i, sentenceStart: s.range.lowerBound))
                    mm.shortName = t.folded
                    out.append(mm)
                }
                i += 1
                continue
            }
            let prep = preposition(before: i, sentenceStart: s.range.lowerBound)
            let refs = lex.entityRefs[m.payload]
            let text = surface(i, m.end)
            var mention: Mention?
            var end = m.end
            refLoop: for ref in refs {
                switch ref {
                case .person(let rows):
                    let p = lex.person(rows, at: date)
                    mention = Mention(
                        start: i, end: end, sentence: index, kind: .named, entities: [entity(forPerson: p, text: text)],
                        prep: prep, role: p.role)
                    break refLoop
                case .org(let o):
                    // "à Bruxelles" is the city, in Belgium; "Bruxelles a exigé" is the EU.
                    if let p = prep, MentionFinder.locativePreps.contains(p),
                        let pm = lex.places.longest(at: i, in: tokens, limit: limit), pm.end == m.end,
                        let c = lex.lexicon.places[pm.payload].country
                    {
                        var mm = Mention(
                            start: i, end: end, sentence: index, kind: .named,
                            entities: [entity(forCountry: c, text: text)], prep: prep)
                        mm.locative = true
                        mm.placeCountry = c
                        mention = mm
                        break refLoop
                    }
                    mention = Mention(
                        start: i, end: end, sentence: index, kind: .named, entities: [entity(forOrg: o, text: text)],
                        prep: prep)
                    break refLoop
                case .country(let c):
                    var mm = Mention(
                        start: i, end: end, sentence: index, kind: .named,
                        entities: [entity(forCountry: c, text: text)],
                        prep: prep)
                    if let p = prep,
                        ["en", "dans", "vers", "depuis", "au", "aux"].contains(p)
                            || inAPartOf(country: i, prep: p)
                    {
                        mm.locative = true
                        mm.placeCountry = c
                    }
                    mention = mm
                    break refLoop
                case .capital(let c):
                    var mm = Mention(
                        start: i, end: end, sentence: index, kind: .named,
                        entities: [entity(forCountry: c, text: text)],
                        prep: prep)
                    if let p = prep,
                        MentionFinder.locativePreps.contains(p)
                            || p == "de" && i > 0
                                && ["ville", "capitale", "region"].contains(tokens[max(0, i - 2)].folded)
                    {
                        mm.locative = true
                        mm.placeCountry = c
                    }
                    mention = mm
                    break refLoop
                case .orgDemonym:
                    continue
                case .demonym(let c):
                    // A capitalized demonym after an article or number names people ("les Arméniens").
                    let prev = i > s.range.lowerBound ? tokens[i - 1].folded : ""
                    if t.capitalized
                        && (i == s.range.lowerBound || MentionFinder.articles.contains(prev) || prev == "d'"
                            || tokens[i - 1].kind == .number || SizeReader.units[prev] != nil
                            || ["de", "milliers", "centaines", "dizaines", "plusieurs"].contains(prev))
                    {
                        var people = entity(forCountry: c, text: text, sector: .cvl)
                        // "les Arméniens de souche du Haut-Karabakh": the origin words sit before the place.
                        let origin =
                            end + 1 < limit && tokens[end + 1].folded == "souche"
                                && ["de", "d'"].contains(tokens[end].folded) ? end + 2 : end
                        if let (place, ge) = genitive(at: origin, limit: limit), let pc = place.country,
                            place.org == nil
                        {
                            // "les Arméniens du Haut-Karabakh": the people of that territory.
                            people = entity(forCountry: pc, text: surface(i, ge), sector: .cvl)
                            end = ge
                        } else if end + 2 < limit, ["de", "d'"].contains(tokens[end].folded),
                            ["cette", "l'"].contains(tokens[end + 1].folded), tokens[end + 2].folded == "enclave"
                        {
                            // "les Arméniens de cette enclave": the enclave's people, found once the dispatch is read.
                            people.name = "enclave population"
                            end += 3
                        }
                        mention = Mention(
                            start: i, end: end, sentence: index, kind: .group, entities: [people], prep: prep)
                    } else {
                        mention = Mention(
                            start: i, end: end, sentence: index, kind: .adjective,
                            entities: [entity(forCountry: c, text: text)], prep: prep)
                    }
                    break refLoop
                case .office(let o):
                    let e = lex.lexicon.offices[o]
                    var ents: [Entity] = []
                    if let c = e.country {
                        ents = [
                            Entity(
                                text: text, name: e.name, country: c, org: nil, sector: e.sector,
                                code: c + e.sector.rawValue)
                        ]
                        mention = Mention(start: i, end: end, sentence: index, kind: .named, entities: ents, prep: prep)
                    } else {
                        let (countries, newEnd) = modifiers(after: end, limit: limit)
                        end = newEnd
                        ents = countries.map {
                            var x = $0
                            x.text = surface(i, end)
                            x.name = e.name
                            x.sector = x.org == nil ? e.sector : x.sector
                            if let c = x.country { x.code = c + e.sector.rawValue }
                            return x
                        }
                        if ents.isEmpty {
                            ents = [
                                Entity(text: text, name: e.name, country: nil, org: nil, sector: e.sector, code: nil)
                            ]
                        }
                        mention = Mention(start: i, end: end, sentence: index, kind: .group, entities: ents, prep: prep)
                    }
                    break refLoop
                case .group(let g), .role(let g):
                    var sector: Sector
                    var role: PersonRole?
                    var name: String
                    if case .group = ref {
                        sector = lex.lexicon.groups[g].sector
                        name = lex.lexicon.groups[g].name
                    } else {
                        sector = lex.lexicon.roles[g].sector
                        role = lex.lexicon.roles[g].role
                        name = lex.lexicon.roles[g].phrase
                    }
                    let (found, newEnd) = modifiers(after: end, limit: limit)
                    end = newEnd
                    let surfaceText = surface(i, end)
                    var ents: [Entity] = []
                    for var x in found {
                        x.text = surfaceText
                        if x.org != nil && x.country == nil {
                            // "le chef de la diplomatie de l'UE": an official of the organization.
                            x.name = surfaceText
                        } else {
                            x.name = surfaceText
                            x.sector = sector
                            x.code = x.country.map { $0 + sector.rawValue }
                        }
                        if let role, let c = x.country, let p = lex.holder(role: role, country: c, at: date) {
                            x = entity(forPerson: p, text: surfaceText)
                        }
                        ents.append(x)
                    }
                    if ents.isEmpty {
                        ents = [
                            Entity(text: surfaceText, name: name, country: nil, org: nil, sector: sector, code: nil)
                        ]
                    }
                    mention = Mention(
                        start: i, end: end, sentence: index, kind: .group, entities: ents, prep: prep, role: role)
                    break refLoop
                }
            }
            if var mm = mention {
                // "le président azerbaïdjanais Ilham Aliev", "le porte-parole du gouvernement, Olivier Véran":
                // the role and the name are one participant.
                if let last = out.last, last.kind == .group, last.role != nil, mm.kind == .named, mm.role != nil,
                    last.end == mm.start
                        || (last.end + 1 == mm.start && tokens[last.end].folded == "," && last.prep == nil)
                {
                    out.removeLast()
                    mm.start = last.start
                    mm.prep = last.prep
                    // "le chef de la diplomatie de l'UE Josep Borrell": the body the person acts for.
                    if let r = last.entities.first, mm.entities[0].country == nil, mm.entities[0].org == nil {
                        mm.entities[0].org = r.org
                        mm.entities[0].country = r.country
                    }
                }
                out.append(mm)
            }
            i = max(end, i + 1)
        }
        // Coordinated phrases share their preposition: "entre les forces azerbaïdjanaises et les forces arméniennes".
        for k in out.indices.dropFirst() where out[k].prep == nil {
            let gap = out[k - 1].end..<out[k].start
            if !gap.isEmpty, gap.count <= 2, tokens[gap.lowerBound].folded == "et",
                gap.dropFirst().allSatisfy({ MentionFinder.articles.contains(tokens[$0].folded) }),
                out[k - 1].prep != nil, out[k].kind != .pronoun
            {
                out[k].prep = out[k - 1].prep
                if out[k - 1].locative && (out[k].kind == .named) {
                    out[k].locative = true
                    out[k].placeCountry = out[k].entities.first?.country
                }
            }
        }
        out = appositionNames(out, in: s)
        // "BRUXELLES | ...", "KIEV (AFP) - ...": a dateline in capitals says where the dispatch was filed.
        if let first = out.first, first.start == s.range.lowerBound, first.kind == .named,
            first.end < s.range.upperBound,
            inCapitals(first), ["|", "(", "-", "—", "–"].contains(tokens[first.end].folded)
        {
            out[0].locative = true
        }
        // "BRUXELLES, 22 mars (AFP) - ...": a place in capitals opening the dispatch, then a comma.
        if let first = out.first, first.start == 0, first.start == s.range.lowerBound, first.kind == .named,
            first.end < s.range.upperBound, tokens[first.end].folded == ",", inCapitals(first),
            let pm = lex.places.longest(at: first.start, in: tokens, limit: first.end)
        {
            out[0].locative = true
            out[0].placeCountry = lex.lexicon.places[pm.payload].country
        }
        // "DUBAÏ, Émirats arabes unis — ...": the city in capitals, then its country, then a dash.
        if out.count >= 2, out[0].start == s.range.lowerBound, out[0].kind == .named, inCapitals(out[0]),
            out[0].end + 1 == out[1].start, tokens[out[0].end].folded == ",", out[1].kind == .named,
            out[1].end < s.range.upperBound, ["(", "-", "—", "–"].contains(tokens[out[1].end].folded)
        {
            for k in 0...1 {
                out[k].locative = true
                out[k].placeCountry = out[k].placeCountry ?? out[k].entities.first?.country
            }
        }
        // "DUBAI, Émirats arabes unis — ...": a city no lexicon holds, in capitals, then its country.
        let lead = s.range.lowerBound
        if let first = out.first, first.kind == .named, first.start == lead + 2, tokens[lead].upper,
            tokens[lead + 1].folded == ",", first.end < s.range.upperBound,
            ["(", "-", "—", "–"].contains(tokens[first.end].folded)
        {
            out[0].locative = true
            out[0].placeCountry = out[0].placeCountry ?? out[0].entities.first?.country
        }
        var depth = 0
        var k = s.range.lowerBound
        for idx in out.indices {
            while k < out[idx].start {
                // Parentheses are punctuation: a word is not compared with them.
                if tokens[k].kind == .punct {
                    let f = tokens.folded(at: k)
                    if f == "(" { depth += 1 }
                    if f == ")" { depth = max(0, depth - 1) }
                }
                k += 1
            }
            out[idx].inParens = depth > 0
        }
        return out
    }

    /// A group or office phrase with a demonym inside it: "la mission russe de maintien de la paix",
    /// "le ministère azerbaïdjanais de la Défense". Returns the phrase match on the text without the
    /// demonym, the country, and the end token.
    func splitPhrase(at i: Int, limit: Int) -> (EntityRef, String, Int)? {
        guard i + 2 < limit, tokens[i].id >= 0, tokens[i + 1].id >= 0, !tokens[i + 1].capitalized,
            let (country, dEnd) = demonym(at: i + 1, limit: limit)
        else {
            return nil
        }
        var virtual = [tokens[i]]
        virtual.append(contentsOf: tokens[dEnd..<min(limit, dEnd + 8)])
        guard let m = lex.entities.longest(at: 0, in: virtual, limit: virtual.count), m.end >= 2 else { return nil }
        for ref in lex.entityRefs[m.payload] {
            switch ref {
            case .group, .role, .office: return (ref, country, dEnd + m.end - 1)
            default: continue
            }
        }
        return nil
    }

    /// The countries or bodies a head noun is qualified by: demonyms ("arméniennes", "russe et turc")
    /// or "de X" within a few words. Returns them and the end of the qualified phrase.
    func modifiers(after start: Int, limit: Int) -> ([Entity], Int) {
        var found: [Entity] = []
        var k = start
        var end = start
        var skipped = 0
        while k < limit && skipped <= 5 {
            let t = tokens[k]
            if t.kind != .word { break }
            if let (c, e) = demonym(at: k, limit: limit), !t.capitalized || found.isEmpty && k == start {
                found.append(entity(forCountry: c, text: ""))
                k = e
                end = e
                if k + 1 < limit, tokens[k].folded == "et", let (c2, e2) = demonym(at: k + 1, limit: limit) {
                    found.append(entity(forCountry: c2, text: ""))
                    k = e2
                    end = e2
                }
                continue
            }
            if found.isEmpty, k == start, let (oe, oend) = orgDemonym(at: k, limit: limit) {
                // "le chef de la diplomatie européenne", "les sanctions européennes".
                found.append(oe)
                end = oend
                break
            }
            if let (e, ge) = genitive(at: k, limit: limit) {
                if found.isEmpty { found.append(e) }
                k = ge
                end = ge
                break
            }
            // "les forces spéciales du Tchad": one adjective, not a participle ("retirées du Mali" is
            // where they left), before the country's genitive.
            // "les manœuvres militaires autour de Taïwan": a place around which is no owner.
            if found.isEmpty, k == start, !t.capitalized, k + 1 < limit, !t.endsInAcuteE(in: text),
                !MentionFinder.surroundings.contains(t.folded), let (e, ge) = genitive(at: k + 1, limit: limit)
            {
                found.append(e)
                end = ge
                break
            }
            // Complements of the head ("de la Défense", "des Affaires étrangères") may sit between.
            let w = t.folded
            // "la coalition sous commandement saoudien": the command names whose forces they are.
            let command = w == "commandement" || w == "sous" && k + 1 < limit && tokens[k + 1].folded == "commandement"
            if w == "de" || w == "d'" || w == "du" || w == "des" || w == "la" || w == "l'" || w == "le" || w == "les"
                || (t.capitalized && skipped > 0) || w == "affaires" || w == "etrangeres" || w == "armees" || command
            {
                if !found.isEmpty && !(t.capitalized || w == "de" || w == "des" || w == "la" || w == "l'") { break }
                k += 1
                skipped += 1
                continue
            }
            break
        }
        if found.isEmpty { return ([], start) }
        // Absorb the complement words after the last modifier ("azerbaïdjanais de la Défense").
        var j = end
        if j < limit, tokens[j].folded == "de" || tokens[j].folded == "des" {
            var n = 0
            var k2 = j + 1
            while k2 < limit, n < 3, tokens[k2].kind == .word,
                ["la", "l'", "le", "les"].contains(tokens[k2].folded) || tokens[k2].capitalized
            {
                k2 += 1
                n += 1
            }
            if n > 0 && tokens[k2 - 1].capitalized { j = k2 }
        }
        return (found, max(end, j))
    }
}
