import VigieProtocol

extension EventReader {
    /// The sectors whose actors make a story political: states and their organs, parties,
    /// armed groups, international bodies.
    static let politicalSectors: Set<Sector> = [.gov, .mil, .leg, .jud, .cop, .reb, .igo, .pty, .opp]

    /// Words of sport, culture, business, science and nature (`topics.tsv`) in the whole text.
    func topicWordCount() -> Int {
        var n = 0
        var k = 0
        while k < tokens.count {
            if let m = lex.topics.longest(at: k, in: tokens, limit: tokens.count) {
                n += 1
                k = m.end
            } else {
                k += 1
            }
        }
        return n
    }

    /// Mentions of political actors (not places): named states, officials, bodies, forces, parties.
    func politicalMentionCount() -> Int {
        sentenceMentions.joined().filter { m in
            !m.locative && (m.kind == .named || m.kind == .group)
                && m.entities.contains { EventReader.politicalSectors.contains($0.sector) }
        }.count
    }

    /// A dispatch about sport, culture, business, science or nature: at least four of its words,
    /// and more of them than mentions of political actors. Its events are not political
    /// ("une attaque" in a cycling stage, "le feu vert des autorités" to a merger).
    var isOffTopic: Bool {
        let topic = topicWordCount()
        guard topic >= 4 else { return false }
        return topic > politicalMentionCount()
    }
}
