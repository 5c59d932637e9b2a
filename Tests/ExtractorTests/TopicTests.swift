import Testing
import VigieProtocol

@testable import VigieExtractor

/// A dispatch about sport, culture, business, science or nature gives no events
/// (`topics.tsv`, Reading+Topics.swift); a political one that uses some of their words still does.
struct TopicTests {
    @Test func aCyclingStageAttackIsNoEvent() {
        let e = Coding.events(
            "Auteur d'une attaque monstrueuse dans l'ultime ascension, le Slovène Tadej Pogacar a remporté "
                + "l'étape et conforte son maillot jaune. Le coureur a devancé le peloton de deux minutes. "
                + "Le Tour de France arrive dimanche à Paris.")
        #expect(e.isEmpty, "\(e.map(\.event))")
    }

    @Test func aMergerApprovedByRegulatorsIsNoEvent() {
        let e = Coding.events(
            "Les actionnaires des deux constructeurs ont approuvé la fusion. Le nouveau groupe automobile "
                + "réalisera un chiffre d'affaires de 170 milliards d'euros. Les deux entreprises vont devoir "
                + "obtenir le feu vert des autorités de régulation. Le PDG a salué un rachat historique.")
        #expect(e.isEmpty, "\(e.map(\.event))")
    }

    @Test func aBoycottOfAGameByAStateIsStillAnEvent() throws {
        let e = Coding.events(
            "Le gouvernement américain a annoncé le boycott diplomatique des Jeux de Pékin. Washington dénonce "
                + "la répression des Ouïghours par la Chine. Aucun ministre américain n'assistera au tournoi "
                + "ni à la finale, mais les joueurs et les joueuses américains iront.")
        #expect(!e.isEmpty)
    }

    @Test func theCountsBehindTheGate() throws {
        let text = "Le film a reçu la Palme d'or au festival de Cannes. L'actrice et le réalisateur ont salué le jury."
        let reader = Coding.reader(text)
        // film, Palme d'or, festival, actrice, réalisateur.
        #expect(reader.topicWordCount() == 5)
        #expect(reader.politicalMentionCount() == 0)
        #expect(reader.isOffTopic)
    }
}
