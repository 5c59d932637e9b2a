import Foundation
import VigieProtocol

/// Reference and places: pronouns, bare roles and groups get their referents; an event gets its place.
extension EventReader {
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
                } else if w == "les" {
                    // "les quatre pays": the states last named together, when they are that many.
                    let n = tokens.smallNumber(at: ms[k].start + 1) ?? 0
                    ms[k].entities =
                        discourse.focus.count == n
                        ? discourse.focus : discourse.participants.count == n ? discourse.participants : []
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
        // "le Groupe de Minsk", "la Cour de Paris": a place inside a body's or a person's name is no place.
        // "Kiev a lancé sa contre-offensive": a capital standing for its state is no place either.
        // The names are found once, not at every token.
        let names = mentions.lazy.filter {
            $0.kind == .named && !$0.locative
                && $0.entities.contains { $0.org != nil || ($0.name != nil && $0.name != $0.text) }
        }.map { $0.start..<$0.end }
        let shields = Array(names)
        var k = s.range.lowerBound
        while k < s.range.upperBound {
            if let named = shields.first(where: { $0.contains(k) }) {
                k = named.upperBound
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
}
