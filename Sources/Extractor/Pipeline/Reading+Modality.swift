import VigieProtocol

/// Cue filters: negation, modality (conditionals, futures, modals) and the infinitives a
/// governing word makes undone or done ("a décidé d'expulser", "incitant la police à tirer").
extension EventReader {
    /// "n'a pas condamné", "ne soutient pas", "sans", "ni".
    func negated(_ s: Sentence, _ c: Int, _ e: Int) -> Bool {
        let lo = max(s.range.lowerBound, c - 6)
        var sawNe = false
        for k in lo..<c {
            let w = tokens[k].folded
            if w == "ne" || w == "n'" { sawNe = true }
            if k >= c - 2, w == "sans" || w == "ni" { return true }
            if k >= c - 2, w == "non" { return true }
        }
        guard sawNe else { return false }
        for k in lo..<min(s.range.upperBound, e + 2) where EventReader.negations.contains(tokens[k].folded) {
            return true
        }
        return false
    }

    /// Futures of "-dre", "-ir" in "-tenir"/"-venir" and "-mettre"/"-battre" verbs ("tiendra",
    /// "prendra", "rejoindront", "mettra"), which the "-era"/"-ira" endings miss; no past or
    /// present form ends so.
    static let irregularFutureEndings = ["dra", "dront", "drons", "ttra", "ttront"]

    /// Conditionals, futures and modals: "il s'agirait", "pourrait", "va réaffirmer", "attaquera".
    func hypothetical(_ s: Sentence, _ c: Int) -> Bool {
        let w = tokens[c].folded
        // "le retrait", "un portrait": a noun after its article has no conditional ending.
        let noun = c > s.range.lowerBound && MentionFinder.articles.contains(tokens[c - 1].folded)
        if !noun && w.hasSuffix("rait") || w.hasSuffix("raient") || w.hasSuffix("eront") || w.hasSuffix("iront")
            || (w.hasSuffix("era") && w.count > 5) || (!noun && (w.hasSuffix("erons") || w.hasSuffix("irons")))
            || (!noun && EventReader.irregularFutureEndings.contains(where: { w.hasSuffix($0) }))
        {
            return true
        }
        var k = c - 1
        var n = 0
        while k >= s.range.lowerBound && n < 4 {
            let f = tokens[k].folded
            if EventReader.modalSkips.contains(f) { return true }
            if !EventReader.auxiliaries.contains(f) && !EventReader.personalObjects.contains(f) && f != "t"
                && !f.hasSuffix("ment")
            {
                break
            }
            k -= 1
            n += 1
        }
        return false
    }

    /// Whether the "à" at `k` follows a causative participle and the doer it names, within the
    /// clause: "incitant les forces de l'ordre à tirer" tells that they fired.
    func madeToDo(_ s: Sentence, before k: Int) -> Bool { causative(s, before: k) != nil }

    /// The causative participle before the "à" at `k` ("incitant ... à"), when a doer stands
    /// between them and no punctuation does.
    func causative(_ s: Sentence, before k: Int) -> Int? {
        var j = k - 1
        while j >= s.range.lowerBound, j >= k - 8 {
            let t = tokens[j]
            if t.kind == .punct { return nil }
            if EventReader.causatives.contains(t.folded) { return j < k - 1 ? j : nil }
            j -= 1
        }
        return nil
    }

    /// The ones made to do the infinitive cue at `c` ("incitant les forces de l'ordre à tirer"):
    /// the participants between the causative and "à"; nil when the cue is no such infinitive.
    func madeToDoDoers(_ s: Sentence, _ ms: [Mention], cue c: Int) -> [Mention]? {
        guard let k = (max(s.range.lowerBound, c - 3)..<c).last(where: { tokens.folded(at: $0) == "à" }),
            let j = causative(s, before: k)
        else { return nil }
        let doers = ms.filter { $0.start > j && $0.end <= k && isParticipant($0) }
        return doers.isEmpty ? nil : doers
    }

    /// The doers of an infinitive cue at `c` that its governing words name: the one made to do
    /// it ("incitant les forces de l'ordre à tirer"), or the doer of the first deed of its list
    /// ("a décidé d'expulser X, de rappeler Y": the later deeds are the first one's doer's).
    func doersOfGovernedDeed(
        _ s: Sentence, _ ms: [Mention], cue c: Int, sentence si: Int, _ out: [Candidate]
    ) -> [Entity]? {
        if let doers = madeToDoDoers(s, ms, cue: c) { return EventReader.entities(doers) }
        guard
            let marker = (max(s.range.lowerBound, c - 2)..<c).last(where: {
                ["de", "d'"].contains(tokens.folded(at: $0))
            }),
            listedAfterDeed(s, marker: marker),
            let first = out.last(where: { $0.sentence == si && $0.kind == .verb && !$0.actor.isEmpty })
        else { return nil }
        return first.actor
    }

    /// Whether the "de" at `k` continues a list of infinitives whose first one is a deed done: "a
    /// décidé d'expulser l'ambassadeur, de rappeler le sien et de geler les échanges" tells
    /// three deeds.
    func listedAfterDeed(_ s: Sentence, marker k: Int) -> Bool {
        guard k - 1 > s.range.lowerBound, tokens[k - 1].isMark(",") || tokens.folded(at: k - 1) == "et" else {
            return false
        }
        var j = k - 2
        while j > s.range.lowerBound, j >= k - 25 {
            let f = tokens.folded(at: j)
            if f == "de" || f == "d'", j + 1 < k, tokens[j + 1].kind == .word {
                return infinitiveMarker(s, j + 1) == "other"
            }
            j -= 1
        }
        return false
    }

    /// An infinitive cue governed by another word ("à s'engager", "de violer"): returns the marker.
    func infinitiveMarker(_ s: Sentence, _ c: Int) -> String? {
        let w = tokens[c].folded
        guard w.hasSuffix("er") || w.hasSuffix("ir") || w.hasSuffix("re") else { return nil }
        var k = c - 1
        var n = 0
        while k >= s.range.lowerBound && n < 3 {
            let f = tokens[k].folded
            if EventReader.infinitiveMarkers.contains(f) {
                // "ont fini par capituler": the infinitive is what happened.
                if f == "par", k > s.range.lowerBound, tokens[k - 1].folded.hasPrefix("fini") { return "other" }
                // "a décidé d'expulser", "vient de rompre", "a terminé de lever", "avant de dénoncer":
                // the infinitive is what was done.
                // (A weekday or an adverb may sit between: "a décidé mardi d'expulser".)
                // ("pour décider de quitter": a realizing verb in the infinitive realizes only what
                // it is itself realized by: "vient de décider de rompre".)
                // "sont parvenus à trouver un accord", "a réussi à conclure": so is what one managed to do.
                let realizing =
                    f == "à" ? EventReader.achievingStems : f == "de" || f == "d'" ? EventReader.realizingStems : nil
                // "ont décidé samedi, à l'issue d'un sommet, de lever": the verb before an aside.
                var anchor = k
                if k - 1 > s.range.lowerBound, tokens[k - 1].isMark(","),
                    let open = (max(s.range.lowerBound, k - 16)..<(k - 1)).last(where: { tokens[$0].isMark(",") })
                {
                    anchor = open
                }
                if let realizing,
                    (max(s.range.lowerBound, anchor - 2)..<anchor).contains(where: {
                        let w = tokens.folded(at: $0)
                        guard realizing.matches(w) else { return false }
                        return !(w.hasSuffix("er") || w.hasSuffix("ir")) || infinitiveMarker(s, $0) == "other"
                    })
                {
                    return "other"
                }
                if f == "à", madeToDo(s, before: k) { return "other" }
                if f == "de" || f == "d'", listedAfterDeed(s, marker: k) { return "other" }
                return f
            }
            if !["se", "s'", "les", "l'", "leur", "lui", "y", "en", "ne", "pas", "la", "le"].contains(f) {
                return "other"
            }
            k -= 1
            n += 1
        }
        return "other"
    }
}
