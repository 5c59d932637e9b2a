import Foundation
import VigieProtocol

/// Finding the event cues of one sentence and turning each into a candidate event.
extension EventReader {
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
            // A verb whose subject undergoes the event is a verb for every rule but attribution.
            let undergone = p.kind == .undergone
            // So is a verb cue that opens on its subject's noun, though an article stands before it.
            let opensOnSubject = p.kind == .subject
            if undergone || opensOnSubject { p.kind = .verb }
            // A cue that gives an event covers its words; one refused by a rule below leaves
            // them to the cues inside it ("décrété l'état d'urgence" refused as a verb may still
            // be "l'état d'urgence", a noun).
            var accepted = false  // or refused for the whole phrase
            defer { i = accepted ? m.end : m.start + 1 }
            // A shield covers its words: "se demandait" hides the "demandait" inside it.
            if p.kind == .modifier {
                accepted = true
                continue
            }
            // A cue inside a name ("Organisation pour la sécurité et la coopération") is no cue.
            // (A cue that opens on its subject may open inside the subject's name: "la force Barkhane a quitté".)
            if !opensOnSubject, ms.contains(where: { $0.kind == .named && $0.start <= m.start && m.start < $0.end }) {
                continue
            }
            let c = m.start
            // The verb of "s'engager", "se retirer" is the word after the pronoun.
            let v = (tokens[c].folded == "s'" || tokens[c].folded == "se") && c + 1 < m.end ? c + 1 : c
            let prevWord = c > s.range.lowerBound ? tokens[c - 1].folded : ""
            // ("d'expulser" is an infinitive after its "de", not a noun after its article.)
            // (A cue told in the passive, "un couvre-feu a été instauré", starts with its subject noun.)
            if p.kind == .verb, !opensOnSubject, EventReader.determiners.contains(prevWord),
                !(prevWord == "d'" && ["er", "ir", "re"].contains(where: { tokens.folded(at: v).hasSuffix($0) })),
                !(v + 1..<m.end).contains(where: { EventReader.passiveAuxiliaries.contains(tokens.folded(at: $0)) })
            {
                // "la demande de l'Arménie", "l'attaque", "ce tir": the verb's noun.
                p.kind = .noun
            }
            if nounHomograph(s, v) || notACue(p, m, s, c: c, v: v, prevWord: prevWord)
                || thingPatient(p, m, s, ms, c: v) || placeReached(p, s, ms, v: v)
            {
                continue
            }
            // "l'Azerbaïdjan est tenu de ...": a duty the one who states it asks of the subject (read below).
            let obligation = ["tenu", "tenue", "tenus", "tenues"].contains(tokens[c].folded)
            // "une annonce démentie par Israël", "enlevé en 2006 par un commando": a participle with
            // its agent is a passive without its auxiliary, a deed told (a state such as "soutenu par" is not).
            // Without an agent, a participle is an adjective ("un territoire reconnu"); the feminine
            // in -ie is read only with one ("nie" is also a present tense).
            var reducedPassive = false
            if p.kind == .verb, adjectival(s, v, feminineI: true) {
                if !EventReader.stateTypes.contains(p.event), agentFollows(s, ms, after: m.end) {
                    reducedPassive = true
                } else if adjectival(s, v) {
                    continue
                }
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
            if refusedByItsWords(p, m, s, c: c, v: v) { continue }
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
            // Negation, modality and a governing infinitive hold for the whole phrase: its words
            // are not read again as a shorter cue.
            if negated(s, c, m.end) {
                accepted = true
                continue
            }
            // "va répliquer à toute sanction": a threat speaks of the future already.
            // "des partisans réunis pour protester": the protest they made, neither a purpose nor a wish.
            let gatheringPurpose = protestOfGathering(p, s, v)
            if p.event != .agree, !gatheringPurpose, let modality = modality(s, v),
                p.event != .threaten || modality != .future,
                modality != .future || !announcedDecision(p, s)
            {
                // A deed announced in the future is a threat or a promise; anything else unreal is no event.
                guard modality == .future, reportsSpeech(s), let announced = Self.announced(p) else {
                    accepted = true
                    continue
                }
                p = announced
            }
            // "Des rassemblements devaient se tenir": planned, not held. "des frappes visant à" aim;
            // "des frappes ont visé des sites" hit them.
            if p.kind != .verb, p.event != .agree,
                (m.end..<min(s.range.upperBound, m.end + 3)).contains(where: {
                    EventReader.modalSkips.contains(tokens[$0].folded) && tokens[$0].folded != "pour"
                        && tokens[$0].folded != "sans"
                        && !(EventReader.aimVerbs.contains(tokens[$0].folded)
                            && ($0 + 1 == s.range.upperBound || tokens.folded(at: $0 + 1) != "à"))
                })
            {
                continue
            }
            var claimFromAccuse: Candidate?
            if p.kind != .noun, !gatheringPurpose, let marker = infinitiveMarker(s, v), marker != "other" {
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
            if claimFromAccuse == nil, p.kind != .noun, afterPastInfinitiveMarker(s, v),
                let acc = out.last(where: { $0.type == .accuse && $0.cueEnd <= c && c - $0.cueEnd <= 10 }),
                !acc.recipient.isEmpty
            {
                // "accuse l'Arménie d'avoir violé le cessez-le-feu": the deed of the one accused, as claimed.
                claimFromAccuse = acc
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
                        // "reconnu coupable de ... la tentative de coup d'État": the charge, not a deed told.
                        || ($0.type == .sanction && $0.mode == "convict")
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
            // A court's sentence named by a noun: its "de X" is the one sentenced, not the court.
            var (type, mode, cameo, sentenceNoun) = courtSentence(p, m, s, c: c)
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
            cand.undergone = undergone || reducedPassive
            cand.opensOnSubject = opensOnSubject
            let prev = c > s.range.lowerBound ? tokens[c - 1].folded : ""
            if p.kind != .verb,
                ["l'", "la", "le", "les", "ces", "cette", "ce", "cet", "sa", "son", "ses", "ma", "leur"].contains(prev)
            {
                cand.anaphoric = true
            }
            // "une explosion", and "Des manifestations" opening the sentence (elsewhere "des" may be "de les").
            if p.kind == .noun || p.kind == .mutual,
                EventReader.indefiniteArticles.contains(prev) || (prev == "des" && c - 1 == s.range.lowerBound)
            {
                cand.indefinite = true
            }
            // The clause start of the cue, which `attribute` and `claims` both read.
            let cueClauseStart = clauseStart(s, c)
            attribute(&cand, s, ms, out, discourse: discourse, clauseStart: cueClauseStart)
            if p.kind == .verb, let doers = doersOfGovernedDeed(s, ms, cue: c, sentence: si, out) { cand.actor = doers }
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
                cand.actor.contains(where: { $0.matchKey != nil }),
                Set(prev.actor.compactMap(\.matchKey)) == Set(cand.actor.compactMap(\.matchKey))
            {
                // "X s'est entretenu avec Y et a appelé à ...": the same interlocutor (a known one: two
                // actors with no country or body are not thereby the same).
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
            if homecoming(cand, ms) { continue }
            cand = foreignForcesWithdrawn(cand, ms)
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
            if [.accuse, .reject, .support].contains(cand.type), cand.kind == .verb, cand.recipient.isEmpty,
                let adj = ms.first(where: {
                    $0.kind == .adjective && $0.start > cand.cueEnd + 1 && $0.start <= cand.cueEnd + 14 && !$0.inParens
                        && Set($0.entities.compactMap(\.matchKey)).isDisjoint(with: cand.actor.compactMap(\.matchKey))
                        && !(cand.cueEnd..<$0.start).contains(where: {
                            [".", ";", "que", "qu'", "et"].contains(tokens[$0].folded)
                        })
                })
            {
                // "a dénoncé, une semaine après les combats, une « agression azerbaïdjanaise »", "a salué
                // le vote américain": whose deed is named.
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
            if [.accuse, .reject, .support, .agree, .concede].contains(cand.type), cand.recipient.isEmpty,
                let agent = ms.firstIndex(where: {
                    $0.prep == "par" && $0.start > cand.cueEnd && $0.start <= cand.cueEnd + 10 && isParticipant($0)
                        && !(cand.cueEnd..<$0.start).contains { [".", ";", "que", "qu'"].contains(tokens[$0].folded) }
                        && Set($0.entities.compactMap(\.matchKey)).isDisjoint(with: cand.actor.compactMap(\.matchKey))
                })
            {
                // "a dénoncé des violations commises par les forces gouvernementales": the doer is accused;
                // "a rejeté l'ultimatum lancé par l'Otan", "a salué la libération des otages par le Hamas":
                // the one whose act is refused or welcomed.
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
            hostOfVisit(&cand, ms)
            // A recipient only implied (the people of the place) gives way to the demonym read here.
            if cand.type == .assault, cand.kind == .verb, cand.recipient.isEmpty || cand.recipientImplied,
                !cand.actor.isEmpty,
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
                cand.recipientImplied = false
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
            answerEarlier(&cand, s, earlier: out, previous: previous)
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
}
