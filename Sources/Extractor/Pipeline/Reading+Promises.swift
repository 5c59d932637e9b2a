/// What a cue in the future tense says. PLOVER codes events "as having happened", except that a
/// future act announced by someone is itself an act: a hostile one ("« nous riposterons »",
/// "l'armée bombardera, a averti le ministre") is a THREATEN, a cooperative one ("libérera, a
/// promis") an AGREE. The narrator's own future ("la ministre va réaffirmer mardi") is not coded,
/// nor are conditionals and other modals ("pourrait", "devrait", "aurait").
enum CueModality: Equatable {
    case conditional
    case future
}

extension EventReader {
    /// The periphrastic future's auxiliary ("va riposter"): grammar, so it lives here.
    static let futureAuxiliaries: FoldedSet = ["va", "vont", "vais", "allons", "allez"]

    /// nil when the cue at `c` is realis; else whether it is a plain future or something unreal.
    func modality(_ s: Sentence, _ c: Int) -> CueModality? {
        guard hypothetical(s, c) else { return nil }
        let w = tokens[c].folded
        let noun = c > s.range.lowerBound && MentionFinder.articles.contains(tokens[c - 1].folded)
        // (No future ending also ends like a conditional, "-rait", "-raient".)
        if !noun, Self.allFutureEndings.contains(where: { w.hasSuffix($0) }) { return .future }
        // "va riposter", "vont ... libérer": the auxiliary right before the infinitive (an adverb
        // or a pronoun may sit between).
        var k = c - 1
        while k >= s.range.lowerBound, k >= c - 3 {
            let f = tokens[k].folded
            if Self.futureAuxiliaries.contains(f) { return .future }
            if EventReader.modalSkips.contains(f) { return .conditional }
            k -= 1
        }
        return .conditional
    }

    static let futureEndings = ["era", "eront", "erons", "erai", "iront", "irons", "ira"]
    /// Every future ending, the irregular ones too, joined once (not at every cue).
    static let allFutureEndings = futureEndings + irregularFutureEndings

    /// Stems of the verbs that announce a threat or a promise ("a averti", "a prévenu", "a
    /// promis", "a juré"): grammar of reported speech, alongside `speechVerbs`.
    static let announcingStems = ["averti", "previen", "prevenu", "promi", "jure", "menac"]

    /// Whether the sentence reports someone's words: a quotation, a first-person subject, or a
    /// verb of saying, warning or promising.
    func reportsSpeech(_ s: Sentence) -> Bool {
        s.range.contains { k in
            let f = tokens[k].folded
            return f == "«" || f == "»" || f == "\"" || f == "nous" || f == "je"
                || EventReader.speechVerbs.contains(f) || Self.announcingStems.contains { f.hasPrefix($0) }
        }
    }

    /// Forms of "annoncer" (folded): a state that announces it will withdraw, expel or lift
    /// sanctions has taken the decision; the announcement is the act.
    static let announcementVerbs: FoldedSet = [
        "annonce", "annoncent", "annoncee", "annonces", "annoncait", "annoncaient", "annoncer", "annoncons",
    ]

    /// Whether a future deed is a decision announced ("J'annonce aujourd'hui que les États-Unis
    /// vont se retirer de l'accord", "va expulser l'ambassadeur, a annoncé le gouvernement"): a
    /// sanction, a withdrawal or an expulsion, under a form of "annoncer" in the same sentence.
    /// Such a deed is coded as done, not as a threat.
    func announcedDecision(_ p: PredicateEntry, _ s: Sentence) -> Bool {
        guard
            p.event == .sanction && p.mode != "convict" || p.event == .retreat
                || (p.event == .coerce && p.mode == "deport")
        else { return false }
        return s.range.contains { Self.announcementVerbs.contains(tokens[$0].folded) }
    }

    /// The event a cue in the future stands for: a threat of the hostile deed, a promise of the
    /// cooperative one; nil for what has no future reading (a request, a court sentence).
    static func announced(_ p: PredicateEntry) -> PredicateEntry? {
        var q = p
        switch p.event {
        case .assault:
            (q.event, q.mode, q.cameo) = (.threaten, "violence", "138")
        case .coerce:
            (q.event, q.mode, q.cameo) =
                p.mode == "arrest" ? (.threaten, "arrest", "137") : (.threaten, "restrict", "132")
        case .sanction:
            guard p.mode != "convict" else { return nil }
            (q.event, q.mode, q.cameo) =
                p.mode == "expel" ? (.threaten, "expel", "1313") : (.threaten, "relations", "131")
        case .consult:
            (q.event, q.mode, q.cameo) = (.agree, nil, "036")
        case .aid:
            (q.event, q.mode, q.cameo) = (.agree, nil, "033")
        case .cooperate, .retreat, .concede, .support:
            (q.event, q.mode, q.cameo) = (.agree, nil, "030")
        default:
            return nil
        }
        return q
    }
}
