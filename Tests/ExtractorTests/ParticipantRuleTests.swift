import Testing
import VigieProtocol

@testable import VigieExtractor

/// Participants read from the shape of the sentence (2026-12-06 afternoon round), each in a
/// sentence of our own wording that coded wrong before its rule.
struct ParticipantRuleTests {
    /// The one whose act is refused, welcomed or accepted is the agent after "par" in the object.
    @Test(arguments: [
        ("Moscou a rejeté l'ultimatum lancé par l'Otan.", EventType.reject, "RUS", "ORG:NATO"),
        (
            "Le gouvernement allemand a apporté son soutien au plan de paix présenté par le Brésil.", .support, "DEU",
            "BRA"
        ),
        ("Paris a salué la libération des otages par le Hamas.", .support, "FRA", "PSE"),
    ])
    func theAgentOfTheActRefusedOrWelcomedIsTheRecipient(_ c: (String, EventType, String, String)) throws {
        let events = Coding.events(c.0)
        let found = try #require(Coding.first(c.1, in: events), "\(events.map(\.event))")
        #expect(Coding.keys(found.actor) == [c.2])
        #expect(Coding.keys(found.recipient) == [c.3])
    }

    /// A government and the rebels of its own country agreeing are two sides, not one.
    @Test(arguments: [
        "Bogota et l'ELN se sont mis d'accord sur un cessez-le-feu.",
        "Les FARC et Bogota ont conclu un accord sur le désarmement.",
    ])
    func aGovernmentAndItsOwnRebelsAreTwoSidesOfAnAccord(_ sentence: String) throws {
        let events = Coding.events(sentence)
        let found = try #require(Coding.first(.agree, in: events), "\(events.map(\.event))")
        #expect(Set(found.actor.map(\.sector)) == [.gov, .reb])
        #expect(Coding.keys(found.actor) == ["COL"])
    }

    /// "autour de Taïwan" is where the manœuvres are, not whose: the addressee stays Beijing.
    @Test func aPlaceAroundWhichIsNoOwnerOfTheGroupBeforeIt() throws {
        let events = Coding.events("Washington a demandé à Pékin de cesser ses manœuvres militaires autour de Taïwan.")
        let found = try #require(Coding.first(.request, in: events), "\(events.map(\.event))")
        #expect(Coding.keys(found.recipient) == ["CHN"])
    }

    /// A passive whose cue opens on its object ("des réservistes ont été rappelés par l'armée").
    @Test func reservistsRecalledInThePassiveAreMobilizedByTheAgent() throws {
        let events = Coding.events("Des milliers de réservistes ont été rappelés par l'armée israélienne.")
        let found = try #require(Coding.first(.mobilize, in: events), "\(events.map(\.event))")
        #expect(Coding.keys(found.actor) == ["ISR"])
    }
}
