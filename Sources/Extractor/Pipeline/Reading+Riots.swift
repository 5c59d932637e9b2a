import VigieProtocol

extension EventReader {
    /// Violence by civilians that no name or body stands for ("des manifestants ont attaqué",
    /// "des jeunes ont incendié") is a riot, PROTEST riot, as the annotation guide codes it, not
    /// an armed assault.
    static func riot(_ c: Candidate) -> Candidate {
        guard c.type == .assault, !c.actor.isEmpty,
            c.actor.allSatisfy({ $0.sector == .cvl && $0.org == nil && !($0.name?.first?.isUppercase ?? false) })
        else { return c }
        var r = c
        r.type = .protest
        r.mode = "riot"
        r.cameo = "145"
        return r
    }
}
