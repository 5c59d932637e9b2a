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

    /// "leur retrait de la Cédéao": the deed after "leur" is the subject's, and leaving an
    /// international body is leaving it as one leaves a treaty (SANCTION withdraw).
    @Test func statesLeavingAnInternationalBodyWithdrawFromIt() throws {
        let events = Coding.events("Le Niger, le Mali et le Burkina Faso ont annoncé leur retrait de la Cédéao.")
        let found = try #require(Coding.first(.sanction, in: events), "\(events.map(\.event))")
        #expect(found.mode == "withdraw")
        #expect(Coding.keys(found.actor) == ["NER", "MLI", "BFA"])
        #expect(Coding.keys(found.recipient) == ["ORG:ECOWAS"])
    }

    /// Troops leaving a country withdraw from it; the cue opens on its subject, after an article
    /// or inside a name.
    @Test(arguments: [
        ("Les soldats français ont quitté le Niger.", "FRA", "NER"),
        ("Les forces américaines quittent l'Irak.", "USA", "IRQ"),
        ("La force Barkhane a quitté le Mali en août.", "FRA", "MLI"),
    ])
    func troopsLeavingACountryWithdrawFromIt(_ c: (String, String, String)) throws {
        let events = Coding.events(c.0)
        let found = try #require(Coding.first(.retreat, in: events), "\(events.map(\.event))")
        #expect(found.mode == "withdraw")
        #expect(Coding.keys(found.actor) == [c.1])
        #expect(Coding.keys(found.recipient) == [c.2])
    }

    /// "en signe de protestation" is a sign, though folded "signe" is "signé".
    @Test func aSignOfProtestIsNoSignature() {
        let events = Coding.events("Le ministre a quitté la salle en signe de protestation.")
        #expect(Coding.first(.support, in: events) == nil, "\(events.map(\.event))")
    }

    /// "a salué le vote américain": the demonym on the deed welcomed names whose it is.
    @Test func theDemonymOnADeedWelcomedIsItsRecipient() throws {
        let events = Coding.events("Israël a salué le vote américain.")
        let found = try #require(Coding.first(.support, in: events), "\(events.map(\.event))")
        #expect(Coding.keys(found.recipient) == ["USA"])
    }

    /// A participle coordinated after a quoted object shares the auxiliary before the quote.
    @Test func aParticipleAfterAQuotedObjectSharesTheAuxiliary() throws {
        let events = Coding.events(
            "Le président ukrainien a dénoncé « la terreur russe » et réclamé davantage de défense antiaérienne.")
        #expect(Coding.first(.accuse, in: events) != nil, "\(events.map(\.event))")
        #expect(Coding.first(.request, in: events) != nil, "\(events.map(\.event))")
    }

    /// "une aide militaire pour l'Ukraine": a gift's beneficiary after "pour".
    @Test func aGiftForACountryIsGivenToIt() throws {
        let events = Coding.events(
            "Le Sénat américain a approuvé une aide militaire de 61 milliards de dollars pour l'Ukraine.")
        let found = try #require(Coding.first(.aid, in: events), "\(events.map(\.event))")
        #expect(Coding.keys(found.recipient) == ["UKR"])
    }

    /// A chargé d'affaires is a diplomat of the country of the demonym after the title.
    @Test func aChargeDAffairesSummonedIsHisCountrys() throws {
        let events = Coding.events("L'Algérie a convoqué le chargé d'affaires français.")
        let found = try #require(Coding.first(.accuse, in: events), "\(events.map(\.event))")
        #expect(Coding.keys(found.recipient) == ["FRA"])
    }

    /// Hanging people is an execution (ASSAULT), as executing them is.
    @Test func hangingOpponentsIsAnExecution() throws {
        let events = Coding.events("Le régime iranien a pendu deux opposants à Téhéran.")
        #expect(Coding.first(.assault, in: events) != nil, "\(events.map(\.event))")
    }

    /// The host of a visit is the country visited, not the visitor's own people met there.
    @Test func theHostOfAVisitIsTheCountryVisited() throws {
        let events = Coding.events(
            "Le ministre français des Armées s'est rendu en Estonie pour rencontrer les soldats français déployés dans le pays."
        )
        let found = try #require(Coding.first(.consult, in: events), "\(events.map(\.event))")
        #expect(Coding.keys(found.recipient) == ["EST"])
    }

    /// A capitalized demonym after a number written in words names people ("dix Américains").
    @Test func peopleCountedInWordsAreOfTheirDemonymsCountry() throws {
        let events = Coding.events("Le gouvernement vénézuélien a libéré dix Américains en échange d'un prisonnier.")
        let found = try #require(Coding.first(.retreat, in: events), "\(events.map(\.event))")
        #expect(Coding.keys(found.recipient) == ["USA"])
    }

    /// A mediation "entre X et Y" is with the two sides named.
    @Test func aMediationBetweenTwoSidesIsWithBoth() throws {
        let events = Coding.events("Le Qatar a servi de médiateur entre Israël et le Hamas.")
        let found = try #require(Coding.first(.consult, in: events), "\(events.map(\.event))")
        #expect(found.mode == "third-party")
        #expect(Coding.keys(found.recipient) == ["ISR", "PSE"])
    }

    /// Keeping someone in custody, ordered by a court, is an arrest continued, not a request.
    @Test func custodyOrderedIsAnArrest() throws {
        let events = Coding.events("Un tribunal turc a ordonné le maintien en détention du philanthrope Osman Kavala.")
        #expect(Coding.first(.coerce, in: events)?.mode == "arrest", "\(events.map(\.event))")
        #expect(Coding.first(.request, in: events) == nil)
    }

    /// "accuse X d'avoir violé le cessez-le-feu": the violation is X's, as the accuser claims.
    @Test func aDeedInThePastInfinitiveOfAnAccusationIsTheAccuseds() throws {
        let events = Coding.events("L'Azerbaïdjan accuse l'Arménie d'avoir violé le cessez-le-feu.")
        #expect(Coding.first(.accuse, in: events) != nil, "\(events.map(\.event))")
        let found = try #require(Coding.first(.assault, in: events), "\(events.map(\.event))")
        #expect(Coding.keys(found.actor) == ["ARM"])
        #expect(Coding.keys(found.claimedBy) == ["AZE"])
    }

    /// "ont exécuté un homme condamné": the auxiliary is the first participle's; the second,
    /// after its object, describes the man (no condemnation is told).
    @Test func aParticipleAfterAnotherParticiplesObjectIsAnAdjective() throws {
        let events = Coding.events("Les autorités iraniennes ont exécuté mardi un homme condamné pour espionnage.")
        #expect(Coding.first(.assault, in: events) != nil, "\(events.map(\.event))")
        #expect(Coding.first(.accuse, in: events) == nil, "\(events.map(\.event))")
    }

    /// House arrest is an arrest.
    @Test func houseArrestIsAnArrest() throws {
        let events = Coding.events("Le président gabonais a été placé en résidence surveillée par les militaires.")
        let found = try #require(Coding.first(.coerce, in: events), "\(events.map(\.event))")
        #expect(found.mode == "arrest")
        #expect(Coding.keys(found.recipient) == ["GAB"])
    }

    /// "Une attaque a visé un convoi militaire pakistanais": the deed's verb names its target.
    @Test func theTargetOfADeedIsTheObjectOfItsAimingVerb() throws {
        let events = Coding.events("Un attentat a visé un convoi militaire pakistanais au Waziristan.")
        let found = try #require(Coding.first(.assault, in: events), "\(events.map(\.event))")
        #expect(Coding.keys(found.recipient) == ["PAK"])
        #expect(found.recipient.contains { $0.sector == .mil })
    }
}
