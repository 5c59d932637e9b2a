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

extension EventReader {
    /// Whether the place at token `k` only gives a time its zone: "à 16h30 (11h30 à Paris)",
    /// "à midi, heure de Paris". Such a place says nothing of what the story is about.
    static func clockPlace(_ tokens: [Token], _ k: Int) -> Bool {
        guard k >= 2 else { return false }
        let before = tokens.folded(at: k - 1)
        if before == "de", tokens.folded(at: k - 2) == "heure" { return true }
        guard before == "à" else { return false }
        let time = tokens.folded(at: k - 2)
        if time == "midi" || time == "minuit" { return true }
        // The tokenizer reads "11h30" as "11h" then "30", "16h" as one token.
        func isHour(_ w: String) -> Bool {
            w.count >= 2 && w.last == "h" && w.dropLast().allSatisfy(\.isNumber)
        }
        if isHour(time) { return true }
        return k >= 3 && time.allSatisfy(\.isNumber) && isHour(tokens.folded(at: k - 3))
    }
}
