import Foundation
import VigieProtocol

/// Participants the text implies, and one record for cues of one event in one sentence.
extension EventReader {
    /// Participants the text implies: the two sides for an appeal to stop fighting or a mediation,
    /// the host of a visit, the population under martial law, the parties to an agreement.
    func complete(_ cand: inout Candidate, _ s: Sentence, _ ms: [Mention]) {
        let actorKeys = Set(cand.actor.compactMap(\.matchKey))
        if cand.recipient.isEmpty {
            switch (cand.type, cand.mode) {
            case (.request, "yield"), (.request, "meet"), (.consult, "third-party"):
                // "a servi de médiateur entre Israël et le Hamas": the two sides named; else the story's.
                let between = ms.firstIndex(where: {
                    $0.prep == "entre" && $0.start >= cand.cueEnd && $0.start <= cand.cueEnd + 3 && isParticipant($0)
                })
                let named = between.map { EventReader.entities(coordinatedRight(ms, $0, upper: s.range.upperBound)) }
                let others = (named ?? sides).filter { !actorKeys.contains($0.matchKey ?? "") }
                if !others.isEmpty && !cand.actor.isEmpty {
                    cand.recipient = others
                    cand.recipientImplied = true
                }
            case (.assault, _):
                // "l'offensive de l'Azerbaïdjan dans le Haut-Karabakh": the people of the place the attack is in.
                // "des attaques ... sur la plus grande raffinerie au monde en Arabie saoudite": anywhere in the clause.
                let clauseEnd = clauseEnd(s, after: cand.cueEnd)
                if cand.kind != .mutual, !cand.actor.isEmpty,
                    let here = ms.first(where: {
                        $0.locative && $0.kind == .named && $0.start >= cand.cueEnd
                            && $0.start <= max(cand.cueEnd + 8, clauseEnd)
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
                c.type == .assault || Merger.modesAgree(c, out[k])
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
