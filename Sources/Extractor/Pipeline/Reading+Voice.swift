import VigieProtocol

/// Whether a verb cue is active or passive, and whether a participle is a verb at all.
extension EventReader {
    /// A past participle with no auxiliary before it is an adjective ("un territoire reconnu",
    /// "l'Azerbaïdjan, soutenu par la Turquie"), not an event.
    func adjectival(_ s: Sentence, _ c: Int, feminineI: Bool = false) -> Bool {
        let t = tokens[c]
        // "é", "ée", "és", "ées" or a participle in -u/-i.
        let participle =
            t.endsInAcuteE(in: text) || t.folded.hasSuffix("u") || t.folded.hasSuffix("us")
            || t.folded.hasSuffix("ue") || t.folded.hasSuffix("ues") || t.folded.hasSuffix("is")
            // "démentie", "saisies": the feminine of a participle in -i, asked for only where an
            // agent follows ("nie", "publie" are also present tenses).
            || feminineI && (t.folded.hasSuffix("ie") || t.folded.hasSuffix("ies"))
        guard participle else { return false }
        var k = c - 1
        var steps = 0
        while k >= s.range.lowerBound && steps < 5 {
            if EventReader.participleAuxiliaries.contains(tokens.folded(at: k)) { return false }
            // "ont exécuté mardi un homme condamné": the auxiliary behind another participle and its
            // object is that participle's.
            if k < c - 2, tokens[k].endsInAcuteE(in: text),
                (k + 1..<c - 1).contains(where: { MentionFinder.articles.contains(tokens.folded(at: $0)) })
            {
                return true
            }
            if tokens[k].isMark(".") || tokens[k].isMark("»") || tokens[k].isMark("«") || tokens[k].isMark(";") {
                break
            }
            k -= 1
            steps += 1
        }
        // "avait reconnu avoir perdu un avion et exigé le retour de son pilote": a participle
        // coordinated with an earlier one shares its auxiliary.
        if c - 1 > s.range.lowerBound, tokens[c - 1].folded == "et" {
            var k = c - 2
            while k >= s.range.lowerBound, k >= c - 25 {
                // "a dénoncé « la terreur russe » et réclamé": a quoted object is crossed whole.
                if tokens[k].isMark("»"),
                    let open = (max(s.range.lowerBound, c - 25)..<k).last(where: { tokens[$0].isMark("«") })
                {
                    k = open - 1
                    continue
                }
                if tokens[k].isMark(".") || tokens[k].isMark(";") || tokens[k].isMark("«") || tokens[k].isMark("»") {
                    break
                }
                if EventReader.avoirAuxiliaries.contains(tokens.folded(at: k)) { return false }
                k -= 1
            }
        }
        return true
    }

    /// Whether the verb cue at `c` is in the passive: "ont été tués", "sont quant à eux appelés à",
    /// "se voient refuser l'accès" (the subject undergoes the act).
    func passiveVoice(_ s: Sentence, _ c: Int, _ type: EventType) -> Bool {
        let w = tokens[c].folded
        // "être" + participle is the active voice of verbs of motion ("est arrivé") and of duties ("est tenu de").
        let etrePassive = type != .consult && !w.hasPrefix("tenu") && w.count > 3
        var k = c - 1
        while k >= s.range.lowerBound && k >= c - 7 {
            let f = tokens.folded(at: k)
            if f == "ete" || f == "fut" || f == "etre" { return true }
            if k == c - 1, EventReader.passiveVoir.contains(f) { return true }
            if etrePassive, EventReader.etreForms.contains(f) {
                // "s'est engagé", "se sont affrontés": a pronominal verb, active.
                return !(k > s.range.lowerBound && EventReader.reflexives.contains(tokens.folded(at: k - 1)))
            }
            let skippable =
                EventReader.auxiliaries.contains(f) || EventReader.adverbs.contains(f) || f.hasSuffix("ment")
                || EventReader.passiveInserts.contains(f)
            if !skippable || EventReader.activeAuxiliaries.contains(f) { return false }
            k -= 1
        }
        return false
    }
}
