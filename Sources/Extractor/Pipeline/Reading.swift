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
    /// The quotation still open at the end of the last sentence, and who speaks in it.
    var quotation: EventReader.Quotation?
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
        var leadBonus: [String: Int] = [:]
        var firstSeen: [String: Int] = [:]
        var order: [String] = []
        var all: [[Mention]] = []
        all.reserveCapacity(sentences.count)
        for (si, s) in sentences.enumerated() {
            // Past the deadline the coder gives up: the remaining sentences get no mentions.
            if let deadline, ContinuousClock.now >= deadline {
                all.append([])
                continue
            }
            // "(11h30 à Paris)" gives a time its zone, not a place of the story.
            let found = finder.mentions(in: s, index: si).filter {
                !($0.locative && EventReader.clockPlace(tokens, $0.start))
            }
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
                    return lex.assaultPredicates.first(at: $0, in: tokens, limit: s.range.upperBound) { _ in true }
                        ?? false
                }
            all.append(found)
            // The headline and the lead say what the story is about: their countries count twice.
            let lead = si < 2
            for m in found {
                if m.locative, let c = m.placeCountry {
                    placeCount[c, default: 0] += lead ? 2 : 1
                    if firstSeen[c] == nil { firstSeen[c] = firstSeen.count }
                }
                guard m.kind == .named || m.kind == .group || m.kind == .adjective, !m.locative else { continue }
                for e in m.entities {
                    guard let c = e.country else { continue }
                    if weight[c] == nil { order.append(c) }
                    if firstSeen[c] == nil { firstSeen[c] = firstSeen.count }
                    weight[c, default: 0] += 1
                    if lead { leadBonus[c, default: 0] += 1 }
                    if e.sector == .mil || e.sector == .reb { military[c, default: 0] += 2 }
                    if conflict { military[c, default: 0] += e.sector == .cvl ? 1 : 2 }
                }
            }
            for k in s.range {
                for pm in lex.places.matches(at: k, in: tokens, limit: s.range.upperBound)
                where !EventReader.clockPlace(tokens, k) {
                    if let c = lex.lexicon.places[pm.payload].country {
                        placeCount[c, default: 0] += lead ? 2 : 1
                        if firstSeen[c] == nil { firstSeen[c] = firstSeen.count }
                    }
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
        // Both must field a force or fight: a state that only comments ("Washington a condamné") is no side.
        if ranked.count >= 2, (military[ranked[0]] ?? 0) >= 1, weight[ranked[1]]! >= 2, (military[ranked[1]] ?? 0) >= 1
        {
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
        // The country named most (as a state, a person's or a place's country), the headline and
        // the lead counting twice; the first named on a tie.
        var total = weight
        for (c, n) in placeCount { total[c, default: 0] += n }
        for (c, n) in leadBonus { total[c, default: 0] += n }
        let main = total.max {
            $0.value != $1.value ? $0.value < $1.value : (firstSeen[$0.key] ?? 0) > (firstSeen[$1.key] ?? 0)
        }?.key
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
            resolveQuotedSpeakers(&ms, s, open: discourse.quotation)

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

            var cands =
                subheading(s, index: si)
                ? [] : cues(in: s, index: si, mentions: ms, place: place, previous: all, discourse: &discourse)
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

            // A quotation still open at the end of the sentence goes on in the next one.
            discourse.quotation = quotation(before: s.range.upperBound, s, ms, open: discourse.quotation)
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
        return all.flatMap(recodeAll)
    }
}

extension EventReader {
    /// "L'ONU condamne", "Une enquête sur le groupe Wagner": a short line of its own inside the
    /// body, without a sentence's final mark, is a subheading announcing the paragraph that
    /// tells the event in full; its words are no event of their own. (The headline, the first
    /// line, is kept: it is often the only place a dispatch names its main event.)
    func subheading(_ s: Sentence, index si: Int) -> Bool {
        guard si > 0, s.range.count <= 7, tokens[s.range.lowerBound].newlinesBefore > 0,
            s.range.upperBound < tokens.count, tokens[s.range.upperBound].newlinesBefore > 0
        else { return false }
        let last = tokens[s.range.upperBound - 1]
        return !(last.isMark(".") || last.isMark("!") || last.isMark("?") || last.isMark("»") || last.isMark(":"))
    }
}
