import Foundation
import VigieProtocol

/// One record per real-world event: repeated mentions of an event are merged.
enum Merger {
    static func keys(_ es: [Entity]) -> Set<String> { Set(es.compactMap(\.matchKey)) }

    /// Dates that can name the same event: equal, one refining the other, or one unknown.
    static func compatible(_ a: String?, _ b: String?) -> Bool {
        guard let a, let b else { return true }
        return a == b || a.hasPrefix(b + "-") || b.hasPrefix(a + "-")
    }

    static func moreePrecise(_ a: String?, _ b: String?) -> String? {
        guard let a else { return b }
        guard let b else { return a }
        return b.count > a.count ? b : a
    }

    static func precision(of date: String?) -> DatePrecision? {
        switch date?.count {
        case 10: return .day
        case 7: return .month
        case 4: return .year
        default: return nil
        }
    }

    /// `b` folded into `a`: participants, the more precise date, the toll, the claim.
    static func combine(_ a: Candidate, _ b: Candidate) -> Candidate {
        var out = a
        if out.actor.isEmpty || (!a.actorInClause && b.actorInClause) {
            out.actor = b.actor.isEmpty ? a.actor : b.actor
            out.actorInClause = b.actorInClause || a.actorInClause
        }
        if a.recipientImplied && !b.recipientImplied && !b.recipient.isEmpty {
            out.recipient = b.recipient
            out.recipientImplied = false
        } else if b.recipientImplied && !a.recipient.isEmpty {
            out.recipient = a.recipient
        } else {
            out.recipient = EventReader.dedupe(a.recipient + b.recipient)
            out.recipientImplied = a.recipientImplied && b.recipientImplied
        }
        let actorKeys = keys(out.actor)
        if a.kind != .mutual && b.kind != .mutual && out.type != .consult && out.type != .protest {
            // The same participant on both sides; an army and its own civilians stay apart.
            let actorSectors = Set(out.actor.map { ($0.matchKey ?? "") + $0.sector.rawValue })
            out.recipient.removeAll { $0.matchKey != nil && actorSectors.contains($0.matchKey! + $0.sector.rawValue) }
        }
        _ = actorKeys
        out.claimedBy = EventReader.dedupe(a.claimedBy + b.claimedBy)
        if out.mode == nil { out.mode = b.mode }
        if out.cameo == nil || (a.mode == nil && b.mode != nil) { out.cameo = b.cameo ?? a.cameo }
        if compatible(a.date, b.date) {
            out.date = moreePrecise(a.date, b.date)
            out.precision = precision(of: out.date)
        }
        if out.place == nil { out.place = b.place }
        if out.size.dead == nil { out.size.dead = b.size.dead }
        if out.size.injured == nil { out.size.injured = b.size.injured }
        if out.size.arrested == nil { out.size.arrested = b.size.arrested }
        out.confidence = min(0.95, max(a.confidence, b.confidence) + 0.05)
        out.anaphoric = a.anaphoric && b.anaphoric
        return out
    }

    /// Whether two candidates of one type may be one event by their modes: the same mode, or one
    /// left empty, except for COERCE, whose empty mode is a seizure of power and not the arrest or
    /// ban told beside it.
    static func modesAgree(_ a: Candidate, _ b: Candidate) -> Bool {
        a.mode == b.mode || (a.mode == nil || b.mode == nil) && a.type != .coerce
    }

    /// Whether `b` is another mention of the event `a`.
    static func same(_ a: Candidate, _ b: Candidate) -> Bool {
        guard a.type == b.type, modesAgree(a, b) else { return false }
        guard compatible(a.date, b.date) else { return false }
        let aa = keys(a.actor)
        let ba = keys(b.actor)
        let ar = keys(a.recipient)
        let br = keys(b.recipient)
        if a.type == .consult {
            let au = aa.union(ar)
            let bu = ba.union(br)
            // A call with several parties was split per party: the same pair is the same call.
            return !au.isEmpty && au == bu
        }
        guard !aa.isEmpty, aa == ba else { return false }
        // "a dénoncé ... puis a convoqué l'ambassadeur": two verbs of different deeds (CAMEO codes) are two acts.
        if a.kind == .verb, b.kind == .verb, a.sentence != b.sentence, let ac = a.cameo, let bc = b.cameo,
            ac.prefix(3) != bc.prefix(3)
        {
            return false
        }
        if [.accuse, .reject, .support, .threaten].contains(a.type),
            Set(a.actor.map(\.sector)).isDisjoint(with: Set(b.actor.map(\.sector)))
        {
            // The government and a religious association of one country condemning: two statements.
            return false
        }
        if ar == br || a.recipientImplied || b.recipientImplied { return true }
        // A mention without a recipient is the same event only close by (same paragraph).
        return (ar.isEmpty || br.isEmpty) && a.paragraph == b.paragraph
    }

    /// A demonstration, a strike or a riot: people act, and the story need not name them.
    static func isCrowdAction(_ c: Candidate) -> Bool {
        c.type == .protest && (c.mode == "demo" || c.mode == "strike" || c.mode == "riot")
    }

    /// A measure only a state takes (a curfew, a state of emergency, an extradition: CAMEO 063,
    /// judicial cooperation), told by a verb ("la ville reste placée sous couvre-feu", "X a été
    /// extradé"): its doer goes without saying. The noun alone is often circumstance ("à l'heure
    /// du couvre-feu", "qui contestait son extradition").
    static func isStateMeasure(_ c: Candidate) -> Bool {
        (c.type == .coerce && (c.mode == "curfew" || c.mode == "martial-law")
            || c.type == .cooperate && c.cameo == "063")
            && c.kind != .noun
    }

    /// "Des échanges de tirs ont eu lieu à Harare": fighting told as news at a named place, its
    /// sides unnamed, still happened there (the guide codes unknown fighters by where they fought).
    static func isFightingAt(_ c: Candidate) -> Bool {
        c.type == .assault && c.kind == .mutual && c.indefinite && c.place?.country != nil
    }

    /// With VIGIE_EXTRACT_DEBUG, says on standard error why a candidate joins another or is dropped.
    static func trace(_ why: String, _ c: Candidate, into k: Int?, _ out: [Candidate]) {
        guard EventReader.debug else { return }
        let target = k.map { " into \(out[$0].type) of sentence \(out[$0].sentence)" } ?? ""
        FileHandle.standardError.write(Data("MERGER \(why): \(c.type) of sentence \(c.sentence)\(target)\n".utf8))
    }

    /// Whether `c`, told with no doer of its own, may be another mention of the earlier event `e`:
    /// the same type at a compatible date, not another measure of a state (a curfew after a state
    /// of emergency) and not an indefinite event at another place.
    static func mayReferBack(_ c: Candidate, to e: Candidate) -> Bool {
        e.type == c.type && compatible(e.date, c.date)
            && (e.mode == c.mode || e.mode == nil || c.mode == nil || !isStateMeasure(c))
            && !(c.indefinite && c.place != nil && c.place?.name != e.place?.name)
    }

    static func merge(_ cands: [Candidate]) -> [Candidate] {
        // A phone call with several parties is one call per party.
        var split: [Candidate] = []
        for c in cands {
            if c.type == .consult, c.mode == "phone", c.recipient.count > 1 {
                for r in c.recipient {
                    var one = c
                    one.recipient = [r]
                    split.append(one)
                }
            } else {
                split.append(c)
            }
        }
        var out: [Candidate] = []
        for c in split {
            if c.unrealized {
                trace("drop: feared, prevented or planned", c, into: nil, out)
                continue
            }
            // Companies are not political actors (the guide lists states, their organs, bodies,
            // armed and described groups): a merger or a contract between firms is no event.
            if !c.actor.isEmpty, c.actor.allSatisfy({ $0.sector == .bus }),
                c.recipient.allSatisfy({ $0.sector == .bus })
            {
                trace("drop: companies", c, into: nil, out)
                continue
            }
            if c.actor.isEmpty && c.recipient.isEmpty && !c.size.isEmpty,
                let k = out.lastIndex(where: {
                    ($0.type == .assault || ($0.type == .protest && $0.mode == "riot")) && compatible($0.date, c.date)
                }) ?? out.lastIndex(where: { $0.type == .protest && compatible($0.date, c.date) })
            {
                // A peaceful march has no toll of its own when a riot or a clash was told: the violence has it.
                // "les affrontements ont fait 110 blessés": the toll of the clash told before.
                trace("merge: an actorless toll", c, into: k, out)
                out[k] = combine(out[k], c)
                continue
            }
            if c.actor.isEmpty {
                // "L'attaque a fait 14 morts": a noun without its own actor refers to the last such event.
                // "une explosion a eu lieu dans le métro": an indefinite noun with a target of its own is another event.
                // A curfew is not the state of emergency told before it: another mode is another measure.
                // "Des manifestations se sont aussi déroulées à Bombay": an indefinite noun elsewhere is another event.
                if !(c.indefinite && !c.recipient.isEmpty), let k = out.lastIndex(where: { mayReferBack(c, to: $0) }),
                    c.anaphoric || c.recipient.isEmpty || keys(out[k].recipient).isSuperset(of: keys(c.recipient))
                {
                    trace("merge: no doer of its own", c, into: k, out)
                    out[k] = combine(out[k], c)
                    continue
                }
                // A demonstration told with no one named is still one: the people of the story's country march.
                // So is a measure only a state takes ("la ville reste placée sous couvre-feu").
                if c.recipient.isEmpty,
                    !(isStateMeasure(c) || isCrowdAction(c) || isFightingAt(c)) || c.anaphoric
                        || c.background
                {
                    trace("drop: no participant", c, into: nil, out)
                    continue
                }
            }
            // "les affrontements dans la région": a definite mention of fighting refers to the fighting before.
            if c.fromSides, c.anaphoric, let k = out.lastIndex(where: { $0.type == c.type }) {
                trace("merge: fighting told again", c, into: k, out)
                out[k] = combine(out[k], c)
                continue
            }
            if let k = out.firstIndex(where: { same($0, c) }) {
                trace("merge: same event", c, into: k, out)
                out[k] = combine(out[k], c)
                continue
            }
            if c.anaphoric,
                let k = out.lastIndex(where: {
                    var undated = c
                    undated.date = $0.date
                    return same($0, undated)
                })
            {
                // "Les affrontements ... ont éclaté mardi": the clashes told before, now dated.
                trace("merge: anaphoric, dated", c, into: k, out)
                var merged = combine(out[k], c)
                if c.precision == .day { merged.date = c.date }
                merged.precision = precision(of: merged.date)
                out[k] = merged
                continue
            }
            if c.type == .accuse, c.recipient.isEmpty,
                let k = out.lastIndex(where: {
                    $0.type == .accuse && keys($0.actor) == keys(c.actor) && !keys(c.actor).isEmpty
                        && !Set($0.actor.map(\.sector)).isDisjoint(with: Set(c.actor.map(\.sector)))
                })
            {
                // "Nous condamnons ces attaques" after "X a accusé Y": one accusation.
                trace("merge: one accusation", c, into: k, out)
                out[k] = combine(out[k], c)
                continue
            }
            out.append(c)
        }
        return out
    }
}
