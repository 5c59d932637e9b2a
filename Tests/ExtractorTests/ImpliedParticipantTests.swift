import Testing
import VigieProtocol

@testable import VigieExtractor

/// An event whose recipient or doer the text leaves unnamed concerns the country the dispatch is
/// about (Reading+Implied.swift).
struct ImpliedParticipantTests {
    @Test func anUnnamedTargetIsTheCountryTheStoryIsAbout() throws {
        let e = Coding.events(
            "L'Iran a annoncé lundi avoir repris l'enrichissement d'uranium à 60 %. Téhéran affirme que son "
                + "programme est pacifique. Les Etats-Unis ont annoncé mardi de nouvelles sanctions.")
        let sanction = try #require(Coding.first(.sanction, in: e))
        #expect(Coding.keys(sanction.actor) == ["USA"])
        let recipient = try #require(sanction.recipient.first)
        #expect(recipient.country == "IRN" && recipient.sector == .gov)
        // Assumed, not read: no actor code.
        #expect(recipient.code == nil)
    }

    @Test func unknownAssailantsAreCodedByWhereTheyStruck() throws {
        // The victims are French, the story is about them; the killers struck in Niger.
        let e = Coding.events(
            "Quatre humanitaires français ont été tués mardi au Niger. Paris a annoncé l'ouverture d'une enquête. "
                + "Les quatre Français travaillaient pour une ONG française.")
        let killing = try #require(Coding.first(.assault, in: e))
        #expect(killing.actor.map(\.country) == ["NER"], "\(killing.actor)")
        #expect(killing.actor.first?.code == nil)
    }

    @Test func aTimeZoneIsNoPlaceOfTheStory() throws {
        // "(11h à Paris)" converts a time; the army is Thailand's.
        let e = Coding.events(
            "L'armée a décrété la loi martiale jeudi à 16h (11h à Paris). "
                + "Le chef de l'armée en Thaïlande a annoncé un coup d'État.")
        let law = try #require(e.first { $0.event == .coerce && $0.mode == "martial-law" })
        #expect(law.actor.map(\.country) == ["THA"], "\(law.actor)")
    }

    @Test func statesCountedReferToTheStatesNamedTogether() throws {
        // "Les trois pays" are the three that broke off relations, not the sides of a conflict.
        let e = Coding.events(
            "L'Egypte, la Jordanie et l'Irak ont rompu leurs relations avec la Syrie. "
                + "Les trois pays ont également interrompu tout trafic aérien avec la Syrie.")
        let cut = try #require(e.first { $0.event == .sanction && $0.mode == "discontinue" })
        #expect(Coding.keys(cut.actor) == ["EGY", "JOR", "IRQ"])
        #expect(Coding.keys(cut.recipient) == ["SYR"])
    }

    @Test func withdrawingAnotherStatesForcesIsSendingThemAway() throws {
        let away = try #require(
            Coding.events("L'Arabie saoudite a retiré les troupes qataries de la coalition.").first)
        #expect(away.event == .sanction && away.mode == "expel")
        #expect(Coding.keys(away.actor) == ["SAU"] && Coding.keys(away.recipient) == ["QAT"])
        let retreat = try #require(Coding.events("La Russie a retiré ses troupes de la région de Kiev.").first)
        #expect(retreat.event == .retreat && retreat.mode == "withdraw")
    }

    @Test func aStateActingAtHomeActsOnItsPopulation() throws {
        let e = Coding.events(
            "Les autorités biélorusses ont interdit les rassemblements. Le Bélarus vit une crise depuis août.")
        let restriction = try #require(Coding.first(.coerce, in: e))
        #expect(restriction.recipient.map(\.country) == ["BLR"])
        #expect(restriction.recipient.map(\.sector) == [.cvl])
    }

    @Test func aCurfewToldWithoutItsDoerIsTheStatesOwnMeasure() throws {
        // Two measures, not one: the curfew is not the state of siege told before it; the copula
        // "reste" makes "placée" a verb, and the state of the story imposes it on its own people.
        let e = Coding.events(
            "Les forces azerbaïdjanaises ont proclamé l'état de siège à Gandja. "
                + "La ville reste placée sous couvre-feu nocturne.", published: "2023-03")
        let curfew = try #require(e.first { $0.mode == "curfew" })
        #expect(curfew.event == .coerce)
        #expect(curfew.actor.map(\.country) == ["AZE"] && curfew.actor.map(\.sector) == [.gov])
        #expect(curfew.recipient.map(\.sector) == [.cvl])
        #expect(e.contains { $0.mode == "martial-law" })
        // Named as a circumstance, the curfew is no event.
        #expect(Coding.events("Les employés fermaient la boutique à l'heure du couvre-feu.").isEmpty)
    }

    @Test func aNamedRecipientIsKept() throws {
        let e = Coding.events(
            "La Russie a accusé l'Ukraine d'avoir bombardé une centrale. La Russie dénonce une provocation. "
                + "Moscou a convoqué son conseil de sécurité.")
        let accusation = try #require(Coding.first(.accuse, in: e))
        #expect(Coding.keys(accusation.recipient) == ["UKR"])
    }

    @Test func aMobilizationGetsNoImpliedTarget() throws {
        let e = Coding.events("La Russie a mobilisé 300.000 réservistes.")
        let mobilization = try #require(Coding.first(.mobilize, in: e))
        #expect(mobilization.recipient.isEmpty)
    }

    @Test func aStoryThatNamesNoCountryImpliesNoOne() {
        let e = Coding.events("Des manifestants ont défilé samedi. La police a interpellé dix personnes.")
        #expect(e.allSatisfy { $0.recipient.allSatisfy { $0.country == nil } })
    }

    // The guide codes unknown assailants by where they struck; the victims are the people there.
    @Test func anAttackByNoOneNamedIsPlacedWhereItStruck() throws {
        let e = Coding.events(
            "Un attentat a fait dix morts dimanche à Saint-Pétersbourg. La Russie a décrété un deuil national.")
        let attack = try #require(Coding.first(.assault, in: e))
        #expect(attack.actor.map(\.country) == ["RUS"])
        #expect(attack.actor.map(\.sector) == [.unk])
        #expect(attack.actor.map(\.code) == [nil])
        #expect(attack.recipient.map(\.country) == ["RUS"])
        #expect(attack.size.dead == 10)
    }

    @Test func demonstratorsNobodyNamesAreTheCountrysPeople() throws {
        let e = Coding.events(
            "Des milliers de personnes ont manifesté samedi à Tbilissi contre le gouvernement. La Géorgie est divisée.")
        let protest = try #require(Coding.first(.protest, in: e))
        #expect(protest.actor.map(\.country) == ["GEO"])
        #expect(protest.actor.map(\.sector) == [.cvl])
        #expect(protest.recipient.map(\.sector) == [.gov])
    }

    /// A protest noun with no one named at all is still a protest of the story's country; one
    /// only looked forward to ("à la veille de") is none.
    @Test func aProtestWithNoOneNamedIsKept() throws {
        let e = Coding.events("Le Bélarus vit une crise depuis août. De nouvelles protestations s'organisaient jeudi.")
        let protest = try #require(Coding.first(.protest, in: e))
        #expect(protest.actor.map(\.country) == ["BLR"])
        let ahead = Coding.events(
            "Le Bélarus vit une crise depuis août. La tension monte à la veille de nouvelles manifestations.")
        #expect(Coding.first(.protest, in: ahead) == nil)
    }

    @Test func describedParticipantsBelongToTheStorysCountry() throws {
        let e = Coding.events(
            "Des hommes armés ont attaqué dimanche une synagogue et deux églises au Daghestan. La Russie a "
                + "décrété un deuil national.")
        let attack = try #require(Coding.first(.assault, in: e))
        let gunmen = try #require(attack.actor.first)
        #expect(gunmen.country == "RUS" && gunmen.code == nil)
        #expect(attack.recipient.allSatisfy { $0.country == "RUS" })
    }

    // "(AFP) - Des hommes armés": the credit's parenthesis ends the dateline, so "Des" opens the
    // subject; written small after a parenthesis it is still "de" ("le ministre (français) des ...").
    @Test(arguments: ["(Belga) ", "KADUNA (AFP) - ", "Kaduna (Nigeria), 3 mars 2021 (AFP) - "])
    func aDatelinesCreditDoesNotHideTheFirstSubject(dateline: String) throws {
        let e = Coding.events(
            "Attaque dans le nord\n\n" + dateline
                + "Des hommes armés ont attaqué une école dans le nord-ouest du Nigeria, selon des habitants.")
        let attack = try #require(Coding.first(.assault, in: e))
        let gunmen = try #require(attack.actor.first)
        #expect(gunmen.name == "armed men" && gunmen.country == "NGA")
    }

    // The dateline's place is not the clause's subject: the doer is named after the credit.
    @Test func theClauseStartsAfterADatelinesCredit() throws {
        let e = Coding.events(
            "Frappes nocturnes\n\nODESSA (Reuters) - Des drones russes ont frappé dans la nuit des installations "
                + "portuaires ukrainiennes.")
        let strike = try #require(Coding.first(.assault, in: e))
        #expect(Coding.keys(strike.actor) == ["RUS"])
    }

    // The headline counts twice, and a tie goes to the country named first.
    @Test func theStorysCountryWeighsItsHeadline() throws {
        let text = "Le Mali expulse un diplomate\nLa décision a surpris. Le Niger observe. Le Niger ne commente pas.\n"
        let reader = Coding.reader(text)
        #expect(reader.mainCountry == "MLI")
    }

    // In a conflict, one side's unaddressed act is aimed at the other side.
    @Test func oneSideActsOnTheOther() throws {
        let text =
            "Les combats entre l'armée arménienne et l'armée azerbaïdjanaise se poursuivent. "
            + "Les soldats azerbaïdjanais ont bombardé des villages arméniens. L'armée arménienne a riposté."
        let reader = Coding.reader(text)
        #expect(Set(reader.sides.compactMap(\.matchKey)) == ["ARM", "AZE"])
        let armenia = Entity(text: "Arménie", name: "Arménie", country: "ARM", org: nil, sector: .gov, code: "ARMGOV")
        var request = Candidate(
            type: .request, kind: .verb, cueStart: 0, cueEnd: 1, sentence: 0, confidence: 0.8, evidenceStart: 0,
            evidenceEnd: 1)
        request.actor = [armenia]
        let implied = reader.implyRecipient(request)
        #expect(implied.recipient.compactMap(\.matchKey) == ["AZE"])
        #expect(implied.recipientImplied)
    }
}
