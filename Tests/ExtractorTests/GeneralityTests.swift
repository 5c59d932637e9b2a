import Testing
import VigieProtocol

@testable import VigieExtractor

/// One sentence per family of wire-copy phrasing found beyond the development set: what the coder
/// must make of it.
struct GeneralityTests {
    func only(_ text: String, published: String? = "2024-10") -> [EventRecord] {
        Coding.events(text, published: published)
    }

    @Test func anOrderedExpulsionOfAnAmbassadorIsTheExpulsion() {
        let e = only("Les autorités nigériennes ont ordonné l'expulsion de l'ambassadeur de France.")
        #expect(e.map(\.event) == [.sanction])
        #expect(e.first?.mode == "expel")
        #expect(Coding.keys(e.first?.actor ?? []) == ["NER"])
        #expect(Coding.keys(e.first?.recipient ?? []) == ["FRA"])
    }

    @Test func anOrderedMobilizationIsTheMobilization() {
        let e = only("Le gouvernement burkinabè a ordonné la mobilisation de volontaires.")
        #expect(e.map(\.event) == [.mobilize])
        #expect(Coding.keys(e.first?.actor ?? []) == ["BFA"])
    }

    @Test func aPromiseOfRetaliationIsAThreat() {
        #expect(only("Téhéran a promis de riposter.").map(\.event) == [.threaten])
        #expect(only("Moscou a promis des représailles.").map(\.event) == [.threaten])
    }

    @Test func aConcludedAgreementBindsBothSides() {
        let e = only("La Serbie et le Kosovo ont conclu un accord sur les plaques d'immatriculation.")
        #expect(e.map(\.event) == [.agree])
        #expect(Coding.keys(e.first?.actor ?? []) == ["SRB", "XKX"])
    }

    @Test func reflexiveCommitmentWithoutElisionIsAnAgreement() {
        let e = only("Les Vingt-Sept se sont engagés à fournir une aide militaire à l'Ukraine.")
        #expect(e.map(\.event) == [.agree])
        #expect(Coding.keys(e.first?.actor ?? []) == ["ORG:EU"])
    }

    @Test func takingControlOfATownIsASeizureThere() {
        let e = only("Les rebelles du M23 ont pris le contrôle de Goma.")
        #expect(e.map(\.event) == [.coerce])
        #expect(e.first?.mode == "seize")
        #expect(e.first?.place?.name == "Goma")
        #expect(e.first?.actor.map(\.sector) == [.reb])
    }

    @Test func aWithdrawalThatHasBegunIsAWithdrawal() {
        let e = only("Les troupes russes ont commencé à se retirer de Kherson.")
        #expect(e.map(\.event) == [.retreat])
        #expect(Coding.keys(e.first?.actor ?? []) == ["RUS"])
        #expect(e.first?.place?.name == "Kherson")
    }

    @Test func aResignationDemandedIsNoResignation() {
        let e = only(
            "Des milliers de manifestants ont défilé à Tbilissi pour exiger la démission du Premier ministre.")
        #expect(!e.contains { $0.event == .retreat })
        #expect(e.first?.event == .protest)
    }

    @Test func aVerbCoordinatedByEtATakesTheSentencesSubject() {
        let arrest = Coding.first(
            .coerce, in: only("La police géorgienne a dispersé la foule et a arrêté 43 personnes."))
        #expect(arrest?.actor.map(\.sector) == [.cop])
        let broke = Coding.first(
            .sanction,
            in: only(
                "Le président congolais a accusé Kigali d'agression et a rompu les relations diplomatiques avec le Rwanda."
            ))
        #expect(Coding.keys(broke?.actor ?? []) == ["COD"])
        #expect(Coding.keys(broke?.recipient ?? []) == ["RWA"])
    }

    @Test func aCondemnedShotIsNoNewAttack() {
        #expect(only("Séoul et Tokyo ont condamné ce tir.").map(\.event) == [.accuse])
        #expect(only("Paris a dénoncé ce bombardement.").map(\.event) == [.accuse])
    }

    @Test func armedMenAreAnActorAndAPartyIsKnownByItsName() {
        let attack = only("Des hommes armés ont attaqué un poste de police à Kidal.")
        #expect(attack.first?.actor.first?.name == "armed men")
        let party = only("Le parti au pouvoir, Rêve géorgien, a accusé l'opposition de préparer une révolution.")
        #expect(party.first?.actor.first?.name == "Georgian Dream")
        #expect(party.first?.actor.first?.sector == .pty)
    }

    @Test func membersMeetingTogetherIsAConsultation() {
        let e = only("Les ministres des Affaires étrangères de l'UE se sont réunis lundi à Bruxelles.")
        #expect(e.map(\.event) == [.consult])
        #expect(Coding.keys(e.first?.actor ?? []) == ["ORG:EU"])
        #expect(only("Le Conseil de sécurité de l'ONU s'est réuni en urgence dimanche.").map(\.event) == [.consult])
    }

    @Test func anAssassinationIsATargetedAssaultOnTheVictim() {
        let e = only("Le chef du Hezbollah a été assassiné à Beyrouth.")
        #expect(e.map(\.event) == [.assault])
        #expect(e.first?.mode == "targeted")
        #expect(e.first?.recipient.first?.sector == .reb)
        #expect(e.first?.place?.name == "Beyrouth")
    }

    @Test func troopsMassedAreAMobilization() {
        let e = only("Kiev a massé des troupes près de la frontière.")
        #expect(e.map(\.event) == [.mobilize])
        #expect(Coding.keys(e.first?.actor ?? []) == ["UKR"])
    }

    @Test func liftedSanctionsAndDeclaredCeasefiresAreConcessions() {
        let lifted = only("Les Etats-Unis ont levé une partie des sanctions visant le Venezuela.")
        #expect(lifted.map(\.event) == [.concede])
        #expect(Coding.keys(lifted.first?.recipient ?? []) == ["VEN"])
        #expect(only("Le Hamas a annoncé un cessez-le-feu unilatéral.").map(\.event) == [.concede])
    }

    @Test func anAirRaidIsAnAerialAssault() {
        let e = only("Un raid aérien israélien a tué 22 personnes à Beyrouth.")
        #expect(e.map(\.event) == [.assault])
        #expect(e.first?.mode == "aerial")
        #expect(Coding.keys(e.first?.actor ?? []) == ["ISR"])
        #expect(e.first?.size.dead == 22)
    }

    @Test func aidReceivedIsNoVisitReceived() {
        let e = only("Erevan a reçu une aide humanitaire de l'Union européenne.")
        #expect(e.map(\.event) == [.aid])
        #expect(Coding.keys(e.first?.actor ?? []) == ["ORG:EU"])
    }

    @Test func aParticipleWithoutItsAuxiliarySharesTheSubject() {
        let e = only("L'Iran a accusé Israël et promis des représailles.")
        #expect(e.map(\.event) == [.accuse, .threaten])
        #expect(Coding.keys(Coding.first(.threaten, in: e)?.actor ?? []) == ["IRN"])
    }

    @Test func aTruceConcludedBindsBothSides() {
        let e = only("Israël et le Hamas ont conclu une trêve de quatre jours.")
        #expect(e.map(\.event) == [.agree])
        #expect(Coding.keys(e.first?.actor ?? []) == ["ISR", "PSE"])
    }

    @Test func theCapitalNamedByItsStatesAdjectiveIsThePlace() {
        let e = only("Des drones ont frappé dans la nuit la capitale ukrainienne, tuant deux civils.")
        #expect(e.first?.place?.name == "Kiev")
    }

    @Test func aJuntaIsTheGovernmentAndSettlersAreCivilians() {
        let junta = only("La junte malienne a expulsé l'ambassadeur de France.")
        #expect(junta.first?.event == .sanction)
        #expect(junta.first?.actor.first?.sector == .gov)
        #expect(Coding.keys(junta.first?.actor ?? []) == ["MLI"])
        let settlers = only("Des colons israéliens ont attaqué un village palestinien en Cisjordanie.")
        #expect(settlers.first?.actor.first?.sector == .cvl)
        #expect(Coding.keys(settlers.first?.actor ?? []) == ["ISR"])
    }

    @Test func aNounAfterPourAndAnInfinitiveIsNoDeed() {
        #expect(
            only("Le Quai d'Orsay a répondu que les putschistes n'avaient pas autorité pour faire cette demande.")
                .isEmpty)
    }

    @Test func anAttackImputedToAStateIsItsAttackAsClaimed() {
        let e = only("Le Hezbollah a imputé l'attaque à Israël.")
        #expect(e.map(\.event) == [.accuse, .assault])
        let attack = Coding.first(.assault, in: e)
        #expect(Coding.keys(attack?.actor ?? []) == ["ISR"])
        #expect(Coding.keys(attack?.claimedBy ?? []) == ["LBN"])
    }

    @Test func aLeaderWhoTelephonedHeldACall() {
        let e = only("Le président Emmanuel Macron a téléphoné à son homologue iranien.")
        #expect(e.map(\.event) == [.consult])
        #expect(e.first?.mode == "phone")
        #expect(Coding.keys(e.first?.recipient ?? []) == ["IRN"])
    }

    @Test func aStateSayingItIsReadyToActStatesAnIntent() {
        let e = only("La Turquie s'est dite prête à jouer un rôle de médiateur entre Israël et le Hamas.")
        #expect(e.map(\.event) == [.agree])
        #expect(Coding.keys(e.first?.actor ?? []) == ["TUR"])
    }

    @Test func anIncursionIsAnAssault() {
        let e = only("L'armée ukrainienne a lancé une incursion dans la région russe de Koursk.")
        #expect(e.map(\.event) == [.assault])
        #expect(Coding.keys(e.first?.actor ?? []) == ["UKR"])
        #expect(e.first?.place?.name == "Koursk")
    }

    @Test func regrettingAnothersDecisionDisapprovesRegrettingOnesOwnWordsConcedes() {
        let other = only("Le secrétaire général de l'ONU Antonio Guterres a regretté cette décision.")
        #expect(other.map(\.event) == [.accuse])
        #expect(other.first?.mode == "disapprove")
        #expect(only("Le Premier ministre arménien a regretté ses propos.").map(\.event) == [.concede])
    }

    @Test func aParticipleSharingTheAuxiliaryAfterACondemnationIsItsOwnDeed() {
        let e = only("Moscou a dénoncé une provocation majeure et décrété l'état d'urgence régional.")
        #expect(e.map(\.event) == [.accuse, .coerce])
        #expect(only("La France a condamné les frappes et la mobilisation.").map(\.event) == [.accuse])
    }

    @Test func aGuestReceivedAfterThePlaceOfTheMeetingIsTheOtherParty() {
        let e = only("Emmanuel Macron a reçu à l'Élysée le président ukrainien Volodymyr Zelensky.")
        #expect(e.map(\.event) == [.consult])
        #expect(Coding.keys(e.first?.recipient ?? []) == ["UKR"])
        let kremlin = only("Vladimir Poutine a reçu au Kremlin son homologue turc.")
        #expect(Coding.keys(kremlin.first?.recipient ?? []) == ["TUR"])
    }

    @Test func aDeploymentAnAgreementProvidesForIsNotYetDone() {
        let e = only(
            "Le Premier ministre arménien a signé un accord avec la Russie, qui prévoit le déploiement de soldats russes.",
            published: "2020-11")
        #expect(!e.contains { $0.event == .mobilize })
        #expect(e.contains { $0.event == .support })
    }
}
