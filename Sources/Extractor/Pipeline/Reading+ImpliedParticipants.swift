import VigieProtocol

extension EventReader {
    /// An event whose recipient the text leaves unnamed is aimed at the other side when its actor is
    /// one of the two sides of a conflict; otherwise it concerns the country the dispatch is about:
    /// police arresting "des manifestants" in a story about Belarus arrest Belarusians; a sanction
    /// "contre le pays" in a story about Iran hits Iran. It is added after merging, so that a guess
    /// neither keeps two mentions of one event apart nor joins them.
    ///
    /// Left alone: mobilizations (forces are raised, not against anyone in most copy), events that
    /// already have a recipient, talks whose actors are of that country
    /// already or are two parties (a talk's parties are counted together), and dispatches that name no country.
    func implyRecipient(_ cand: Candidate) -> Candidate {
        guard cand.recipient.isEmpty, cand.type != .mobilize, let country = mainCountry else { return cand }
        if cand.type == .consult,
            cand.actor.contains(where: { $0.country == country }) || Set(cand.actor.compactMap(\.matchKey)).count >= 2
        {
            return cand
        }
        var out = cand
        let actorKeys = Set(cand.actor.compactMap(\.matchKey))
        // "a bombardé des positions dans le sud du Liban", "menace d'une opération dans le nord de la
        // Syrie": violence done or threatened in another country than the actor's falls on that country.
        if cand.type == .assault || cand.type == .threaten, let struck = cand.place?.country,
            !actorKeys.isEmpty, !actorKeys.contains(struck)
        {
            out.recipient = [EventReader.impliedRecipient(country: struck, actor: cand.actor, lex: lex)]
            out.recipientImplied = true
            return out
        }
        // A curfew or a state of emergency falls on the state's own people, not on the other side.
        if sides.count == 2, !Merger.isStateMeasure(cand),
            let mine = sides.firstIndex(where: { actorKeys.contains($0.matchKey ?? "") }),
            !actorKeys.contains(sides[1 - mine].matchKey ?? "")
        {
            // In a conflict, one side acts on the other.
            out.recipient = [sides[1 - mine]]
        } else {
            out.recipient = [EventReader.impliedRecipient(country: country, actor: cand.actor, lex: lex)]
        }
        out.recipientImplied = true
        return out
    }

    /// A state and the organs that act for it at home.
    static let stateSectors: Set<Sector> = [.gov, .mil, .cop, .jud]

    /// The country's government, or its people when the actor is that country's own state
    /// (a government, its forces, police or courts act on the population).
    static func impliedRecipient(country: String, actor: [Entity], lex: CompiledLexicon) -> Entity {
        let ownState = actor.contains { $0.country == country && stateSectors.contains($0.sector) }
        let name = lex.countryNames[country] ?? country
        let sector: Sector = ownState ? .cvl : .gov
        // A country assumed, not read: no actor code (as for other assumed countries).
        return Entity(text: name, name: name, country: country, org: nil, sector: sector, code: nil)
    }

    /// Participants the text describes without a country or a body ("des fidèles", "une synagogue",
    /// "des hommes armés") belong to the country the dispatch is about, as a country assumed, not
    /// read: their actor code stays empty.
    func placeDescribed(_ cand: Candidate) -> Candidate {
        guard let country = mainCountry else { return cand }
        var out = cand
        for k in out.actor.indices where out.actor[k].country == nil && out.actor[k].org == nil {
            out.actor[k].country = country
            out.actor[k].code = nil
        }
        for k in out.recipient.indices where out.recipient[k].country == nil && out.recipient[k].org == nil {
            out.recipient[k].country = country
            out.recipient[k].code = nil
        }
        return out
    }

    /// An event the text tells without its doer ("une explosion a frappé une station de métro",
    /// "des milliers de personnes ont manifesté") is placed in the country the dispatch is about:
    /// unidentified people of that country (demonstrators for a protest), as the annotation guide
    /// codes unknown assailants by where they struck. Marked by sector UNK (CVL for a protest) and
    /// no actor code.
    func implyActor(_ cand: Candidate) -> Candidate {
        // Unknown assailants are coded by where they struck ("tués ... en Centrafrique") when the
        // text says where; anything else by the story's country (an extradition "vers La Haye" is
        // not the Netherlands').
        let struck = cand.type == .assault ? cand.place?.country : nil
        guard cand.actor.isEmpty, cand.type != .consult, let country = struck ?? mainCountry else { return cand }
        var out = cand
        let sector: Sector = cand.type == .protest ? .cvl : Merger.isStateMeasure(cand) ? .gov : .unk
        let name = lex.countryNames[country] ?? country
        out.actor = [Entity(text: name, name: name, country: country, org: nil, sector: sector, code: nil)]
        return out
    }
}
