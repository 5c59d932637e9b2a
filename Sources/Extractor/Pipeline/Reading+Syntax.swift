/// Participants by the parse: the rules that read the French analysis when the coder has one
/// (``Extractor/analyzer``), each used where the word-distance rules found nothing.
extension EventReader {
    /// Relations that attach an auxiliary or a copula to the verb or noun that carries the
    /// meaning: the cue "a" of "a été tué" stands for "tué".
    private static let auxiliaryRelations: Set<String> = ["aux", "aux:tense", "aux:pass", "aux:caus", "cop"]

    /// The analysis token of the cue's predicate: the first of the cue's words the parse knows,
    /// climbing from an auxiliary to its verb.
    func predicate(cueStart c: Int, cueEnd e: Int) -> Int? {
        guard let syntax else { return nil }
        for k in c..<max(e, c + 1) {
            guard var p = syntax.analysisToken(k) else { continue }
            var steps = 0
            while EventReader.auxiliaryRelations.contains(syntax.relation(p)), syntax.head(p) != p, steps < 4 {
                p = syntax.head(p)
                steps += 1
            }
            return p
        }
        return nil
    }

    /// The subject of the predicate by the parse, with the subjects coordinated to it: its own
    /// `nsubj`; for a verb coordinated to an earlier one ("a bombardé X et tué Y"), the earlier
    /// verb's; for a relative clause ("les rebelles qui ont attaqué"), the noun it qualifies.
    func syntacticSubject(_ ms: [Mention], predicate p: Int) -> [Mention]? {
        guard let syntax else { return nil }
        var verb = p
        for _ in 0..<4 {
            let subjects = syntax.dependents(verb, ["nsubj"])
            if !subjects.isEmpty {
                if let found = mentions(ms, heads: subjects) { return found }
                // "qui", "que": the relative pronoun stands for the noun the clause qualifies.
                if syntax.relation(verb) == "acl:relcl", syntax.head(verb) != verb {
                    return mentions(ms, heads: [syntax.head(verb)])
                }
                return nil
            }
            guard syntax.relation(verb) == "conj", syntax.head(verb) != verb else { return nil }
            verb = syntax.head(verb)
        }
        return nil
    }

    /// The agent of a passive predicate by the parse ("tués par les rebelles").
    func syntacticAgent(_ ms: [Mention], predicate p: Int) -> [Mention]? {
        guard let syntax else { return nil }
        return mentions(ms, heads: syntax.dependents(p, ["obl:agent"]))
    }

    /// The participant mentions the parse names at `heads`, each with the mentions coordinated
    /// to it (`conj`), in text order and without repeats.
    private func mentions(_ ms: [Mention], heads: [Int]) -> [Mention]? {
        guard let syntax else { return nil }
        var found: [Mention] = []
        for head in heads {
            for node in [head] + syntax.dependents(head, ["conj"]) {
                guard let m = mention(ms, covering: node), isParticipant(m),
                    !found.contains(where: { $0.start == m.start })
                else { continue }
                found.append(m)
            }
        }
        return found.isEmpty ? nil : found
    }

    /// The direct object of the predicate by the parse (`obj`, `iobj`, `obl:arg`: "a attaqué X",
    /// "a demandé à X", "a renoncé à X").
    func syntacticObject(_ ms: [Mention], predicate p: Int) -> [Mention]? {
        guard let syntax else { return nil }
        return mentions(ms, heads: syntax.dependents(p, ["obj", "iobj", "obl:arg"]))
    }

    /// Relations by which a noun's own modifiers name who it is: "les forces spéciales
    /// ukrainiennes", "le président, X", "Moussa Traoré"; not a genitive ("les électeurs de X" are
    /// not X).
    private static let namingRelations: Set<String> = ["amod", "appos", "flat:name", "flat", "compound"]

    /// The mention holding analysis token `node`, else one holding a word that names it (its
    /// adjective, genitive, apposition).
    private func mention(_ ms: [Mention], covering node: Int) -> Mention? {
        guard let syntax else { return nil }
        if let m = mention(ms, at: node) { return m }
        for modifier in syntax.dependents(node, EventReader.namingRelations) {
            if let m = mention(ms, at: modifier), isParticipant(m), !m.locative { return m }
        }
        return nil
    }

    private func mention(_ ms: [Mention], at node: Int) -> Mention? {
        guard let syntax, let k = syntax.coderToken(node) else { return nil }
        return ms.first { $0.start <= k && k < $0.end }
    }
}
