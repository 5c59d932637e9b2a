extension EventReader {
    /// An ASSAULT without an actor whose clause names, before the cue, an accident, a disaster or
    /// an illness (`causes.tsv`: "un incendie a tué huit personnes", "le séisme a détruit"):
    /// nobody did it, so it is no political event.
    func isCausedByNobody(_ c: Candidate, in s: Sentence) -> Bool {
        guard c.type == .assault, c.actor.isEmpty, c.cueStart > s.range.lowerBound else { return false }
        for k in s.range.lowerBound..<c.cueStart where !lex.causes.matches(at: k, in: tokens, limit: c.cueStart).isEmpty
        {
            return true
        }
        return false
    }
}
