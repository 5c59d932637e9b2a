import VigieProtocol

/// Codes that depend on who the participants turned out to be, applied once a candidate's
/// actors and recipients are read: the annotation guide's conventions for riots, for
/// expelled diplomats and for police raised.
extension EventReader {
    func recode(_ c: Candidate) -> Candidate {
        Self.leftOrganization(
            Self.policeMobilized(
                Self.mutualAccord(diplomatExpelled(Self.riot(officialProtest(Self.abduction(c)))))))
    }

    /// "Alger proteste contre la reconnaissance par Paris": a government that protests complains
    /// officially (ACCUSE, CAMEO 114); it does not march.
    func officialProtest(_ c: Candidate) -> Candidate {
        // (Not "venus protester", "qui protestent": a crowd's infinitive or relative, whose subject
        // the word-distance rules may take for a capital named before it.)
        let verb = tokens.folded(at: c.cueStart)
        guard c.type == .protest, c.mode == "demo", c.kind == .verb, verb.hasPrefix("protest"), verb != "protester",
            c.cueStart < 1 || tokens.folded(at: c.cueStart - 1) != "qui",
            !c.actor.isEmpty, c.actor.allSatisfy({ $0.sector == .gov && $0.code != nil })
        else { return c }
        return c.recoded(as: .accuse, mode: "disapprove", cameo: "114")
    }

    /// `recode`, and the fight inside a clash between a crowd and the police.
    func recodeAll(_ c: Candidate) -> [Candidate] {
        let r = recode(c)
        return Self.clashFought(r).map { [r, $0] } ?? [r]
    }

    /// "des affrontements entre la police et les manifestants": a clash of a crowd with the
    /// police is a riot (PROTEST riot) and a fight between both sides (ASSAULT), as the
    /// annotators code it; the riot alone loses the fight.
    static func clashFought(_ c: Candidate) -> Candidate? {
        guard c.type == .protest, c.mode == "riot", c.kind == .mutual, c.actor.count >= 2 else { return nil }
        return c.recoded(as: .assault, mode: nil, cameo: "190")
    }

    /// A state withdrawing from an international body ("ont annoncé leur retrait de la Cédéao",
    /// "s'est retiré de l'Unesco") leaves it, as it would leave a treaty: SANCTION withdraw; troops
    /// withdrawing from a place stay RETREAT.
    static func leftOrganization(_ c: Candidate) -> Candidate {
        guard c.type == .retreat, c.mode == "withdraw", !c.actor.isEmpty, !c.recipient.isEmpty,
            c.actor.allSatisfy({ $0.country != nil && $0.sector == .gov }),
            c.recipient.allSatisfy({ $0.org != nil && $0.country == nil })
        else { return c }
        return c.recoded(as: .sanction, mode: "withdraw", cameo: "16")
    }

    /// Forces raised that are all police or gendarmes ("1 800 gendarmes sont mobilisés") are
    /// MOBILIZE police (CAMEO 153), whichever cue raised them.
    static func policeMobilized(_ c: Candidate) -> Candidate {
        guard c.type == .mobilize, c.mode == "troops", !c.actor.isEmpty, c.actor.allSatisfy({ $0.sector == .cop })
        else { return c }
        return c.recoded(as: .mobilize, mode: "police", cameo: "153")
    }

    /// A capture by rebels or by people no state stands for ("capturés par les Farc") is an
    /// abduction, ASSAULT abduct; an arrest is a state's.
    static func abduction(_ c: Candidate) -> Candidate {
        guard c.type == .coerce, c.mode == "arrest", !c.actor.isEmpty,
            c.actor.allSatisfy({ $0.sector == .reb || $0.sector == .unk })
        else { return c }
        return c.recoded(as: .assault, mode: "abduct", cameo: "181")
    }

    /// "Le gouvernement et les groupes armés ont signé un accord": an accord between several
    /// parties named together binds each to the others, so each is also a recipient.
    static func mutualAccord(_ c: Candidate) -> Candidate {
        guard [.agree, .support, .cooperate].contains(c.type), c.recipient.isEmpty,
            Set(c.actor.compactMap(\.matchKey)).count >= 2
        else { return c }
        var r = c
        r.recipient = c.actor
        return r
    }

    /// Violence by civilians that no name or body stands for ("des manifestants ont attaqué",
    /// "des jeunes ont incendié") is a riot, PROTEST riot, not an armed assault.
    static func riot(_ c: Candidate) -> Candidate {
        guard c.type == .assault, !c.actor.isEmpty,
            c.actor.allSatisfy({ $0.sector == .cvl && $0.org == nil && !($0.name?.first?.isUppercase ?? false) })
        else { return c }
        return c.recoded(as: .protest, mode: "riot", cameo: "145")
    }

    /// Stems of the words that name a diplomat in French ("ambassadeur", "diplomates",
    /// "chargé d'affaires", "consul", a Commonwealth "haut-commissaire"): the guide codes expelling one a SANCTION, expelling
    /// other people COERCE deport, and the cue ("expulser") is the same.
    static let diplomatStems = [
        "ambassad", "diplomat", "consul", "charge d'affaires", "charge d’affaires", "haut-commissaire",
        "haut commissaire",
    ]

    /// Whether folded `text` holds a word that names a diplomat; "consultation" starts like
    /// "consul" and names none.
    static func namesDiplomat(_ text: String) -> Bool {
        diplomatStems.contains { stem in
            var rest = text[...]
            while let r = rest.range(of: stem) {
                if !(stem == "consul" && text[r.upperBound...].hasPrefix("t")) { return true }
                rest = text[r.upperBound...]
            }
            return false
        }
    }

    /// An expulsion whose recipient is a diplomat, or whose clause names diplomats ("ont chacun
    /// expulsé des diplomates"), is SANCTION expel, whatever its cue.
    func diplomatExpelled(_ c: Candidate) -> Candidate {
        guard c.type == .coerce, c.mode == "deport" else { return c }
        // In the passive ("le consul va être expulsé") the one expelled stands before the cue.
        let before = c.cueStart > 0 ? tokens.folded(at: c.cueStart - 1) : ""
        let passive = before == "etre" || EventReader.passiveAuxiliaries.contains(before)
        let from = passive ? c.evidenceStart : tokens[c.cueStart].start
        let clause = TextFolding.fold(surface(from, c.evidenceEnd))
        let named =
            c.recipient.contains { e in Self.namesDiplomat(TextFolding.fold(e.text)) } || Self.namesDiplomat(clause)
        guard named else { return c }
        return c.recoded(as: .sanction, mode: "expel", cameo: "161")
    }

    /// "l'Arabie saoudite a retiré les troupes qataries de la coalition": withdrawing another
    /// state's forces is sending them away, SANCTION expel (CAMEO 166), not a retreat.
    func foreignForcesWithdrawn(_ c: Candidate, _ ms: [Mention]) -> Candidate {
        guard c.type == .retreat, c.mode == "withdraw", c.kind == .verb else { return c }
        let own = Set(c.actor.compactMap(\.country))
        guard !own.isEmpty,
            let forces = ms.first(where: {
                $0.kind == .group && $0.start > c.cueStart && $0.start < c.cueEnd && !$0.entities.isEmpty
                    && $0.entities.allSatisfy { $0.sector == .mil }
            }),
            forces.entities.allSatisfy({ $0.country != nil && !own.contains($0.country!) })
        else { return c }
        return c.recoded(as: .sanction, mode: "expel", cameo: "166")
    }

    /// "la condamnation à deux ans de prison de l'opposant X": the noun's complement is the one
    /// sentenced (the recipient); the sentence is the courts' of the state the dispatch is
    /// about (assumed, so no actor code) unless the clause named someone else.
    func sentenceByTheCourts(_ c: inout Candidate) {
        if c.explicitActor, c.recipient.isEmpty || c.recipient.map(\.matchKey) == c.actor.map(\.matchKey) {
            c.recipient = c.actor
            c.actor = []
        } else if !c.explicitActor {
            // The clause's subject reported the sentence; it did not pass it.
            c.actor = []
        }
        if c.actor.isEmpty, let home = c.recipient.compactMap(\.country).first ?? homeCountry {
            c.actor = [Entity(text: "justice", name: "courts", country: home, sector: .jud, code: nil)]
        }
    }
}

extension Candidate {
    /// The same event under another type, mode and CAMEO code, its participants unchanged.
    func recoded(as type: EventType, mode: String?, cameo: String?) -> Candidate {
        var r = self
        r.type = type
        r.mode = mode
        r.cameo = cameo
        return r
    }
}
