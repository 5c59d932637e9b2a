import Foundation
import VigieProtocol

/// What the reader remembers across sentences: who the text is about.
struct Discourse {
    /// The participants of the last clause with an explicit subject ("il" refers to them).
    var focus: [Entity] = []
    /// The last person named in each role ("le président" refers to them).
    var byRole: [PersonRole: Entity] = [:]
    /// The last person named at all.
    var lastPerson: Entity?
    /// The last participant named ("ce dernier").
    var last: [Entity] = []
    /// The named participants of the last event with more than one ("les dirigeants").
    var participants: [Entity] = []
    /// Bodies by the first word of their name ("cour" for the Cour internationale de justice).
    var bodies: [String: Entity] = [:]
    /// The body or country a person was said to act for ("le chef de la diplomatie de l'UE Josep Borrell").
    var affiliation: [String: Entity] = [:]
    /// The sentence where a person was last named.
    var lastPersonSentence = -10
    /// The last person named in each role who belongs to the dispatch's home country
    /// ("le président de la République" in a French dispatch).
    var byRoleHome: [PersonRole: Entity] = [:]
    /// The last body named ("l'ONG", "l'organisation" refer to it).
    var lastBody: Entity?
    var lastNGO: Entity?
}

extension EventReader {
    /// Set VIGIE_EXTRACT_DEBUG=1 to trace sentences, mentions and cues on standard error.
    static let debug = ProcessInfo.processInfo.environment["VIGIE_EXTRACT_DEBUG"] != nil

    init(
        lex: CompiledLexicon, tokens: [Token], sentences: [Sentence], text: [UInt8], published: String?,
        syntax: Syntax? = nil, deadline: ContinuousClock.Instant? = nil
    ) {
        self.deadline = deadline
        self.syntax = syntax
        self.lex = lex
        self.tokens = tokens
        self.sentences = sentences
        self.text = text
        self.published = published
        // The sides: countries counted over every mention, forces weighing more than states.
        let finder = MentionFinder(lex: lex, tokens: tokens, text: text, date: published)
        var weight: [String: Int] = [:]
        var military: [String: Int] = [:]
        var placeCount: [String: Int] = [:]
        var order: [String] = []
        var all: [[Mention]] = []
        all.reserveCapacity(sentences.count)
        for (si, s) in sentences.enumerated() {
            // Past the deadline the coder gives up: the remaining sentences get no mentions.
            if let deadline, ContinuousClock.now >= deadline {
                all.append([])
                continue
            }
            let found = finder.mentions(in: s, index: si)
            // A sentence about fighting counts its countries as sides (asked only when it names one).
            let weighs = found.contains { m in
                (m.kind == .named || m.kind == .group || m.kind == .adjective) && !m.locative
                    && m.entities.contains { $0.country != nil }
            }
            let conflict =
                weighs
                && s.range.contains {
                    // A switch, not an array literal: in a closure the literal is allocated per token.
                    switch tokens[$0].folded {
                    case "affrontements", "combats", "belligerants", "frontiere": return true
                    default: break
                    }
                    return lex.predicates.first(at: $0, in: tokens, limit: s.range.upperBound) { pm in
                        lex.lexicon.predicates[pm.payload].event == .assault ? true : nil
                    } ?? false
                }
            all.append(found)
            for m in found {
                if m.locative, let c = m.placeCountry { placeCount[c, default: 0] += 1 }
                guard m.kind == .named || m.kind == .group || m.kind == .adjective, !m.locative else { continue }
                for e in m.entities {
                    guard let c = e.country else { continue }
                    if weight[c] == nil { order.append(c) }
                    weight[c, default: 0] += 1
                    if e.sector == .mil || e.sector == .reb { military[c, default: 0] += 2 }
                    if conflict { military[c, default: 0] += e.sector == .cvl ? 1 : 2 }
                }
            }
            for k in s.range {
                for pm in lex.places.matches(at: k, in: tokens, limit: s.range.upperBound) {
                    if let c = lex.lexicon.places[pm.payload].country { placeCount[c, default: 0] += 1 }
                }
            }
        }
        // The sides of a conflict are the countries whose forces the text names most.
        let ranked = order.enumerated().sorted {
            let am = military[$0.element] ?? 0
            let bm = military[$1.element] ?? 0
            if am != bm { return am > bm }
            let a = weight[$0.element]!
            let b = weight[$1.element]!
            return a != b ? a > b : $0.offset < $1.offset
        }.map(\.element)
        var sides: [Entity] = []
        if ranked.count >= 2, (military[ranked[0]] ?? 0) >= 1, weight[ranked[1]]! >= 2 {
            sides = ranked.prefix(2).map { finder.entity(forCountry: $0, text: lex.countryNames[$0] ?? $0) }
        }
        self.sides = sides
        self.sentenceMentions = all
        // The dateline place ("Paris |", "BERLIN |") or the most named place.
        var home: String?
        if tokens.count > 2, tokens[1].folded == "|" || tokens[1].folded == ",",
            let pm = lex.places.longest(at: 0, in: tokens, limit: 1)
        {
            home = lex.lexicon.places[pm.payload].country
        }
        // The country named most (as a state, a person's or a place's country).
        var total = weight
        for (c, n) in placeCount { total[c, default: 0] += n }
        let main = total.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.first?.key
        self.homeCountry = home ?? main
        self.mainCountry = main
    }

    /// Every candidate event of the dispatch, in text order.
    func read() -> [Candidate] {
        var dates = DateReader(tokens: tokens, published: published, sentences: sentences)
        var discourse = Discourse()
        var all: [Candidate] = []
        var lastDay: Day?
        var lastNewsDay: Day?
        // The first day the lead (first two paragraphs) gives in the header month.
        var newsDay: Day?
        for s in sentences where s.paragraph <= 3 {
            if let d = dates.mentions(in: s.range).first(where: {
                $0.0.day != nil && $0.0.day!.year == dates.headerYear && $0.0.day!.month == dates.headerMonth
            })?.0.day {
                newsDay = d
                break
            }
        }
        dates.newsDay = newsDay
        var previousSentenceDate: (String, DatePrecision, Int)?  // value, precision, paragraph
        for (si, s) in sentences.enumerated() {
            if pastDeadline { break }
            var ms = sentenceMentions[si]
            let place = self.place(in: s, mentions: ms)
            resolve(
                &ms, discourse: discourse,
                placeCountry: ms.first(where: { $0.locative && $0.placeCountry != nil })?.placeCountry ?? place?.country
            )

            // Dates of the sentence; weekdays anchored to the dateline or the last explicit day.
            var sentenceDates: [DateMention] = []
            for (dm, wd) in dates.mentions(in: s.range) {
                if let wd {
                    // "samedi 7 novembre" then "jeudi": the anchor is the last day of the news period.
                    let anchor = dates.docDay ?? lastNewsDay ?? lastDay
                    guard let anchor, dates.reference != nil else { continue }
                    let d = DateReader.resolve(weekday: wd, anchor: anchor)
                    sentenceDates.append(DateMention(token: dm.token, value: d.text, precision: .day, day: d))
                } else {
                    sentenceDates.append(dm)
                    if let d = dm.day {
                        lastDay = d
                        if d.year == dates.headerYear && d.month == dates.headerMonth { lastNewsDay = d }
                    }
                }
            }
            if dates.docDay == nil, let first = sentenceDates.first(where: { $0.day != nil }), lastDay == nil {
                lastDay = first.day
            }

            var cands = cues(in: s, index: si, mentions: ms, place: place, previous: all, discourse: &discourse)
            cands.removeAll { isCausedByNobody($0, in: s) }
            if EventReader.debug {
                var line =
                    "S\(si) [\(s.paragraph)] "
                    + surface(tokens[s.range.lowerBound].start, tokens[s.range.upperBound - 1].end)
                for m in ms {
                    let ents = m.entities.map { "\($0.name ?? "-")/\($0.matchKey ?? "-")" }.joined(separator: ",")
                    line +=
                        "\n   M \(m.kind) '\(surface(tokens[m.start].start, tokens[m.end - 1].end))' prep=\(m.prep ?? "-")"
                        + " loc=\(m.locative) [\(ents)]"
                }
                for c in cands {
                    let a = c.actor.map { $0.matchKey ?? "-" }.joined(separator: ",")
                    let r = c.recipient.map { $0.matchKey ?? "-" }.joined(separator: ",")
                    let cue = c.cueRow.map { lex.lexicon.predicates[$0].cue } ?? "-"
                    line +=
                        "\n   C \(c.type) \(c.mode ?? "-") '\(tokens[c.cueStart].folded)' A[\(a)] R[\(r)] cue=\(cue)"
                }
                FileHandle.standardError.write((line + "\n").data(using: .utf8)!)
            }

            // Dates, places, sizes.
            for k in cands.indices {
                // "l'ordonnance de la Cour du 7 décembre 2021" dates the order, not the event: such dates
                // after the cue count only when nothing else does.
                func distance(_ d: DateMention) -> Int {
                    let attributive =
                        d.token > cands[k].cueStart && d.token > s.range.lowerBound
                        && ["du", "de"].contains(tokens[d.token - 1].folded)
                    return abs(d.token - cands[k].cueStart) + (attributive ? 1000 : 0)
                }
                // "promis de remettre le pouvoir avant le 30 juin": a deadline, not the day of the event.
                let deadline: (DateMention) -> Bool = { d in
                    (max(s.range.lowerBound, d.token - 2)..<d.token).contains {
                        EventReader.deadlineWords.contains(tokens.folded(at: $0))
                    }
                }
                if let best = sentenceDates.filter({ !deadline($0) }).min(by: { distance($0) < distance($1) }) {
                    cands[k].date = best.value
                    cands[k].precision = best.precision
                } else if let prev = previousSentenceDate, prev.1 == .day,
                    prev.2 == s.paragraph
                        // "avaient ouvert le feu" right after a dated paragraph: the pluperfect looks back to it.
                        || (prev.2 == s.paragraph - 1
                            && (max(s.range.lowerBound, cands[k].cueStart - 3)..<cands[k].cueStart).contains(where: {
                                ["avait", "avaient", "etait", "etaient"].contains(tokens[$0].folded)
                            }))
                {
                    cands[k].date = prev.0
                    cands[k].precision = prev.1
                } else if let d = dates.docDay ?? newsDay {
                    // The news of the day: the dateline, or the day the lead gives.
                    cands[k].date = d.text
                    cands[k].precision = .day
                } else if let y = dates.headerYear {
                    if let m = dates.headerMonth {
                        cands[k].date = "\(y)-\(DateReader.pad(m))"
                        cands[k].precision = .month
                    } else {
                        cands[k].date = "\(y)"
                        cands[k].precision = .year
                    }
                } else if let d = dates.docDay {
                    cands[k].date = "\(d.year)-\(DateReader.pad(d.month))"
                    cands[k].precision = .month
                }
                cands[k].place = place
            }
            if let d = sentenceDates.first(where: { $0.precision == .day }) {
                previousSentenceDate = (d.value, d.precision, s.paragraph)
            } else if previousSentenceDate?.2 != s.paragraph {
                previousSentenceDate = nil
            }
            for sm in SizeReader.mentions(in: s.range, tokens) {
                // "une première guerre qui a fait 30.000 morts": the toll of the noun before "qui".
                if let q = (max(s.range.lowerBound, sm.token - 6)..<sm.token).last(where: { tokens[$0].folded == "qui" }
                ) {
                    var head = q - 1
                    if head >= s.range.lowerBound, tokens[head].folded == "," { head -= 1 }
                    // A war's total ("une guerre qui a fait 30.000 morts") is not the toll of the clash told.
                    if head >= s.range.lowerBound,
                        ["guerre", "guerres", "conflit", "conflits"].contains(tokens[head].folded)
                    {
                        continue
                    }
                }
                // Arrests are counted by the arrest told in the sentence; deaths and wounds by the violence.
                let order: [EventType] =
                    sm.field == .arrested ? [.coerce, .protest, .assault] : [.assault, .protest, .coerce]
                var best: Int?
                for type in order {
                    let idx = cands.indices.filter { cands[$0].type == type }.min {
                        abs(cands[$0].cueStart - sm.token) < abs(cands[$1].cueStart - sm.token)
                    }
                    if let idx {
                        best = idx
                        break
                    }
                }
                guard let b = best else {
                    // "En outre, 19 autres soldats ont été blessés": the toll of the event just told.
                    if cands.isEmpty, let k = all.indices.last, all[k].sentence == si - 1,
                        sentences[si - 1].paragraph == s.paragraph, [.assault, .protest].contains(all[k].type)
                    {
                        switch sm.field {
                        case .dead: if all[k].size.dead == nil { all[k].size.dead = sm.value }
                        case .injured: if all[k].size.injured == nil { all[k].size.injured = sm.value }
                        case .arrested: if all[k].size.arrested == nil { all[k].size.arrested = sm.value }
                        }
                    }
                    continue
                }
                switch sm.field {
                case .dead: if cands[b].size.dead == nil { cands[b].size.dead = sm.value }
                case .injured: if cands[b].size.injured == nil { cands[b].size.injured = sm.value }
                case .arrested: if cands[b].size.arrested == nil { cands[b].size.arrested = sm.value }
                }
            }
            // "9 civils ont péri" with no attacker told in the sentence: a death, not an attack by anyone named.
            all.append(
                contentsOf: mergeInSentence(cands).filter {
                    !($0.actor.isEmpty && EventReader.victimVerbs.contains(tokens[$0.cueStart].folded))
                })

            // The focus moves to the subject of this sentence.
            for m in ms where m.kind == .named {
                for e in m.entities {
                    if let org = e.org, e.country == nil, e.name != nil, m.role == nil {
                        let first = tokens[m.start].folded
                        discourse.bodies[first] = e
                        discourse.lastBody = e
                        if e.sector == .ngo { discourse.lastNGO = e }
                        _ = org
                    }
                    if m.role != nil, let name = e.name, e.org != nil || e.country != nil {
                        discourse.affiliation[name] = e
                    }
                }
                if m.role != nil { discourse.lastPersonSentence = si }
            }
            for m in ms where m.kind == .named || m.kind == .group {
                if m.entities.contains(where: { $0.matchKey != nil }) { discourse.last = m.entities }
                // A state ("L'Arménie", named "Arménie") is no person "sa visite" or "il" could refer to.
                for e in m.entities
                where (e.name != nil && e.name != e.text || m.role != nil && m.kind == .named)
                    && !(e.country != nil && e.name == lex.countryNames[e.country!])
                {
                    discourse.lastPerson = e
                    if let r = m.role {
                        discourse.byRole[r] = e
                        if e.country != nil && e.country == homeCountry { discourse.byRoleHome[r] = e }
                    }
                }
            }
            if let subj = ms.first(where: {
                isParticipant($0) && $0.prep == nil
                    && ($0.kind == .named || $0.role != nil
                        // "l'armée s'est octroyé le pouvoir. Elle a promis": a state's force or body as subject.
                        || ($0.kind == .group && $0.entities.allSatisfy { [.mil, .jud, .leg].contains($0.sector) }))
                    && $0.entities.contains { $0.matchKey != nil }
            }) {
                discourse.focus = subj.entities
            }
            if let c = all.first(where: {
                $0.sentence == si && $0.actorInClause && !$0.actor.isEmpty && $0.kind == .verb
            }) {
                discourse.focus = c.actor
            }
            if let c = all.last(where: { $0.sentence == si && !$0.actor.isEmpty && !$0.fromSides }) {
                let named = EventReader.dedupe(
                    (c.actor + (c.type == .consult ? c.recipient : [])).filter {
                        $0.matchKey != nil && ($0.name?.first?.isUppercase ?? false)
                    })
                if named.count >= 2 { discourse.participants = named }
            }
        }
        return all.map(recode)
    }

    /// Gives pronouns, "les deux pays", bare roles and groups without a country their referents.
    func resolve(_ ms: inout [Mention], discourse: Discourse, placeCountry: String?) {
        for k in ms.indices {
            switch ms[k].kind {
            case .pronoun:
                let w = tokens[ms[k].start].folded
                let lower = sentences[ms[k].sentence].range.lowerBound
                if w == "il" || w == "elle" || w == "ils" || w == "elles", tokens[lower].folded == "quant",
                    let topic = ms[..<k].first(where: { $0.start <= lower + 3 && !$0.entities.isEmpty })
                {
                    // "Quant au ministère britannique, s'il conseille ...": the topic just set.
                    ms[k].entities = topic.entities
                } else if w == "ce" || w == "cette" {
                    ms[k].entities = k > 0 ? ms[k - 1].entities : discourse.last
                } else if (w == "il" || w == "elle"), let p = discourse.lastPerson,
                    ms[k].sentence - discourse.lastPersonSentence <= 2,
                    discourse.focus.count != 1
                        || discourse.focus[0].matchKey == nil
                {
                    // "il", "elle" after a named person: that person, unless the focus is one participant.
                    ms[k].entities = [p]
                } else {
                    ms[k].entities = discourse.focus
                }
            case .sides:
                ms[k].entities = sides
            case .named:
                for e in ms[k].entities.indices where ms[k].entities[e].matchKey == nil {
                    if let name = ms[k].entities[e].name, let a = discourse.affiliation[name] {
                        ms[k].entities[e].org = a.org
                        ms[k].entities[e].country = a.country
                    }
                }
            case .group:
                if ms[k].entities.count == 1, ms[k].entities[0].name == "enclave population" {
                    if let c = enclaveCountry() {
                        ms[k].entities[0] = Entity(
                            text: ms[k].entities[0].text, name: ms[k].entities[0].text, country: c, org: nil,
                            sector: .cvl, code: c + "CVL")
                    } else {
                        ms[k].entities[0].name = ms[k].entities[0].text
                    }
                    continue
                }
                if let short = ms[k].shortName {
                    if let body = discourse.bodies[short]
                        ?? (short == "ong" ? discourse.lastNGO : short == "organisation" ? discourse.lastBody : nil)
                    {
                        ms[k].entities = [body]
                    }
                    continue
                }
                for e in ms[k].entities.indices where ms[k].entities[e].matchKey == nil {
                    if let role = ms[k].role {
                        let head =
                            tokens[ms[k].start].folded == "les" || tokens[ms[k].start].folded == "des"
                            ? tokens[min(ms[k].start + 1, ms[k].end - 1)].folded : tokens[ms[k].start].folded
                        if head.hasSuffix("s") || head.hasSuffix("x") || tokens[max(0, ms[k].start - 1)].folded == "les"
                        {
                            // "les dirigeants", "les chefs d'État", "les ministres": the people the text is about.
                            if !discourse.participants.isEmpty {
                                ms[k].entities = discourse.participants
                            } else if !discourse.focus.isEmpty {
                                ms[k].entities = discourse.focus
                            }
                            break
                        }
                        if let p = discourse.byRoleHome[role] ?? discourse.byRole[role] ?? discourse.lastPerson {
                            ms[k].entities[e] = p
                        } else if [.gov, .mil, .leg, .jud, .cop].contains(ms[k].entities[e].sector),
                            let c = homeCountry
                        {
                            // "le Premier ministre" with no one named yet: the office of the state
                            // the dispatch is about (assumed, so no actor code).
                            ms[k].entities[e].country = c
                            ms[k].entities[e].code = nil
                        }
                        continue
                    }
                    if ms[k].entities[e].name == "international forces" {
                        // "les forces internationales": the alliance the dispatch names, else no country at all.
                        if let body = internationalForce() {
                            ms[k].entities[e] = Entity(
                                text: ms[k].entities[e].text, name: body.name, country: nil, org: body.org,
                                sector: .mil, code: body.org)
                        }
                        continue
                    }
                    let sector = ms[k].entities[e].sector
                    if sector == .unk || sector == .igo || sector == .ngo { continue }
                    // "son gouvernement", "ses forces": the country of the one named just before.
                    if ms[k].start > 0, ["son", "sa", "ses", "leur", "leurs"].contains(tokens[ms[k].start - 1].folded),
                        let owner = ms[..<k].last(where: { $0.entities.contains { $0.country != nil } })?.entities
                            .first(where: {
                                $0.country != nil
                            })?.country
                    {
                        ms[k].entities[e].country = owner
                        ms[k].entities[e].code = owner + sector.rawValue
                        continue
                    }
                    // A government body without a country belongs to the state the text is about;
                    // civilians and police to the place.
                    let focusCountry = discourse.focus.compactMap(\.country).first
                    // "le ministère des Affaires étrangères à Rome": the place right after the body first.
                    let locative =
                        ms.first(where: {
                            $0.locative && $0.start >= ms[k].end && $0.start <= ms[k].end + 1 && $0.placeCountry != nil
                        })?.placeCountry
                        ?? ms.first(where: { $0.locative && $0.kind == .named && $0.placeCountry != nil })?
                        .placeCountry
                    let c =
                        [.gov, .leg, .jud, .mil].contains(sector)
                        ? (locative ?? focusCountry ?? homeCountry) : (placeCountry ?? homeCountry)
                    if let c {
                        // A country assumed, not read: no actor code, and implied sides may replace it.
                        ms[k].entities[e].country = c
                        ms[k].entities[e].code = nil
                    }
                }
            default:
                continue
            }
        }
    }

    /// The polity of the territory the dispatch names most ("Haut-Karabakh" is NKR): what "cette enclave" is.
    func enclaveCountry() -> String? {
        var count: [String: Int] = [:]
        var k = 0
        while k < tokens.count {
            if let pm = lex.places.longest(at: k, in: tokens, limit: tokens.count) {
                let p = lex.lexicon.places[pm.payload]
                if p.kind == "territory" { count[p.name, default: 0] += 1 }
                k = pm.end
                continue
            }
            k += 1
        }
        guard let name = count.max(by: { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key })?.key else {
            return nil
        }
        return lex.lexicon.countries.first(where: { $0.name == name || $0.aliases.contains(name) })?.code
    }

    /// The first alliance or international body with forces the dispatch names ("l'OTAN", "l'ONU").
    func internationalForce() -> Entity? {
        let bodies: Set<String> = ["NATO", "UN", "EU", "AU", "ECOWAS", "CSTO"]
        for ms in sentenceMentions {
            for m in ms where m.kind == .named || m.kind == .group {
                if let e = m.entities.first(where: { $0.country == nil && bodies.contains($0.org ?? "") }) { return e }
            }
        }
        return nil
    }

    /// The most specific named place of the sentence: a site or city before a region before a country.
    func place(in s: Sentence, mentions: [Mention]) -> Place? {
        var best: (Place, Int)?
        let rank = EventReader.placeRanks
        var k = s.range.lowerBound
        while k < s.range.upperBound {
            // "le Groupe de Minsk", "la Cour de Paris": a place inside a body's or a person's name is no place.
            // "Kiev a lancé sa contre-offensive": a capital standing for its state is no place either.
            if let named = mentions.first(where: {
                $0.kind == .named && !$0.locative && $0.start <= k && k < $0.end
                    && $0.entities.contains { $0.org != nil || ($0.name != nil && $0.name != $0.text) }
            }) {
                k = named.end
                continue
            }
            if let pm = lex.places.longest(at: k, in: tokens, limit: s.range.upperBound) {
                let p = lex.lexicon.places[pm.payload]
                let r = rank[p.kind] ?? 1
                if best == nil || r > best!.1 {
                    best = (Place(name: p.name, country: p.country, lat: p.lat, lon: p.lon), r)
                }
                k = pm.end
                continue
            }
            k += 1
        }
        if best == nil {
            for m in mentions where m.locative {
                if let c = m.placeCountry, let row = lex.lexicon.countries.first(where: { $0.code == c }) {
                    return Place(name: row.name, country: c, lat: row.lat, lon: row.lon)
                }
            }
        }
        return best?.0
    }

    /// How specific a place kind is (built once, not per sentence).
    static let placeRanks = ["site": 4, "city": 3, "capital": 3, "territory": 2, "region": 2, "country": 1]

    // The prepositions `attribute` accepts before a recipient (built once, not per cue; nil: none).
    /// After a consultation verb: "s'est entretenu avec X", "a reçu X", "a été reçu par X".
    static let consultObjectPreps: Set<String?> = ["avec", nil, "à", "au", "aux", "par"]
    /// After a request verb, "entre" too: "appelle au dialogue entre X et Y".
    static let requestObjectPreps: Set<String?> = [nil, "à", "au", "aux", "contre", "avec", "sur", "envers", "entre"]
    /// After any other verb.
    static let verbObjectPreps: Set<String?> = [nil, "à", "au", "aux", "contre", "avec", "sur", "envers"]
    /// The genitive of a verb's object: "condamne l'action de X".
    static let genitivePreps: Set<String?> = ["de", "d'", "du", "des"]
    // Word lists of `passiveVoice`, built once (an array literal there is allocated per token).
    /// "se voient refuser": "voir" before an infinitive or participle the subject undergoes.
    static let passiveVoir: FoldedSet = ["voit", "voient", "vu", "vue", "vus", "vues", "voyait", "voyaient"]
    static let etreForms: FoldedSet = ["est", "sont", "etait", "etaient"]
    static let reflexives: FoldedSet = ["se", "s'"]
    /// Words that may stand between the auxiliary and the participle ("sont quant à eux appelés").
    static let passiveInserts: FoldedSet = ["quant", "à", "eux", "elles"]
    /// Auxiliaries of the active voice ("a été" is passive, but "a" alone is not).
    static let activeAuxiliaries: FoldedSet = ["a", "ont", "avait", "avaient", "s'", "se"]
    // Word lists of `attribute`, built once (an array literal there is allocated per candidate).
    /// Words governing a noun cue that make it background, not the subject's act ("après les combats").
    static let backgroundGovernors: FoldedSet = [
        "concernant", "apres", "depuis", "face", "malgre", "avant", "contre", "dans", "sur", "pendant", "durant",
        // "mourir sous la torture", "au prochain sommet": circumstances and future meetings.
        "sous", "prochain", "prochaine", "futur", "future",
    ]
    /// Stems of the verbs governing a noun cue that make it background.
    static let backgroundStems: StemList = [
        // "éviter les manifestations", "où se déroulent les manifestations", "à la veille de nouvelles ...".
        "evit", "crai", "redout", "interdi", "empech", "prevenir", "previen", "dissuad", "eloign", "deroul", "veille",
        // "arrêtez la destruction", "la cessation des hostilités": what is to stop, not a deed.
        "arret", "cess", "stopp",
        // "tentait un mea culpa", "prépare une agression", "envisage une visite": intended, not done.
        "tentai", "tentent", "tente", "tenter", "essai", "essay", "prepar", "envisag", "planifi",
        // "un accord qui prévoit le déploiement de soldats": provided for, not yet done.
        "prevoi", "prevoy",
        // "a reporté l'élection, provoquant des manifestations": others protest, caused by the subject.
        "provoqu", "suscit",
    ]
    static let quoteMarks: FoldedSet = ["«", "»", "\""]
    /// The prepositions of a noun cue's target ("l'offensive contre X").
    static let nounTargetPreps: Set<String?> = ["contre", "sur", "avec", "à", "au", "aux", "envers"]
    /// Words before a date that make it a deadline ("avant le 30 juin", "d'ici au 1er mai").
    static let deadlineWords: FoldedSet = ["avant", "ici", "jusqu'au", "jusqu'a", "jusqu'à", "jusqu'"]
    /// Words by which the writer disputes what the noun after them says happened ("les prétendues manifestations").
    static let disputingWords: FoldedSet = ["pretendu", "pretendue", "pretendus", "pretendues", "soi-disant"]
    // Word lists of `cues`, built once (an array literal there is allocated per cue or per token).
    /// Determiners that make a verb cue its noun ("la demande", "l'attaque").
    static let determiners: FoldedSet = [
        "la", "une", "sa", "son", "leur", "cette", "ce", "cet", "l'", "un", "le", "les", "des", "ces", "ses", "du",
        "d'",
    ]
    /// "très critique", "plus menaçant": adverbs of degree make the cue an adjective.
    static let degreeAdverbs: FoldedSet = ["tres", "trop", "si", "assez", "peu"]
    /// Nouns whose "de" complement is still the event ("une série d'attaques", "les auteurs de l'attentat").
    static let eventHeads: FoldedSet = [
        "fin", "nombre", "series", "serie", "vague", "scenes", "scene", "actes", "acte", "journee", "nuit", "paquet",
        "train", "salve", "jour", "episode", "regain", "flambee", "theatre", "responsable", "responsables", "auteur",
        "auteurs", "victime", "victimes", "cible",
    ]
    static let genitiveWords: FoldedSet = ["de", "d'", "des", "du"]
    /// Stems of the verbs that impose sanctions ("adopté", "inflige").
    static let sanctionImposers: StemList = [
        "adopt", "impos", "decret", "annonc", "pris", "prend", "inflig", "vot", "durci", "etend", "renforc", "approuv",
        "decid", "appliqu", "frapp",
    ]
    /// Stems of the ways a blockade closes ("la route", "l'accès au corridor").
    static let blockedWays: StemList = [
        "route", "autoroute", "acces", "frontiere", "corridor", "port", "pont", "rond", "raffinerie", "depot", "entree",
        "passage", "axe", "carrefour", "voie", "aeroport", "gare", "livraison", "acheminement", "aide", "convoi",
        "ville", "centre", "rue", "site", "usine",
    ]
    static let longPeriods: FoldedSet = ["decennies", "annees", "siecles"]
    /// Auxiliaries after "et" that start a new verb ("et ont ensuite déclaré").
    static let newVerbAuxiliaries: FoldedSet = ["a", "ont", "avait", "avaient", "est", "sont"]
    static let closingQuotes: FoldedSet = ["»", "\""]
    /// Possessives and demonstratives that may refer back to an event ("sa visite", "ces attaques").
    static let possessives: FoldedSet = ["sa", "son", "ses", "ma", "mon", "leur", "ces", "cette"]
    /// Words before such a possessive that keep it a reference ("lors de sa visite", "ce ... ").
    static let occasionWords: FoldedSet = ["lors", "ce", "cet"]
    /// Words announcing a title in quotes ("Intitulé « ... »"), and those opening the clause after it.
    static let titleWords: FoldedSet = ["intitule", "intitulee", "intitules", "intitulees", "titre"]
    static let titleEnders: FoldedSet = ["ce", "cette", "ces", "le", "la", "les", "l'", "un", "une", "il", "elle"]

    // MARK: - Cues

    func cues(
        in s: Sentence, index si: Int, mentions ms: [Mention], place: Place?, previous: [Candidate],
        discourse: inout Discourse
    ) -> [Candidate] {
        var out: [Candidate] = []
        // The last word announcing a title before the cue: cues come in order, so each word is read once.
        var titleScanned = s.range.lowerBound
        // Whether the sentence is a question, read for the first cue that gets that far.
        var question: Bool?
        var lastTitle: Int?
        var i = s.range.lowerBound
        let sStart = tokens[s.range.lowerBound].start
        let sEnd = tokens[s.range.upperBound - 1].end
        while i < s.range.upperBound {
            guard tokens[i].kind == .word, let m = lex.predicates.longest(at: i, in: tokens, limit: s.range.upperBound)
            else {
                i += 1
                continue
            }
            var p = lex.lexicon.predicates[m.payload]
            // A cue that gives an event covers its words; one refused by a rule below leaves
            // them to the cues inside it ("décrété l'état d'urgence" refused as a verb may still
            // be "l'état d'urgence", a noun).
            var accepted = false  // or refused for the whole phrase
            defer { i = accepted ? m.end : m.start + 1 }
            if p.kind == .modifier { continue }
            // A cue inside a name ("Organisation pour la sécurité et la coopération") is no cue.
            if ms.contains(where: { $0.kind == .named && $0.start <= m.start && m.start < $0.end }) { continue }
            let c = m.start
            // The verb of "s'engager", "se retirer" is the word after the pronoun.
            let v = (tokens[c].folded == "s'" || tokens[c].folded == "se") && c + 1 < m.end ? c + 1 : c
            let prevWord = c > s.range.lowerBound ? tokens[c - 1].folded : ""
            if p.kind == .verb, EventReader.determiners.contains(prevWord) {
                // "la demande de l'Arménie", "l'attaque", "ce tir": the verb's noun.
                p.kind = .noun
            }
            // "les prétendues « manifestations »": the writer disputes what the noun says happened.
            if p.kind != .verb,
                (max(s.range.lowerBound, c - 2)..<c).contains(where: {
                    EventReader.disputingWords.contains(tokens.folded(at: $0))
                })
            {
                continue
            }
            let obligation = ["tenu", "tenue", "tenus", "tenues"].contains(tokens[c].folded)
            if obligation {
                // "l'Azerbaïdjan est tenu de ...", not "le sommet s'est tenu" nor "tenu responsable".
                let before = c - 1 >= s.range.lowerBound ? tokens[c - 1].folded : ""
                let twoBefore = c - 2 >= s.range.lowerBound ? tokens[c - 2].folded : ""
                let after = c + 1 < s.range.upperBound ? tokens[c + 1].folded : ""
                if !["est", "sont", "etait", "etaient"].contains(before) || ["s'", "se"].contains(twoBefore)
                    || after.hasPrefix("responsable") || after == "pour" || after == "a" || after == "à"
                {
                    continue
                }
            }
            // "le conseiller du président", "l'ex-conseiller": a person's title, not advice given.
            if p.kind != .verb || ["ex", "-"].contains(prevWord), tokens[c].folded.hasPrefix("conseill"),
                !tokens[c].folded.hasPrefix("conseils")
            {
                continue
            }
            if p.kind == .verb, adjectival(s, v) { continue }
            // "une « agression » menaçant l'existence du pays": a participle after a noun qualifies the noun.
            if p.kind == .verb, tokens[v].folded.hasSuffix("ant"), v > s.range.lowerBound,
                tokens[v - 1].folded == "»" || tokens[v - 1].folded == "\""
            {
                continue
            }
            // "très critique", "plus menaçant": an adjective.
            if EventReader.degreeAdverbs.contains(prevWord) { continue }
            // "une mission d'enquête", "la conséquence d'accusations": a noun qualifying another noun.
            if p.kind != .verb, prevWord == "d'" || prevWord == "de", c >= s.range.lowerBound + 2,
                tokens[c - 2].kind == .word, !EventReader.eventHeads.contains(tokens.folded(at: c - 2))
            {
                continue
            }
            // "se rejettent la responsabilité des attaques", "revendiqué la responsabilité de l'attentat": the deed
            // is told elsewhere; this is what the blame is about.
            if p.kind != .verb,
                (max(s.range.lowerBound, c - 3)..<c).contains(where: { tokens[$0].folded == "responsabilite" }),
                (max(s.range.lowerBound, c - 2)..<c).contains(where: {
                    EventReader.genitiveWords.contains(tokens.folded(at: $0))
                })
            {
                continue
            }
            // "Intitulé « Arrestations, tortures et disparitions », ce rapport ...": the words of a title.
            while titleScanned < c {
                if EventReader.titleWords.contains(tokens.folded(at: titleScanned)) { lastTitle = titleScanned }
                titleScanned += 1
            }
            if let t = lastTitle,
                !(t..<c).contains(where: {
                    tokens[$0].folded == "," && $0 + 1 < c
                        && EventReader.titleEnders.contains(tokens.folded(at: $0 + 1))
                })
            {
                continue
            }
            // "les combats se sont arrêtés", "a arrêté de tirer", "un arrêté préfectoral": no arrest.
            if p.event == .coerce, tokens[c].folded.hasPrefix("arrete"),
                p.kind != .verb
                    || (max(s.range.lowerBound, c - 3)..<c).contains(where: {
                        EventReader.reflexives.contains(tokens.folded(at: $0))
                    })
                    || (m.end < s.range.upperBound && ["de", "d'"].contains(tokens[m.end].folded))
            {
                continue
            }
            // "a adopté un paquet de sanctions", "impose des sanctions": sanctions are a deed only when imposed;
            // "passibles de lourdes sanctions", "la possibilité de sanctions" are not.
            if p.event == .sanction, p.kind == .noun,
                !(max(s.range.lowerBound, c - 6)..<c).contains(where: { k in
                    EventReader.sanctionImposers.matches(tokens.folded(at: k))
                })
            {
                continue
            }
            // "ont bloqué l'autoroute", "bloque l'accès au corridor": a blockade of a way; "bloqué les efforts" is not.
            if p.event == .coerce, p.kind == .verb, tokens[c].folded.hasPrefix("bloqu"),
                !(m.end..<min(s.range.upperBound, m.end + 6)).contains(where: { k in
                    EventReader.blockedWays.matches(tokens.folded(at: k))
                })
            {
                continue
            }
            // "bloquer un pays n'est pas acceptable": an infinitive opening a clause names no deed.
            if p.kind == .verb,
                c == s.range.lowerBound || tokens[c - 1].kind == .punct
                    || ["mais", "et", "ou"].contains(tokens[c - 1].folded),
                ["er", "ir", "re"].contains(where: { tokens[v].folded.hasSuffix($0) }), tokens[v].folded.count > 4
            {
                continue
            }
            // "L'Azerbaïdjan va-t-il attaquer ?": a question reports nothing.
            if question == nil {
                let last = tokens.folded(at: s.range.upperBound - 1)
                question =
                    last == "?"
                    || (s.range.upperBound >= 2 && tokens.folded(at: s.range.upperBound - 2) == "?"
                        && EventReader.closingQuotes.contains(last))
            }
            if question! { continue }
            // "Moscou a démenti avoir bombardé": a denied deed is no deed.
            if c >= s.range.lowerBound + 1, ["avoir", "etre"].contains(tokens[c - 1].folded),
                out.contains(where: { $0.type == .reject && $0.cueEnd >= c - 4 })
            {
                continue
            }
            // "je refuse d'imaginer que": an opinion, not a refusal of anything asked.
            if p.event == .reject, m.end + 1 < s.range.upperBound, ["de", "d'"].contains(tokens[m.end].folded),
                ["imaginer", "croire", "penser", "concevoir"].contains(tokens[m.end + 1].folded)
            {
                continue
            }
            // Negation, modality and a governing infinitive hold for the whole phrase: its words
            // are not read again as a shorter cue.
            if negated(s, c, m.end) {
                accepted = true
                continue
            }
            // "se sont affrontés au cours des trois dernières décennies": a summary of history, no one event.
            if let k = (m.end..<min(s.range.upperBound, m.end + 20)).first(where: {
                tokens[$0].folded == "cours" && tokens[$0 - 1].folded == "au"
            }),
                (k + 1..<min(s.range.upperBound, k + 5)).contains(where: {
                    EventReader.longPeriods.contains(tokens.folded(at: $0))
                })
            {
                continue
            }
            // "va répliquer à toute sanction": a threat speaks of the future already.
            if p.event != .agree, let modality = modality(s, v), p.event != .threaten || modality != .future {
                // A deed announced in the future is a threat or a promise; anything else unreal is no event.
                guard modality == .future, reportsSpeech(s), let announced = Self.announced(p) else {
                    accepted = true
                    continue
                }
                p = announced
            }
            // "Des rassemblements devaient se tenir": planned, not held.
            if p.kind != .verb, p.event != .agree,
                (m.end..<min(s.range.upperBound, m.end + 3)).contains(where: {
                    EventReader.modalSkips.contains(tokens[$0].folded) && tokens[$0].folded != "pour"
                        && tokens[$0].folded != "sans"
                })
            {
                continue
            }
            var claimFromAccuse: Candidate?
            if p.kind != .noun, let marker = infinitiveMarker(s, v), marker != "other" {
                // "accuse X de violer": the content of an accusation is coded as a claim.
                if let acc = out.last(where: { $0.type == .accuse && $0.cueEnd <= c && c - $0.cueEnd <= 10 }),
                    marker == "de" || marker == "d'"
                {
                    claimFromAccuse = acc
                } else {
                    accepted = true
                    continue
                }
            }
            if p.kind == .noun, p.event == .assault,
                let acc = out.last(where: { $0.type == .accuse && $0.cueEnd <= c && c - $0.cueEnd <= 4 }),
                acc.mode == "allege", !acc.recipient.isEmpty
            {
                // "a imputé l'attaque à Israël", "accuse Bakou de l'attaque": the deed of the one accused, as claimed.
                claimFromAccuse = acc
            }
            if p.kind == .noun || p.kind == .mutual, claimFromAccuse == nil {
                // A noun inside what an appeal, a refusal or a condemnation is about is not an event.
                // "ont appelé ... et ont ensuite déclaré la loi martiale et la mobilisation": a new verb ends its reach.
                if let governing = out.last(where: {
                    [.request, .reject, .threaten, .support, .agree].contains($0.type)
                        || ($0.type == .accuse && $0.mode == "disapprove")
                }),
                    let prior = out.last, c - prior.cueEnd <= 12, prior.type != .assault, prior.type != p.event,
                    !(governing.cueEnd..<c).contains(where: {
                        tokens.folded(at: $0) == "et" && $0 + 1 < c
                            && (EventReader.newVerbAuxiliaries.contains(tokens.folded(at: $0 + 1))
                                // "a dénoncé une provocation et décrété l'état d'urgence": the auxiliary is shared.
                                || ($0 + 2 < c && tokens.folded(at: $0 + 1).hasSuffix("e")
                                    && MentionFinder.articles.contains(tokens.folded(at: $0 + 2))))
                    })
                {
                    continue
                }
            }
            var type = p.event
            var mode = p.mode
            var cameo = p.cameo
            // A court's sentence named by a noun: its "de X" is the one sentenced, not the court.
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
                    (m.end - 1..<upper).contains(where: { a in
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
            // (A cue that already holds its complement, "appeler au calme", is an appeal.)
            if type == .request, p.kind == .verb, tokens[c].folded.hasPrefix("appel"), m.end <= v + 1,
                !requestComplement(s, after: m.end)
            {
                // "Macron a appelé le président Aliev": a call, not an appeal.
                type = .consult
                mode = "phone"
                cameo = "041"
            }
            var cand = Candidate(
                type: type, mode: mode, cameo: cameo, kind: p.kind, cueStart: c, cueEnd: m.end, sentence: si,
                confidence: p.kind == .verb ? 0.7 : 0.55, evidenceStart: sStart, evidenceEnd: sEnd)
            cand.cueRow = m.payload
            let prev = c > s.range.lowerBound ? tokens[c - 1].folded : ""
            if p.kind != .verb,
                ["l'", "la", "le", "les", "ces", "cette", "ce", "cet", "sa", "son", "ses", "ma", "leur"].contains(prev)
            {
                cand.anaphoric = true
            }
            // The clause start of the cue, which `attribute` and `claims` both read.
            let cueClauseStart = clauseStart(s, c)
            attribute(&cand, s, ms, out, discourse: discourse, clauseStart: cueClauseStart)
            // "Sa visite", "ces attaques", "L'attaque a fait 14 morts": the event told before, not a new one.
            let sentenceInitial = c <= s.range.lowerBound + 1
            // A possessive after a verb is the subject's own ("réaffirmé leur disposition"), not a reference.
            let possessiveReference =
                EventReader.possessives.contains(prev)
                && (c < s.range.lowerBound + 2 || tokens[c - 2].kind == .punct
                    || MentionFinder.prepositions.contains(tokens.folded(at: c - 2))
                    || EventReader.occasionWords.contains(tokens.folded(at: c - 2)))
            let toldBefore = previous.contains { $0.type == cand.type } || out.contains { $0.type == cand.type }
            let clearAnaphora =
                cand.kind != .verb && !cand.explicitActor && toldBefore
                && (possessiveReference || (sentenceInitial && ["l'", "la", "le", "les"].contains(prev)))
            if let acc = claimFromAccuse {
                cand.actor = acc.recipient
                cand.recipient = []
                cand.claimedBy = acc.actor
                cand.actorInClause = true
            }
            cand.paragraph = s.paragraph
            if cand.recipient.isEmpty, [.request, .accuse, .support, .threaten, .reject].contains(cand.type),
                let prev = out.last(where: { !$0.recipient.isEmpty && $0.kind == .verb }),
                !cand.actor.isEmpty, Set(prev.actor.compactMap(\.matchKey)) == Set(cand.actor.compactMap(\.matchKey))
            {
                // "X s'est entretenu avec Y et a appelé à ...": the same interlocutor.
                cand.recipient = prev.recipient.filter { $0.sector != .cvl }
            }
            refineMode(&cand, s)
            if cand.type == .request, cand.mode == nil,
                cand.recipient.contains(where: {
                    $0.country == nil && $0.org != nil && [.igo, .jud].contains($0.sector)
                })
            {
                // "l'Arménie a demandé à la Cour", "appelle l'ONU à agir": a body is asked to act for the asker.
                cand.mode = "assist"
            }
            claims(&cand, s, ms, clauseStart: cueClauseStart)
            if obligation {
                // "la Cour conclut que l'Azerbaïdjan est tenu de ...": the one who states the duty asks it of the subject.
                guard !cand.claimedBy.isEmpty, !cand.actor.isEmpty else { continue }
                cand.recipient = cand.actor
                cand.actor = cand.claimedBy
                cand.claimedBy = []
                cand.actorInClause = true
            }
            cand.place = place
            if cand.type == .request, cand.kind == .verb, passiveVoice(s, v, cand.type),
                cand.actor.isEmpty || cand.actor.allSatisfy({ $0.sector == .cvl })
            {
                // "Les Allemands sont appelés à la prudence": their own authorities advise them.
                // "« Il est déconseillé de se rendre à Paris », a indiqué le ministère": the speaker advises its nationals.
                let people = cand.recipient.filter { $0.sector == .cvl && $0.country != nil }
                let impersonal = (max(s.range.lowerBound, v - 3)..<v).contains { tokens[$0].folded == "il" }
                if !people.isEmpty {
                    cand.actor = EventReader.dedupe(
                        people.map {
                            let n = lex.countryNames[$0.country!] ?? $0.country!
                            return Entity(
                                text: n, name: n, country: $0.country, org: nil, sector: .gov,
                                code: $0.country! + "GOV")
                        })
                } else if impersonal,
                    let speaker = reportingSpeaker(ms, s, after: m.end)
                        ?? (cand.claimedBy.isEmpty ? nil : cand.claimedBy),
                    let country = speaker.compactMap(\.country).first
                {
                    cand.actor = speaker
                    cand.recipient = [
                        Entity(
                            text: "ressortissants", name: "ressortissants", country: country, org: nil, sector: .cvl,
                            code: country + "CVL")
                    ]
                }
                cand.claimedBy = []
                cand.actorInClause = !cand.actor.isEmpty
            }
            complete(&cand, s, ms)
            if cand.kind == .verb, c >= s.range.lowerBound + 2,
                // "et a dénoncé", or "a accusé X et promis" with the auxiliary left out.
                (tokens[c - 2].folded == "et" && ["a", "ont", "avait", "avaient"].contains(tokens[c - 1].folded))
                    || (tokens[c - 1].folded == "et"
                        && (tokens[c].folded.hasSuffix("e") || tokens[c].folded.hasSuffix("is"))),
                let subj = ms.first(where: {
                    $0.prep == nil && isParticipant($0) && $0.start <= s.range.lowerBound + 3 && $0.start < c
                        && $0.entities.contains { $0.matchKey != nil }
                }),
                cand.actor.allSatisfy({ $0.matchKey == nil })
                    // "La police a dispersé la foule et a arrêté", "X a accusé Kigali et a rompu": the first
                    // verb's object is no subject; inside a "que" clause the second verb may be the clause's own.
                    || !(subj.end..<c).contains(where: { ["que", "qu'"].contains(tokens[$0].folded) })
            {
                // "L'ambassadrice a déploré que ... et a dénoncé": the second verb's subject opens the sentence.
                if cand.recipient.isEmpty, cand.actor != subj.entities,
                    cand.actor.contains(where: { $0.matchKey != nil && !subj.entities.contains($0) })
                {
                    // The mention taken for the subject was the first verb's object: it is this verb's too.
                    cand.recipient = cand.actor
                }
                cand.actor = subj.entities
            }
            if [.accuse, .reject].contains(cand.type), cand.kind == .verb, cand.recipient.isEmpty,
                let adj = ms.first(where: {
                    $0.kind == .adjective && $0.start > cand.cueEnd + 1 && $0.start <= cand.cueEnd + 14 && !$0.inParens
                        && Set($0.entities.compactMap(\.matchKey)).isDisjoint(with: cand.actor.compactMap(\.matchKey))
                        && !(cand.cueEnd..<$0.start).contains(where: {
                            [".", ";", "que", "qu'", "et"].contains(tokens[$0].folded)
                        })
                })
            {
                // "a dénoncé, une semaine après les combats, une « agression azerbaïdjanaise »": whose deed is named.
                cand.recipient = adj.entities
            }
            if cand.type == .accuse, cand.recipient.isEmpty || cand.recipientImplied,
                let k = (cand.cueEnd..<min(s.range.upperBound, cand.cueEnd + 8)).first(where: {
                    ["envers", "contre"].contains(tokens[$0].folded)
                }),
                let target = ms.first(where: {
                    $0.start > k && $0.start <= k + 5 && ($0.kind == .adjective || isParticipant($0))
                        && $0.entities.contains { $0.matchKey != nil }
                        && !(k..<$0.start).contains(where: { tokens[$0].kind == .punct })
                })
            {
                // "ses critiques envers son allié russe": the one criticized.
                cand.recipient = target.entities
                cand.recipientImplied = false
            }
            if cand.type == .request, cand.recipient.isEmpty, !cand.actor.isEmpty {
                let upper = min(s.range.upperBound, cand.cueEnd + 4)
                let advisory =
                    ["conseill", "deconseill", "recommand"].contains(where: {
                        tokens[cand.cueStart].folded.hasPrefix($0)
                    })
                    // "déconseille (par ailleurs) d'aller": advice whose first complement is what to do.
                    && (cand.cueEnd..<min(s.range.upperBound, cand.cueEnd + 3)).contains(where: {
                        ["de", "d'"].contains(tokens[$0].folded)
                    })
                    && !ms.contains(where: { $0.start >= cand.cueEnd && $0.start < cand.cueEnd + 3 })
                if advisory
                    || (cand.cueEnd..<upper).contains(where: {
                        $0 + 2 < s.range.upperBound && ["a", "à"].contains(tokens[$0].folded)
                            && ["ses", "leurs", "sa", "son"].contains(tokens[$0 + 1].folded)
                            && ["ressortissants", "citoyens", "concitoyens", "compatriotes", "nationaux"].contains(
                                tokens[$0 + 2].folded)
                    })
                {
                    // "La Belgique déconseille d'aller à Paris": advice with no addressee is for the state's own people.
                    // "La Belgique demande à ses ressortissants d'éviter Paris": a state advising its own people.
                    cand.recipient = cand.actor.compactMap { a in
                        a.country.map {
                            Entity(
                                text: "ressortissants", name: "ressortissants", country: $0, org: nil, sector: .cvl,
                                code: $0 + "CVL")
                        }
                    }
                } else if let agent = ms.firstIndex(where: {
                    $0.prep == "par" && $0.start > cand.cueEnd && $0.start <= cand.cueEnd + 12 && isParticipant($0)
                }) {
                    // "exige la publication des résultats par la commission électorale": the one to act is asked.
                    cand.recipient = EventReader.entities(coordinatedRight(ms, agent, upper: s.range.upperBound))
                }
            }
            if cand.type == .accuse, cand.recipient.isEmpty,
                let agent = ms.firstIndex(where: {
                    $0.prep == "par" && $0.start > cand.cueEnd && $0.start <= cand.cueEnd + 10 && isParticipant($0)
                        && !(cand.cueEnd..<$0.start).contains { [".", ";", "que", "qu'"].contains(tokens[$0].folded) }
                })
            {
                // "a dénoncé des violations commises par les forces gouvernementales": the doer is accused.
                cand.recipient = EventReader.entities(coordinatedRight(ms, agent, upper: s.range.upperBound))
            }
            if cand.type == .threaten, cand.recipient.isEmpty,
                let si = (cand.cueEnd..<min(s.range.upperBound, cand.cueEnd + 6)).first(where: {
                    ["si", "s'"].contains(tokens[$0].folded)
                }),
                let target = ms.firstIndex(where: {
                    $0.start > si && $0.start <= si + 2 && $0.prep == nil && isParticipant($0)
                })
            {
                // "a menacé de représailles si Washington adoptait la loi": the one whose act is warned against.
                cand.recipient = EventReader.entities(coordinatedRight(ms, target, upper: s.range.upperBound))
            }
            if cand.type == .assault, cand.kind == .verb, cand.recipient.isEmpty, !cand.actor.isEmpty,
                let adj = ms.first(where: {
                    $0.kind == .adjective && $0.start > cand.cueEnd && $0.start <= cand.cueEnd + 6
                        && !(cand.cueEnd..<$0.start).contains { tokens[$0].kind == .punct }
                        && $0.entities.contains {
                            $0.country != nil && !Set(cand.actor.compactMap(\.country)).contains($0.country!)
                        }
                }),
                let country = adj.entities.compactMap(\.country).first
            {
                // "a bombardé les infrastructures énergétiques ukrainiennes", "les positions arméniennes": that side's.
                let military = (cand.cueEnd..<adj.start).contains {
                    ["positions", "position", "soldats", "troupes", "base", "bases", "forces", "militaires", "chars"]
                        .contains(tokens[$0].folded)
                }
                let sector: Sector = military ? .mil : .cvl
                cand.recipient = [
                    Entity(
                        text: adj.entities[0].text, name: adj.entities[0].text, country: country, org: nil,
                        sector: sector, code: country + sector.rawValue)
                ]
            }
            if cand.type == .sanction, cand.mode == "expel", cand.recipient.isEmpty,
                let expelled = ms.first(where: {
                    $0.start >= cand.cueStart && $0.start <= cand.cueEnd + 2
                        && $0.entities.contains {
                            $0.country != nil && !Set(cand.actor.compactMap(\.country)).contains($0.country!)
                        }
                }),
                let country = expelled.entities.compactMap(\.country).first
            {
                // "l'expulsion de douze diplomates russes": Russia's diplomats, so Russia.
                let n = lex.countryNames[country] ?? country
                cand.recipient = [
                    Entity(text: n, name: n, country: country, org: nil, sector: .gov, code: country + "GOV")
                ]
            }
            if cand.type == .coerce, cand.mode == "restrict", cand.recipient.isEmpty,
                let people = ms.first(where: {
                    $0.start > cand.cueEnd && $0.start <= cand.cueEnd + 12 && isParticipant($0)
                        && !$0.entities.isEmpty && $0.entities.allSatisfy { $0.sector == .cvl && $0.country != nil }
                })
            {
                // "un blocus de la route reliant les Arméniens du Haut-Karabakh": the people cut off.
                cand.recipient = people.entities
            }
            if cand.type == .request, cand.cueEnd + 1 < s.range.upperBound,
                ["que", "qu'"].contains(tokens[cand.cueEnd].folded)
                    || (tokens[cand.cueEnd].folded == "à" && tokens[cand.cueEnd + 1].folded == "ce"),
                let asked = ms.firstIndex(where: {
                    $0.start > cand.cueEnd && $0.start <= cand.cueEnd + 4 && $0.prep == nil && isParticipant($0)
                })
            {
                // "l'exigence que les deux Parties s'abstiennent", "demande à ce que X": the subject of the "que" is asked.
                cand.recipient = EventReader.entities(coordinatedRight(ms, asked, upper: s.range.upperBound))
                cand.recipientImplied = false
            }
            if cand.type == .reject, cand.recipient.isEmpty, !cand.actor.isEmpty,
                (cand.cueEnd..<min(s.range.upperBound, cand.cueEnd + 4)).contains(where: { k in
                    ["accusation", "allegation", "critique", "reproche", "imputation"].contains {
                        tokens[k].folded.hasPrefix($0)
                    }
                })
            {
                // "Ce dernier réfute ces accusations": the rejection answers whoever accused.
                let mine = Set(cand.actor.compactMap(\.matchKey))
                if let accusation = (previous + out).last(where: {
                    $0.type == .accuse && !$0.actor.isEmpty
                        && Set($0.actor.compactMap(\.matchKey)).isDisjoint(with: mine)
                }) {
                    cand.recipient = accusation.actor
                }
            }
            if [.accuse, .threaten].contains(cand.type), cand.recipient.isEmpty, !cand.actor.isEmpty {
                // "a dénoncé la furie destructrice", "a menacé les auteurs": the perpetrators just told.
                let mine = Set(cand.actor.map { ($0.matchKey ?? "") + $0.sector.rawValue })
                if let deed = (previous + out).last(where: {
                    ($0.type == .assault || $0.type == .coerce) && !$0.actor.isEmpty && $0.kind != .mutual
                        && Set($0.actor.map { ($0.matchKey ?? "") + $0.sector.rawValue }).isDisjoint(with: mine)
                }) {
                    cand.recipient = deed.actor
                    cand.recipientImplied = true
                }
            }
            // "le gouvernement a multiplié caresses et menaces": a threat aimed at no one is no codable threat.
            if cand.type == .threaten, cand.kind == .noun, cand.recipient.isEmpty, !cand.anaphoric { continue }
            if clearAnaphora {
                cand.actor = []
                cand.recipient = []
            } else if cand.kind == .noun, !cand.explicitActor, possessiveReference, let p = discourse.lastPerson {
                // "Sa visite intervient": the visit of the person the text is about.
                cand.actor = [p]
                cand.recipient = cand.recipient.filter { _ in false }
            }
            if cand.type == .consult, tokens[c].folded == "sommet", c > s.range.lowerBound + 1,
                Set((cand.actor + cand.recipient).compactMap(\.matchKey)).count < 2
            {
                // "Le sommet de l'Otan s'est ouvert" tells a summit; "boycotte le sommet de X" tells a boycott.
                continue
            }
            if cand.type == .consult,
                ["examin", "evoqu", "abord", "passe"].contains(where: { tokens[c].folded.hasPrefix($0) }),
                Set((cand.actor + cand.recipient).compactMap(\.matchKey)).count < 2 || !cand.actorInClause
            {
                // "Les interlocuteurs ont examiné la situation" is a meeting; "la Cour a examiné" is not.
                continue
            }
            if cand.actor.isEmpty, cand.type == .accuse, cand.kind == .verb, passiveVoice(s, v, cand.type) {
                // "les mesures sont critiquées": criticized by no one named.
                continue
            }
            if sentenceNoun { sentenceByTheCourts(&cand) }
            if cand.actor.isEmpty,
                [.mobilize, .agree, .support, .request, .reject, .consult, .sanction].contains(cand.type)
            {
                // Nobody named does it: not an event this coder can stand behind.
                if !cand.anaphoric { continue }
            }
            if !cand.actor.isEmpty { cand.confidence += 0.1 }
            if !cand.recipient.isEmpty { cand.confidence += 0.1 }
            if !cand.actorInClause { cand.confidence -= 0.1 }
            cand.confidence = min(0.95, max(0.1, cand.confidence))
            out.append(cand)
            accepted = true
        }
        return out
    }

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
        // "ont péri", "ont perdu la vie": the subject is the victim, as in a passive.
        if cand.kind == .verb, EventReader.victimVerbs.contains(tokens[c].folded) { passive = true }
        let agentIdx = ms.firstIndex { $0.prep == "par" && $0.start >= e && $0.start <= e + 12 && isParticipant($0) }

        if cand.kind == .noun || cand.kind == .mutual {
            defer { cand.explicitActor = actor != nil }
            if let a = agentIdx {
                actor = coordinatedRight(ms, a, upper: s.range.upperBound)
                // "l'attaque des colonies azerbaïdjanaises par les forces arméniennes": the genitive is the target.
                if let g = ms.firstIndex(where: {
                    $0.start >= e && $0.start <= e + 4 && ($0.prep == "de" || $0.prep == "des" || $0.prep == "du")
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
                // someone is its target; "l'offensive de l'armée" is the doer's.
                if EventReader.patientModes.contains(cand.mode ?? "") {
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
                    ms, after: e, upper: min(ce, e + 10), preps: EventReader.nounTargetPreps)
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
            // "des troupes ont été déployées": the troops are the ones mobilized.
            actor = subject(ms, before: c, clauseStart: cs)
        } else if passive {
            if let a = agentIdx {
                actor = coordinatedRight(ms, a, upper: s.range.upperBound)
            } else if let p = predicate(cueStart: c, cueEnd: e), let agent = syntacticAgent(ms, predicate: p) {
                // The parse's agent, further than the "par" window.
                actor = agent
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
            if recipient == nil, let o = object(ms, after: e, upper: ce, preps: objectPreps),
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
            if let rel = relativeAntecedent(ms, s, before: c) {
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
            } else if let subj = subject(ms, before: c, clauseStart: cs) {
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
            var gathered = cand.actor + cand.recipient
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

    /// A past participle with no auxiliary before it is an adjective ("un territoire reconnu",
    /// "l'Azerbaïdjan, soutenu par la Turquie"), not an event.
    func adjectival(_ s: Sentence, _ c: Int) -> Bool {
        let t = tokens[c]
        let raw = text[t.start..<t.end]
        // "é", "ée", "és", "ées" (U+00E9 is C3 A9) or a participle in -u/-i.
        let n = raw.count
        func endsWith(_ suffix: [UInt8]) -> Bool { n >= suffix.count && Array(raw.suffix(suffix.count)) == suffix }
        let participle =
            endsWith([0xC3, 0xA9]) || endsWith([0xC3, 0xA9, 0x65]) || endsWith([0xC3, 0xA9, 0x73])
            || endsWith([0xC3, 0xA9, 0x65, 0x73]) || t.folded.hasSuffix("u") || t.folded.hasSuffix("us")
            || t.folded.hasSuffix("ue") || t.folded.hasSuffix("ues") || t.folded.hasSuffix("is")
        guard participle else { return false }
        var k = c - 1
        var steps = 0
        while k >= s.range.lowerBound && steps < 5 {
            let f = tokens[k].folded
            if [
                "a", "ont", "avait", "avaient", "ete", "est", "sont", "etait", "etaient", "fut", "ayant", "eu", "aura",
                "auront", "se", "s'", "etre", "avoir", "aurait", "auraient", "as", "ai", "avons", "avez",
            ].contains(f) {
                return false
            }
            if f == "." || f == "»" || f == "«" || f == ";" { break }
            k -= 1
            steps += 1
        }
        return true
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

    /// Whether the verb cue at `c` is in the passive: "ont été tués", "sont quant à eux appelés à",
    /// "se voient refuser l'accès" (the subject undergoes the act).
    func passiveVoice(_ s: Sentence, _ c: Int, _ type: EventType) -> Bool {
        let w = tokens[c].folded
        // "être" + participle is the active voice of verbs of motion ("est arrivé") and of duties ("est tenu de").
        let etrePassive = type != .consult && !w.hasPrefix("tenu") && w.count > 3
        var k = c - 1
        while k >= s.range.lowerBound && k >= c - 7 {
            let f = tokens.folded(at: k)
            if f == "ete" || f == "fut" || f == "etre" { return true }
            if k == c - 1, EventReader.passiveVoir.contains(f) { return true }
            if etrePassive, EventReader.etreForms.contains(f) {
                // "s'est engagé", "se sont affrontés": a pronominal verb, active.
                return !(k > s.range.lowerBound && EventReader.reflexives.contains(tokens.folded(at: k - 1)))
            }
            let skippable =
                EventReader.auxiliaries.contains(f) || EventReader.adverbs.contains(f) || f.hasSuffix("ment")
                || EventReader.passiveInserts.contains(f)
            if !skippable || EventReader.activeAuxiliaries.contains(f) { return false }
            k -= 1
        }
        return false
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

    /// Participants the text implies: the two sides for an appeal to stop fighting or a mediation,
    /// the host of a visit, the population under martial law, the parties to an agreement.
    func complete(_ cand: inout Candidate, _ s: Sentence, _ ms: [Mention]) {
        let actorKeys = Set(cand.actor.compactMap(\.matchKey))
        if cand.recipient.isEmpty {
            switch (cand.type, cand.mode) {
            case (.request, "yield"), (.request, "meet"), (.consult, "third-party"):
                let others = sides.filter { !actorKeys.contains($0.matchKey ?? "") }
                if !others.isEmpty && !cand.actor.isEmpty {
                    cand.recipient = others
                    cand.recipientImplied = true
                }
            case (.assault, _):
                // "l'offensive de l'Azerbaïdjan dans le Haut-Karabakh": the people of the place the attack is in.
                if cand.kind != .mutual, !cand.actor.isEmpty,
                    let here = ms.first(where: {
                        $0.locative && $0.kind == .named && $0.start >= cand.cueEnd && $0.start <= cand.cueEnd + 8
                            && $0.placeCountry != nil && !actorKeys.contains($0.placeCountry!)
                    })?.placeCountry
                {
                    cand.recipient = [
                        Entity(
                            text: "civils", name: "civils", country: here, org: nil, sector: .cvl, code: here + "CVL")
                    ]
                    cand.recipientImplied = true
                } else if cand.kind != .mutual, actorKeys.count == 1,
                    sides.contains(where: { actorKeys.contains($0.matchKey ?? "") })
                {
                    cand.recipient = sides.filter { !actorKeys.contains($0.matchKey ?? "") }
                    cand.recipientImplied = true
                } else if cand.kind != .mutual,
                    let c = ms.first(where: { $0.locative && $0.placeCountry != nil })?.placeCountry
                        ?? cand.place?.country
                        ?? (!cand.actor.isEmpty && cand.actor.allSatisfy { $0.sector == .reb || $0.sector == .unk }
                            ? homeCountry : nil),
                    // A fire no one set ("deux incendies") is no attack: destruction needs a doer.
                    !cand.actor.isEmpty || cand.mode != "destroy"
                {
                    // An attack at a place with no named target: the people there.
                    cand.recipient = [
                        Entity(text: "civils", name: "civils", country: c, org: nil, sector: .cvl, code: c + "CVL")
                    ]
                    cand.recipientImplied = true
                }
            case (.consult, "visit"):
                if let host = ms.first(where: {
                    $0.locative && $0.start >= cand.cueEnd && $0.start <= cand.cueEnd + 10 && $0.placeCountry != nil
                        && !actorKeys.contains($0.placeCountry!)
                }) {
                    let c = host.placeCountry!
                    cand.recipient = [
                        Entity(
                            text: lex.countryNames[c] ?? c, name: lex.countryNames[c] ?? c, country: c, org: nil,
                            sector: .gov, code: c + "GOV")
                    ]
                }
            case (.coerce, "martial-law"), (.coerce, "curfew"):
                cand.recipient = cand.actor.compactMap { a in
                    guard let c = a.country else { return nil }
                    return Entity(
                        text: "population", name: "population", country: c, org: nil, sector: .cvl, code: c + "CVL")
                }
                cand.recipientImplied = true
            case (.retreat, _):
                // Laying down arms, a ceasefire, a withdrawal: before the other side.
                let others = sides.filter { !actorKeys.contains($0.matchKey ?? "") }
                if !cand.actor.isEmpty, !others.isEmpty, others.count < sides.count || actorKeys.isEmpty == false {
                    cand.recipient = others
                    cand.recipientImplied = true
                }
            case (.threaten, _):
                // "Le groupe armé a menacé de s'en prendre aux mosquées": an armed group threatens its country's people.
                if !cand.actor.isEmpty, cand.actor.allSatisfy({ $0.sector == .reb }),
                    let c = cand.actor.compactMap(\.country).first
                {
                    cand.recipient = [
                        Entity(text: "civils", name: "civils", country: c, org: nil, sector: .cvl, code: c + "CVL")
                    ]
                    cand.recipientImplied = true
                }
            case (.agree, _):
                if Set(cand.actor.compactMap(\.matchKey)).count >= 2 { cand.recipient = cand.actor }
            default:
                break
            }
        }
        if cand.actor.isEmpty {
            switch cand.type {
            case .coerce where cand.mode == "arrest":
                // "70 personnes ont été interpellées": by the police of the place.
                if let c = cand.place?.country ?? cand.recipient.compactMap(\.country).first ?? homeCountry {
                    cand.actor = [
                        Entity(text: "police", name: "police", country: c, org: nil, sector: .cop, code: c + "COP")
                    ]
                }
            case .sanction where cand.mode == "convict":
                // "X a été condamné à dix ans de prison": by the courts of the country the text is in.
                if let c = cand.place?.country ?? cand.recipient.compactMap(\.country).first ?? homeCountry {
                    cand.actor = [
                        Entity(text: "justice", name: "justice", country: c, org: nil, sector: .jud, code: c + "JUD")
                    ]
                }
            case .coerce where cand.mode == "martial-law" || cand.mode == "curfew":
                // "La loi martiale a été décrétée en Arménie": the state of the territory.
                cand.actor = EventReader.dedupe(
                    ms.filter { $0.locative && $0.kind == .named && $0.placeCountry != nil }.map {
                        Entity(
                            text: $0.entities[0].text, name: lex.countryNames[$0.placeCountry!],
                            country: $0.placeCountry,
                            org: nil, sector: .gov, code: $0.placeCountry! + "GOV")
                    })
                if cand.recipient.isEmpty {
                    cand.recipient = cand.actor.map {
                        Entity(
                            text: "population", name: "population", country: $0.country, org: nil, sector: .cvl,
                            code: $0.country! + "CVL")
                    }
                    cand.recipientImplied = true
                }
            case .assault:
                // "des colonies au Karabakh avaient été bombardées": the people there, by the other side.
                if cand.recipient.isEmpty, cand.kind == .verb,
                    let c = ms.first(where: { $0.locative && $0.placeCountry != nil && $0.start < cand.cueStart })?
                        .placeCountry
                {
                    cand.recipient = [
                        Entity(text: "civils", name: "civils", country: c, org: nil, sector: .cvl, code: c + "CVL")
                    ]
                }
                let rk = Set(cand.recipient.compactMap(\.matchKey))
                if rk.count == 1, sides.count == 2, sides.contains(where: { rk.contains($0.matchKey ?? "") }) {
                    cand.actor = sides.filter { !rk.contains($0.matchKey ?? "") }
                }
            case .protest
            where (cand.mode == "demo" || cand.mode == "riot" || cand.mode == "strike") && cand.kind == .verb:
                // "Des milliers de personnes se sont rassemblées à l'appel de X": demonstrators, and X.
                var found: [Entity] = []
                if let k = (s.range.lowerBound..<max(s.range.lowerBound, s.range.upperBound - 2)).first(where: {
                    tokens[$0].folded == "appel" && tokens[$0 - 1].folded == "l'" && tokens[$0 + 1].folded == "de"
                }), let m = ms.first(where: { $0.start > k && $0.start <= k + 3 && $0.kind == .named }) {
                    found = m.entities
                }
                if let c = ms.first(where: { $0.locative && $0.placeCountry != nil })?.placeCountry ?? cand.place?
                    .country
                    ?? homeCountry
                {
                    found.insert(
                        Entity(
                            text: "manifestants", name: "manifestants", country: c, org: nil, sector: .cvl,
                            code: c + "CVL"),
                        at: 0)
                }
                cand.actor = found
            default:
                break
            }
        }
        if cand.type == .assault, !cand.recipient.isEmpty,
            cand.recipient.allSatisfy({ $0.code == nil && $0.country != nil }),
            sides.count == 2
        {
            // Victims whose country was only assumed: the side the attacker fights.
            let actorKeys = Set(cand.actor.compactMap(\.matchKey))
            if actorKeys.count == 1, let other = sides.first(where: { !actorKeys.contains($0.matchKey ?? "") }),
                sides.contains(where: { actorKeys.contains($0.matchKey ?? "") })
            {
                for k in cand.recipient.indices {
                    cand.recipient[k].country = other.country
                }
            }
        }
        if cand.type == .mobilize, !cand.actor.isEmpty,
            !cand.actor.contains(where: { [.gov, .mil, .reb, .cop].contains($0.sector) })
        {
            // "la mobilisation des gilets jaunes", "de la communauté internationale": not forces.
            cand.actor = []
        }
        // Civilians blocking a road protest; clashes with the police are a riot.
        // "Les prétendues manifestations de civils ont bloqué la route": the writer disputes that they protest.
        // Read only for a blockade by civilians: the clause is scanned back for every candidate otherwise.
        func disputed() -> Bool {
            (clauseStart(s, cand.cueStart)..<cand.cueStart).contains {
                EventReader.disputingWords.contains(tokens.folded(at: $0))
            }
        }
        if cand.type == .coerce, cand.mode == "restrict", cand.actor.contains(where: { $0.sector == .cvl }),
            !disputed()
        {
            cand.type = .protest
            cand.mode = "obstruct"
            cand.cameo = "144"
        } else if cand.type == .assault, cand.kind == .mutual,
            (cand.actor + cand.recipient).contains(where: { $0.sector == .cvl || $0.sector == .cop })
        {
            cand.type = .protest
            cand.mode = "riot"
            cand.cameo = "145"
        }
        if cand.type == .protest, cand.recipient.isEmpty, let c = cand.actor.compactMap(\.country).first {
            // A protest is addressed to the government of the country.
            cand.recipient = [
                Entity(text: "gouvernement", name: "gouvernement", country: c, org: nil, sector: .gov, code: c + "GOV")
            ]
            cand.recipientImplied = true
        }
    }

    /// Cues of the same type in one sentence name one event when one of them lacks participants.
    func mergeInSentence(_ cands: [Candidate]) -> [Candidate] {
        var out: [Candidate] = []
        for c in cands {
            if let k = out.lastIndex(where: { $0.type == c.type && $0.sentence == c.sentence }),
                c.actor.isEmpty || out[k].actor.isEmpty
                    || Set(c.actor.compactMap(\.matchKey)) == Set(out[k].actor.compactMap(\.matchKey)),
                c.type != .consult || c.recipient.isEmpty || out[k].recipient.isEmpty,
                c.mode == out[k].mode || c.mode == nil || out[k].mode == nil || c.type == .assault
            {
                // "tués dans des affrontements": the clash's sides are the participants.
                let mutual = out[k].kind == .mutual ? out[k] : c.kind == .mutual ? c : nil
                var merged = Merger.combine(out[k], c)
                if let mutual {
                    // Without sides of its own, the clash is between the victims' sides.
                    let sides = mutual.actor.isEmpty ? EventReader.dedupe(out[k].recipient + c.recipient) : mutual.actor
                    if Set(sides.compactMap(\.matchKey)).count >= 2 {
                        merged.actor = sides
                        merged.recipient = sides
                        merged.kind = .mutual
                        merged.recipientImplied = false
                    }
                }
                if mutual == nil {
                    // "Deux militaires ont été tués lors d'une embuscade": the victims did not ambush themselves.
                    let victimEntities = EventReader.dedupe(out[k].recipient + c.recipient)
                    let victims = Set(victimEntities.map { ($0.matchKey ?? "") + $0.sector.rawValue })
                    let before = merged.actor.count
                    merged.actor.removeAll { victims.contains(($0.matchKey ?? "") + $0.sector.rawValue) }
                    if merged.actor.count < before { merged.recipient = victimEntities }
                }
                out[k] = merged
                continue
            }
            out.append(c)
        }
        return out
    }
}
