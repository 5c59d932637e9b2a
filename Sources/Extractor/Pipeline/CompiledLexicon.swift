import VigieProtocol

/// What an entity phrase of the lexicon names.
enum EntityRef: Sendable, Hashable {
    case country(String)
    case capital(String)
    /// A demonym; `noun` when it names people ("les Arméniens"), else an adjective ("arménien").
    case demonym(String)
    /// An adjective of a body ("européenne"): index into `Lexicon.organizations`.
    case orgDemonym(Int)
    /// Indices into `Lexicon.people`: every row the alias names (one person, several roles).
    case person([Int])
    case org(Int)
    case office(Int)
    case group(Int)
    case role(Int)
}

/// The lexicon compiled into phrase indices over folded tokens. Built once per `Extractor`.
///
/// A class: the readers of a dispatch hold it, and copying one of them (a closure capturing it)
/// retains one reference instead of every table.
final class CompiledLexicon: Sendable {
    let lexicon: Lexicon
    let entities: PhraseIndex
    let entityRefs: [[EntityRef]]
    let predicates: PhraseIndex
    /// The predicates of type ASSAULT alone: a sentence is asked whether it tells of fighting at
    /// every word, and the full index would try every predicate a common word starts.
    let assaultPredicates: PhraseIndex
    let complements: PhraseIndex
    /// Accidents, disasters, illnesses (`causes.tsv`).
    let causes: PhraseIndex
    /// Words of sport, culture, business, science and nature (`topics.tsv`).
    let topics: PhraseIndex
    let places: PhraseIndex
    let countryNames: [String: String]
    /// Numbers for every word of every phrase; tokens are numbered with it before matching.
    let vocabulary: Vocabulary
    /// People rows by role and country, for "le président azerbaïdjanais".
    let holders: [String: [Int]]
    let orgIndex: [String: Int]
    /// PLOVER contexts by CAMEO code.
    let contexts: [String: [String]]

    /// Phrases whose `~lemma` words stand for every form (`Inflections.variants`), each with its
    /// row as payload.
    /// `only` keeps the rows it accepts (their payloads stay their row numbers).
    static func lemmaIndex(
        _ phrases: [String], _ inflections: Inflections, _ vocabulary: inout Vocabulary,
        only: (Int) -> Bool = { _ in true }
    ) -> PhraseIndex {
        var index = PhraseIndex()
        for (i, phrase) in phrases.enumerated() where only(i) {
            for variant in inflections.variants(of: phrase) { index.add(variant, payload: i, vocabulary: &vocabulary) }
        }
        index.finish()
        return index
    }

    init(_ lexicon: Lexicon) {
        self.lexicon = lexicon
        self.contexts = Dictionary(lexicon.contexts.map { ($0.cameo, $0.contexts) }, uniquingKeysWith: { a, _ in a })
        var countryNames: [String: String] = [:]
        var holders: [String: [Int]] = [:]
        var orgIndex: [String: Int] = [:]
        var refIndex: [String: Int] = [:]
        var entities = PhraseIndex()
        var vocabulary = Vocabulary()
        var refs: [[EntityRef]] = []
        func add(_ phrase: String, _ ref: EntityRef) {
            let key = PhraseIndex.words(of: phrase, vocabulary: &vocabulary).map { "\($0)" }.joined(separator: " ")
            if key.isEmpty { return }
            if let k = refIndex[key] {
                // Several people may share an alias; other kinds keep the first (most specific) reading.
                if case .person(let a) = refs[k].first!, case .person(let b) = ref {
                    refs[k][0] = .person(a + b)
                } else if !refs[k].contains(ref) {
                    refs[k].append(ref)
                }
                return
            }
            refIndex[key] = refs.count
            entities.add(phrase, payload: refs.count, vocabulary: &vocabulary)
            refs.append([ref])
        }
        // Order matters: the first reading of a phrase wins when kinds collide.
        for (i, p) in lexicon.people.enumerated() {
            holders[p.role.rawValue + "|" + (p.country ?? ""), default: []].append(i)
            add(p.name, .person([i]))
            for a in p.aliases { add(a, .person([i])) }
        }
        for (i, o) in lexicon.organizations.enumerated() {
            orgIndex[o.org] = i
            add(o.org, .org(i))
            add(o.name, .org(i))
            for a in o.aliases { add(a, .org(i)) }
        }
        for (i, o) in lexicon.offices.enumerated() { add(o.phrase, .office(i)) }
        for a in lexicon.aliases {
            for phrase in a.phrases {
                if let c = a.country {
                    add(phrase, a.demonym ? .demonym(c) : .country(c))
                } else if let org = a.org, let i = lexicon.organizations.firstIndex(where: { $0.org == org }) {
                    add(phrase, a.demonym ? .orgDemonym(i) : .org(i))
                }
            }
        }
        for c in lexicon.countries {
            countryNames[c.code] = c.name
            add(c.name, .country(c.code))
            for a in c.aliases { add(a, .country(c.code)) }
            for d in c.demonyms { add(d, .demonym(c.code)) }
            for cap in c.capitals { add(cap, .capital(c.code)) }
        }
        // A role noun ("président") is looked up by role first; a group reading only when it is not one.
        for (i, r) in lexicon.roles.enumerated() { add(r.phrase, .role(i)) }
        for (i, g) in lexicon.groups.enumerated() { add(g.phrase, .group(i)) }
        entities.finish()
        self.entities = entities
        self.entityRefs = refs
        self.countryNames = countryNames
        self.holders = holders
        self.orgIndex = orgIndex

        predicates = Self.lemmaIndex(lexicon.predicates.map(\.cue), lexicon.inflections, &vocabulary)
        assaultPredicates = Self.lemmaIndex(
            lexicon.predicates.map(\.cue), lexicon.inflections, &vocabulary,
            only: { lexicon.predicates[$0].event == .assault })
        complements = Self.lemmaIndex(lexicon.complements.map(\.cue), lexicon.inflections, &vocabulary)
        causes = Self.lemmaIndex(lexicon.causes.map(\.phrase), lexicon.inflections, &vocabulary)
        topics = Self.lemmaIndex(lexicon.topics.map(\.phrase), lexicon.inflections, &vocabulary)

        var places = PhraseIndex()
        for (i, p) in lexicon.places.enumerated() {
            places.add(p.name, payload: i, vocabulary: &vocabulary)
            for a in p.aliases { places.add(a, payload: i, vocabulary: &vocabulary) }
        }
        places.finish()
        self.places = places
        // Date words must be numbered: the date reader skips unnumbered words.
        for w in DateReader.months.keys { vocabulary.register(w) }
        for w in DateReader.weekdays.keys { vocabulary.register(w) }
        for w in DateReader.otherWords { vocabulary.register(w) }
        for w in SizeReader.dead.union(SizeReader.injured).union(SizeReader.arrested) { vocabulary.register(w) }
        vocabulary.seal()
        self.vocabulary = vocabulary
    }

    /// The person row that fits `date` ("YYYY..." or nil) best among `rows`.
    func person(_ rows: [Int], at date: String?) -> PersonEntry {
        if rows.count == 1 || date == nil { return lexicon.people[rows[0]] }
        let d = String(date!.prefix(7))
        for r in rows {
            let p = lexicon.people[r]
            if let from = p.from, d < from { continue }
            if let to = p.to, String(d.prefix(to.count)) > to { continue }
            return p
        }
        return lexicon.people[rows[0]]
    }

    /// The holder of `role` for `country` at `date`, when the lexicon knows exactly one.
    func holder(role: PersonRole, country: String, at date: String?) -> PersonEntry? {
        var found: PersonEntry?
        let d = date.map { String($0.prefix(7)) }
        for i in holders[role.rawValue + "|" + country] ?? [] {
            let p = lexicon.people[i]
            if let d {
                if let from = p.from, d < from { continue }
                if let to = p.to, String(d.prefix(to.count)) > to { continue }
            } else if p.to != nil {
                continue
            }
            if found != nil && found!.name != p.name { return nil }
            found = p
        }
        return found
    }
}
