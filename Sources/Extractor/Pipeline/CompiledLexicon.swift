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
struct CompiledLexicon: Sendable {
    let lexicon: Lexicon
    var entities = PhraseIndex()
    var entityRefs: [[EntityRef]] = []
    var predicates = PhraseIndex()
    var complements = PhraseIndex()
    var places = PhraseIndex()
    var countryNames: [String: String] = [:]
    var orgIndex: [String: Int] = [:]
    /// The words of every phrase index, interned; applied to a dispatch's tokens once.
    var vocabulary = PhraseVocabulary()
    /// The rows of `lexicon.people` by role and country, in lexicon order.
    var holders: [HolderKey: [Int]] = [:]

    struct HolderKey: Hashable, Sendable {
        var role: PersonRole
        var country: String
    }

    init(_ lexicon: Lexicon) {
        self.lexicon = lexicon
        var refIndex: [String: Int] = [:]
        var entities = PhraseIndex()
        var refs: [[EntityRef]] = []
        func add(_ phrase: String, _ ref: EntityRef) {
            let key = PhraseIndex.words(of: phrase).map { "\($0)" }.joined(separator: " ")
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
            entities.add(phrase, payload: refs.count)
            refs.append([ref])
        }
        // Order matters: the first reading of a phrase wins when kinds collide.
        for (i, p) in lexicon.people.enumerated() {
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

        var predicates = PhraseIndex()
        for (i, p) in lexicon.predicates.enumerated() { predicates.add(p.cue, payload: i) }
        predicates.finish()
        self.predicates = predicates

        var complements = PhraseIndex()
        for (i, c) in lexicon.complements.enumerated() { complements.add(c.cue, payload: i) }
        complements.finish()
        self.complements = complements

        var places = PhraseIndex()
        for (i, p) in lexicon.places.enumerated() {
            places.add(p.name, payload: i)
            for a in p.aliases { places.add(a, payload: i) }
        }
        places.finish()
        self.places = places

        var vocabulary = PhraseVocabulary()
        self.entities.compile(into: &vocabulary)
        self.predicates.compile(into: &vocabulary)
        self.complements.compile(into: &vocabulary)
        self.places.compile(into: &vocabulary)
        vocabulary.seal()
        self.entities.link(vocabulary)
        self.predicates.link(vocabulary)
        self.complements.link(vocabulary)
        self.places.link(vocabulary)
        self.vocabulary = vocabulary

        for (i, p) in lexicon.people.enumerated() {
            guard let c = p.country else { continue }
            holders[HolderKey(role: p.role, country: c), default: []].append(i)
        }
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
        guard let rows = holders[HolderKey(role: role, country: country)] else { return nil }
        var found = -1
        let d = date.map { String($0.prefix(7)) }
        let people = lexicon.people
        for r in rows {
            if let d {
                if let from = people[r].from, d < from { continue }
                if let to = people[r].to, String(d.prefix(to.count)) > to { continue }
            } else if people[r].to != nil {
                continue
            }
            if found >= 0 && people[found].name != people[r].name { return nil }
            found = r
        }
        return found >= 0 ? people[found] : nil
    }
}
