import Testing
import VigieProtocol

@testable import VigieExtractor

/// One French sentence per pattern family the precision and toll rules handle: what it must give,
/// and what it must not.
struct PrecisionPatternTests {
    func only(_ text: String, published: String? = "2020-10") -> [EventRecord] {
        Coding.events(text, published: published)
    }

    @Test func victimsWhoLostTheirLivesGiveTheTollOfTheAttack() {
        let e = only("Douze civils ont perdu la vie lors du bombardement de l'armée syrienne.")
        #expect(e.map(\.event) == [.assault])
        #expect(Coding.keys(e.first?.actor ?? []) == ["SYR"])
        #expect(e.first?.size.dead == 12)
        let died = only("Neuf soldats arméniens ont trouvé la mort dans des bombardements azerbaïdjanais.")
        #expect(died.first?.size.dead == 9)
        #expect(Coding.keys(died.first?.recipient ?? []) == ["ARM"])
    }

    /// "une explosion" with a target of its own is another attack; "l'explosion" is the one told before.
    @Test func anIndefiniteAttackIsANewEvent() {
        let two = only(
            "Des hommes armés ont attaqué l'aéroport de Kaboul mardi. Une heure plus tard, une explosion a eu lieu "
                + "dans un marché de Kandahar.")
        #expect(two.filter { $0.event == .assault }.count == 2, "\(two.map(\.evidence.text))")
        let one = only(
            "Des hommes armés ont attaqué l'aéroport de Kaboul mardi. L'explosion a fait douze morts à Kaboul.")
        #expect(one.filter { $0.event == .assault }.count == 1, "\(one.map(\.evidence.text))")
    }

    /// The charges of a conviction are what it is about, not deeds told anew.
    @Test func theChargesOfAConvictionAreNoEvents() {
        let e = only(
            "La Cour suprême a reconnu l'opposant bolivien coupable de cinq crimes, dont le coup d'État mené par "
                + "l'armée en 2019.")
        #expect(e.map(\.event) == [.sanction], "\(e.map(\.event))")
    }

    /// A demand's content is what is asked, not a deed told: one REQUEST, no resignation.
    @Test func theContentOfADemandIsNoDeed() {
        let e = only("L'opposition togolaise exige que le président quitte le pouvoir.")
        #expect(e.map(\.event) == [.request], "\(e.map(\.event))")
    }

    /// Whoever reports a deed did not do it: villagers telling of kidnappings are no rioters.
    @Test func theOneWhoReportsADeedDidNotDoIt() {
        let e = only("Des habitants nigérians ont rapporté des enlèvements d'élèves, selon les médias locaux.")
        #expect(!e.contains { $0.event == .protest }, "\(e.map(\.event))")
        #expect(!e.contains { $0.actor.contains { $0.sector == .cvl } }, "\(e.map(\.actor))")
    }

    /// Companies are not political actors: a deal between firms is no event; the same deal
    /// between governments is one.
    @Test func dealsBetweenCompaniesAreNotEvents() {
        #expect(only("Les deux entreprises ont signé un accord de coopération.").isEmpty)
        #expect(!only("La France et l'Allemagne ont signé un accord de coopération.").isEmpty)
    }

    /// Nobody does an accident, a disaster or an illness (`causes.tsv`): its toll is no ASSAULT;
    /// the same toll with an actor is one.
    @Test func accidentsAndDisastersAreNotAttacks() {
        #expect(only("Un incendie a tué huit personnes dans un immeuble de Paris.").isEmpty)
        #expect(only("Le séisme a tué plus de 300 personnes dans le sud du pays.").isEmpty)
        let attack = only("Des rebelles ont tué huit personnes dans un village du Mali.")
        #expect(attack.map(\.event) == [.assault])
    }

    /// A number or "plusieurs" after "et" opens the next coordinated party ("le gouvernement et
    /// 14 groupes armés"); after a bare comma it opens a new clause.
    @Test func aCountedPartyIsCoordinatedAfterEt() {
        let e = only(
            "Le gouvernement centrafricain et 14 groupes armés ont signé, mardi à Khartoum, un accord de paix.")
        #expect(e.first.map { Coding.keys($0.actor).contains("CAF") } == true, "\(e.map(\.actor))")
        #expect(e.first?.actor.count == 2)
    }

    @Test func numbersWithGroupingAndAtLeast() {
        let e = only("Au moins 12 manifestants ont été tués et 1 250 autres blessés par la police birmane.")
        #expect(e.first?.size.dead == 12)
        #expect(e.first?.size.injured == 1250)
    }

    @Test func internationalForcesAreTheAllianceTheDispatchNames() {
        let e = only("Sept civils ont péri lors de l'assaut des forces internationales, selon l'OTAN.")
        #expect(Coding.keys(e.first?.actor ?? []) == ["ORG:NATO"])
        #expect(e.first?.size.dead == 7)
    }

    @Test func passiveAppealToCitizensComesFromTheirGovernment() {
        let e = only("Les Français sont invités à éviter le centre de Bruxelles.")
        #expect(e.map(\.event) == [.request])
        #expect(e.first?.actor.map(\.sector) == [.gov])
        #expect(Coding.keys(e.first?.actor ?? []) == ["FRA"])
        #expect(e.first?.recipient.map(\.sector) == [.cvl])
    }

    @Test func impersonalAdvisoryIsTheSpeakersAdviceToItsNationals() {
        let e = only(
            "« Il est déconseillé de se rendre à Paris ce week-end », a indiqué le ministère italien des Affaires étrangères."
        )
        #expect(e.map(\.event) == [.request])
        #expect(Coding.keys(e.first?.actor ?? []) == ["ITA"])
        #expect(Coding.keys(e.first?.recipient ?? []) == ["ITA"])
        #expect(e.first?.recipient.map(\.sector) == [.cvl])
    }

    @Test func advisoryWithoutAddresseeIsForTheStatesOwnPeople() {
        let e = only("L'Espagne déconseille de voyager dans la région.")
        #expect(Coding.keys(e.first?.recipient ?? []) == ["ESP"])
        #expect(e.first?.recipient.map(\.sector) == [.cvl])
    }

    @Test func aTopicSetByQuantAuIsThePronounsReferent() {
        let e = only("Quant au gouvernement japonais, il recommande de rester prudent.")
        #expect(Coding.keys(e.first?.actor ?? []) == ["JPN"])
    }

    @Test func aBodysPlaceRightAfterItGivesItsCountry() {
        let e = only("Le ministère des Affaires étrangères à Rome a demandé à ses ressortissants d'éviter Paris.")
        #expect(Coding.keys(e.first?.actor ?? []) == ["ITA"])
    }

    @Test func theSubjectOfSeVoirRefuserUndergoesTheRefusal() {
        #expect(only("Les journalistes se sont vu refuser l'entrée du territoire.").isEmpty)
    }

    @Test func anAttemptedOrPlannedActIsNoEvent() {
        #expect(only("Le président tentait une médiation entre les deux camps.").isEmpty)
    }

    @Test func blameForAttacksIsAnAccusationNotANewAttack() {
        let e = only("La Russie et l'Ukraine se rejettent la responsabilité des bombardements.")
        #expect(e.map(\.event) == [.accuse])
    }

    @Test func refusingToImagineIsAnOpinionNotARejection() {
        let e = only("« Je refuse d'imaginer une Europe sans la Grèce », a déclaré le ministre allemand des Finances.")
        #expect(!e.contains { $0.event == .reject })
    }

    @Test func twoPartiesWhoExaminedAMatterConsulted() {
        let e = only(
            "Le ministre russe Sergueï Lavrov et son homologue turc Mevlut Cavusoglu ont examiné la situation au Haut-Karabakh."
        )
        #expect(e.map(\.event) == [.consult])
        #expect(Coding.keys((e.first?.actor ?? []) + (e.first?.recipient ?? [])) == ["RUS", "TUR"])
        #expect(only("La Cour a examiné la requête de l'Arménie.").isEmpty)
    }

    @Test func aDemandThatSomeoneActAsksThatSubject() {
        let e = only("La CIJ a rappelé son exigence que l'Azerbaïdjan rouvre le corridor.")
        #expect(Coding.first(.request, in: e).map { Coding.keys($0.recipient) } == ["AZE"])
    }

    @Test func rejectingAccusationsAnswersTheAccuser() {
        let e = only("L'Ukraine accuse la Russie d'avoir bombardé un hôpital. Moscou réfute ces accusations.")
        let reject = Coding.first(.reject, in: e)
        #expect(Coding.keys(reject?.actor ?? []) == ["RUS"])
        #expect(Coding.keys(reject?.recipient ?? []) == ["UKR"])
    }

    @Test func aPlaceInsideABodysNameIsNoPlace() {
        let e = only("Le Groupe de Minsk a appelé les parties à reprendre les négociations.")
        #expect(e.first?.event == .request)
        #expect(e.first?.place == nil)
    }

    @Test func thePeopleOfAnEnclaveAreTheTerritorys() {
        let e = only("Les Arméniens de cette enclave ont capitulé face à l'offensive azerbaïdjanaise au Haut-Karabakh.")
        #expect(Coding.keys(Coding.first(.retreat, in: e)?.actor ?? []) == ["NKR"])
    }
}

/// PLOVER contexts come from the CAMEO code the cue gives.
struct ContextTests {
    @Test func aCeasefireAppealIsMilitaryAndMartialLawIsLegal() {
        let appeal = Coding.events("Sergueï Lavrov a exhorté les deux parties à respecter le cessez-le-feu.")
        #expect(appeal.first?.context == ["military"])
        let law = Coding.events("L’Arménie a déclaré la loi martiale.")
        #expect(Coding.first(.coerce, in: law)?.context == ["legal"])
    }

    @Test func aBombInAHotelIsNotCodedMilitary() {
        let e = Coding.events("Les talibans ont attaqué un hôtel à Kaboul.", published: "2012-06")
        #expect(e.first?.event == .assault)
        #expect(e.first?.context == [])
    }
}

/// A court's sentence is a SANCTION (convict); a condemnation without a penalty stays an ACCUSE.
struct CourtRulingTests {
    @Test func aSentenceToPrisonIsAConviction() {
        let passive = Coding.events(
            "L'opposant Alexeï Navalny a été condamné à trois ans et demi de prison par un tribunal de Moscou.",
            published: "2021-02")
        #expect(passive.map(\.event) == [.sanction])
        #expect(passive.first?.mode == "convict")
        #expect(passive.first?.actor.map(\.sector) == [.jud])
        let active = Coding.events("Un tribunal iranien a condamné la journaliste à cinq ans de prison.")
        #expect(active.first?.event == .sanction)
        #expect(Coding.keys(active.first?.actor ?? []) == ["IRN"])
        // The frame "~condamner ... ans de prison" ends after the penalty; its "à" is still read.
        let framed = Coding.events("Le blogueur a été condamné à cinq ans de prison par un tribunal d'Alger.")
        #expect(framed.map(\.event) == [.sanction])
    }

    @Test func aCondemnationWithoutPenaltyIsAnAccusation() {
        let e = Coding.events("La France a condamné à plusieurs reprises les tirs sur les civils.")
        #expect(e.map(\.event) == [.accuse])
    }
}

/// Words that name no deed done by anyone named.
struct BackgroundWordsTests {
    @Test func theWordsOfATitleAreNoEvents() {
        let e = Coding.events(
            "Intitulé « Arrestations, tortures et exécutions sommaires », ce rapport de 60 pages a été publié lundi.")
        #expect(!e.contains { $0.event == .assault || $0.event == .coerce })
    }

    @Test func aCriticismByNoOneNamedIsNoAccusation() {
        #expect(Coding.events("Les mesures annoncées par le gouvernement sont vivement critiquées.").isEmpty)
    }

    @Test func herVisitIsThePersonsNotTheStateNamedSince() {
        let e = Coding.events(
            "Nancy Pelosi a rencontré dimanche le Premier ministre arménien Nikol Pachinian. « L’Arménie compte pour nous », a-t-elle dit. Sa visite intervient après des combats meurtriers.",
            published: "2022-09")
        #expect(e.filter { $0.event == .consult }.allSatisfy { Coding.keys($0.actor).contains("USA") })
    }
}

/// A blockade's target is the people it cuts off; a noun's target sits next to it.
struct BlockadeTests {
    @Test func theBlockadeOfARouteTargetsThePeopleItLinks() {
        let e = Coding.events(
            "L'Azerbaïdjan a orchestré un blocus de la route reliant les Arméniens de souche du Haut-Karabakh au monde extérieur et l'Arménie demande à la Cour de réagir.",
            published: "2023-01")
        let coerce = Coding.first(.coerce, in: e)
        #expect(Coding.keys(coerce?.actor ?? []) == ["AZE"])
        #expect(Coding.keys(coerce?.recipient ?? []) == ["NKR"])
    }
}

/// "Bruxelles" as a subject is the EU; "à Bruxelles" is the city, in Belgium.
struct BrusselsTests {
    @Test func brusselsAsSubjectIsTheUnionAndAsPlaceIsBelgium() {
        let subject = Coding.events("Bruxelles a exigé la libération immédiate des otages.", published: "2023-10")
        #expect(Coding.keys(subject.first?.actor ?? []) == ["ORG:EU"])
        let place = Coding.events(
            "À Bruxelles, le ministère des Affaires étrangères recommande aux Belges de reporter leur séjour.",
            published: "2018-12")
        #expect(Coding.keys(place.first?.actor ?? []) == ["BEL"])
    }
}

/// "il", "elle" after a state's army or court as subject refer to it.
struct PronounTests {
    @Test func sheIsTheArmyJustNamedAsSubject() {
        let e = Coding.events(
            "L'armée égyptienne s'est octroyé le pouvoir législatif. Elle a cependant promis de remettre le pouvoir au nouveau président avant le 30 juin.",
            published: "2012-06")
        let agree = Coding.first(.agree, in: e)
        #expect(Coding.keys(agree?.actor ?? []) == ["EGY"])
        #expect(agree?.actor.map(\.sector) == [.mil])
    }
}

/// Nouns after an appeal are what is asked; a new verb after "et" ends the appeal's reach.
struct AppealReachTests {
    @Test func aNewVerbAfterAnAppealTellsDeeds() {
        let e = Coding.events(
            "Les autorités arméniennes ont appelé la population à se réfugier et ont ensuite déclaré la loi martiale et la mobilisation générale.",
            published: "2020-09")
        #expect(Set(e.map(\.event)) == [.request, .coerce, .mobilize])
    }

    @Test func whatAnAppealAsksForIsNoDeed() {
        let e = Coding.events(
            "Le Conseil de sécurité a appelé à la cessation des combats et au retrait des troupes.",
            published: "2020-09")
        #expect(e.map(\.event) == [.request])
    }
}

/// The subject of a main verb after a closed relative clause, and a name glossed in parentheses.
struct SubjectTests {
    @Test func anAcronymInParenthesesAfterARelativeClauseIsTheSubject() {
        let e = Coding.events(
            "Le Mouvement de la résistance islamique (Hamas), dont les dirigeants vivent au Qatar, a de nouveau refusé de libérer les otages.",
            published: "2023-11")
        #expect(e.map(\.event) == [.reject])
        #expect(Coding.keys(e.first?.actor ?? []) == ["PSE"])
    }

    @Test func aDatelineCreditIsNoSubject() {
        let e = Coding.events(
            "PARIS (AFP) - L'Azerbaïdjan a de nouveau refusé de retirer ses troupes.", published: "2020-10")
        #expect(Coding.keys(e.first?.actor ?? []) == ["AZE"])
    }
}

/// A fronted phrase ("Lors d'un entretien, X et Y ...") gives its subject right after the comma only.
struct FrontedPhraseTests {
    @Test func aParticipantAtTheFarEndIsNotTheSubjectOfAFrontedNoun() {
        let e = Coding.events(
            "Dans ce rapport, l'usage de la torture est décrit comme systématique, ce que les Nations unies ont confirmé.",
            published: "2012-07")
        #expect(!e.contains { Coding.keys($0.actor).contains("ORG:UN") && $0.event == .assault })
    }
}

/// Questions and denials report no deed; arrests are coded, "s'arrêter" is not one.
struct QuestionDenialArrestTests {
    @Test func aQuestionReportsNothing() {
        #expect(Coding.events("L'Azerbaïdjan va-t-il attaquer l'Arménie ?").isEmpty)
    }

    @Test func aDeniedAttackIsNoAttack() {
        let e = Coding.events("Moscou a démenti avoir bombardé des civils en Syrie.")
        #expect(e.map(\.event) == [.reject])
    }

    @Test func thePoliceArrestingAQuantityOfProtesters() {
        let e = Coding.events(
            "La police a arrêté une vingtaine de manifestants à Minsk dimanche.", published: "2020-08")
        #expect(e.map(\.event) == [.coerce])
        #expect(e.first?.mode == "arrest")
        #expect(Coding.keys(e.first?.recipient ?? []) == ["BLR"])
        #expect(Coding.events("Les combats se sont arrêtés dimanche à Stepanakert.").isEmpty)
    }
}

/// Sanctions imposed and diplomats expelled are SANCTION; sanctions only possible are not.
struct SanctionTests {
    @Test func sanctionsAdoptedAgainstAState() {
        let e = Coding.events(
            "Le Conseil européen a adopté lundi un nouveau paquet de sanctions contre la Russie.", published: "2022-03")
        #expect(e.map(\.event) == [.sanction])
        #expect(Coding.keys(e.first?.actor ?? []) == ["ORG:EU"])
        #expect(Coding.keys(e.first?.recipient ?? []) == ["RUS"])
    }

    @Test func expellingAStatesDiplomatsSanctionsThatState() {
        let e = Coding.events("Washington a annoncé l'expulsion de douze diplomates russes.", published: "2022-03")
        #expect(e.first?.event == .sanction)
        #expect(e.first?.mode == "expel")
        #expect(Coding.keys(e.first?.recipient ?? []) == ["RUS"])
        #expect(e.first?.context == ["diplomatic"])
    }

    @Test func possibleSanctionsAndOfferedTalksAreNoEvents() {
        #expect(Coding.events("La ministre a évoqué la possibilité de sanctions économiques contre Bakou.").isEmpty)
        #expect(
            Coding.events("La Turquie a proposé d'accueillir des pourparlers entre la Russie et l'Ukraine.").isEmpty)
    }
}

/// Resignations, states of emergency, the accused doer of a deed, the target of a conditional threat.
struct MoreCueTests {
    @Test func announcingOnesResignationIsARetreat() {
        let e = Coding.events("Le Premier ministre irakien a annoncé sa démission vendredi.", published: "2019-11")
        #expect(e.map(\.event) == [.retreat])
        #expect(e.first?.mode == "resign")
        #expect(e.first?.context == [])
        #expect(
            Coding.events("Les manifestants réclament la démission du Premier ministre.").allSatisfy {
                $0.event != .retreat
            })
    }

    @Test func aStateOfEmergencyIsMartialLawOverThePopulation() {
        let e = Coding.events("Le gouvernement bolivien a décrété l'état d'urgence à La Paz.", published: "2019-11")
        #expect(e.first?.event == .coerce)
        #expect(e.first?.mode == "martial-law")
        #expect(e.first?.recipient.map(\.sector) == [.cvl])
    }

    @Test func theDoerOfADenouncedDeedIsAccused() {
        let e = Coding.events(
            "L'ONU a dénoncé des violations des droits de l'homme commises par l'armée birmane.", published: "2021-03")
        #expect(Coding.keys(e.first?.recipient ?? []) == ["MMR"])
    }

    @Test func aConditionalThreatTargetsTheOneWhoseActItWarnsOf() {
        let e = Coding.events("Pékin a menacé de représailles si Washington adoptait la loi.", published: "2019-11")
        #expect(e.first?.event == .threaten)
        #expect(Coding.keys(e.first?.recipient ?? []) == ["USA"])
    }

    @Test func aPatrolIsMilitary() {
        let e = Coding.events("Le Hezbollah a revendiqué l'attaque contre une patrouille israélienne.")
        #expect(e.first?.recipient.map(\.sector) == [.mil])
    }
}

/// Blockades of ways, arrivals, and what a subject only causes or would do.
struct BlockadeArrivalTests {
    @Test func farmersBlockingMotorwaysProtest() {
        let e = Coding.events(
            "Des agriculteurs en colère ont bloqué plusieurs autoroutes autour de Paris.", published: "2024-01")
        #expect(e.map(\.event) == [.protest])
        #expect(e.first?.mode == "obstruct")
    }

    @Test func blockingEffortsOrWantingToBlockIsNoBlockade() {
        #expect(Coding.events("La Russie et la Chine ont bloqué les efforts du Conseil de sécurité.").isEmpty)
        let e = Coding.events("Bakou accuse l'Arménie de vouloir bloquer tout processus de paix.")
        #expect(!e.contains { $0.event == .coerce })
        #expect(Coding.events("« Bloquer un pays n'est pas acceptable », a dit le Premier ministre.").isEmpty)
    }

    @Test func arrivingInACapitalIsAVisit() {
        let e = Coding.events(
            "Le secrétaire d'État américain Antony Blinken est arrivé mardi au Caire pour des discussions.",
            published: "2024-02")
        #expect(e.first?.event == .consult)
        #expect(e.first?.mode == "visit")
        #expect(Coding.keys(e.first?.actor ?? []) == ["USA"])
    }

    @Test func protestsCausedByTheSubjectAreNotTheSubjects() {
        let e = Coding.events(
            "Le président sénégalais a reporté l'élection présidentielle, provoquant des manifestations à Dakar.",
            published: "2024-02")
        #expect(!e.contains { $0.event == .protest && $0.actor.contains { $0.sector == .gov } })
    }
}

/// Counter-offensives, shows of force, police deployments, summits, arrest tolls.
struct ForceAndMeetingTests {
    @Test func aCounterOffensiveIsAnAttackAndTheCapitalAsSubjectIsNoPlace() {
        let e = Coding.events("Kiev a lancé sa contre-offensive dans le sud du pays.", published: "2023-06")
        #expect(e.map(\.event) == [.assault])
        #expect(Coding.keys(e.first?.actor ?? []) == ["UKR"])
        #expect(e.first?.place == nil)
    }

    @Test func exercisesAroundAnIslandAreTheExercisingStates() {
        let e = Coding.events("La Chine a mené des exercices militaires autour de Taïwan.", published: "2023-04")
        #expect(e.map(\.event) == [.mobilize])
        #expect(Coding.keys(e.first?.actor ?? []) == ["CHN"])
    }

    @Test func deployingPoliceIsAPoliceMobilization() {
        let e = Coding.events(
            "Le ministre de l'Intérieur Gérald Darmanin a annoncé le déploiement de 45 000 policiers et gendarmes.",
            published: "2023-06")
        #expect(e.first?.event == .mobilize)
        #expect(e.first?.mode == "police")
    }

    @Test func aSummitTakingPlaceIsAMeetingAndABoycottedOneIsNot() {
        let held = Coding.events("Le sommet de l'Otan s'est ouvert mardi à Vilnius.", published: "2023-07")
        #expect(held.first?.event == .consult)
        #expect(held.first?.mode == "multilateral")
        let boycotted = Coding.events("L'Arménie boycotte le sommet de l'OTSC organisé jeudi.", published: "2023-11")
        #expect(!boycotted.contains { $0.event == .consult })
    }

    @Test func anArrestTollGoesToTheArrestAndAWithdrawalIsNoConditional() {
        let e = Coding.events(
            "Plus de 70 personnes ont été interpellées lors des émeutes qui ont suivi la mort de Nahel à Nanterre.",
            published: "2023-06")
        #expect(Coding.first(.coerce, in: e)?.size.arrested == 70)
        #expect(!e.contains { $0.size.dead != nil })
        let retreat = Coding.events("Evgueni Prigojine a annoncé le retrait de ses hommes.", published: "2023-06")
        #expect(retreat.first?.event == .retreat)
    }
}

/// The side whose things are struck, and bans imposed.
struct TargetAndBanTests {
    @Test func theDemonymOfWhatIsStruckNamesTheTarget() {
        let e = Coding.events(
            "La Russie a bombardé à nouveau les infrastructures énergétiques ukrainiennes.", published: "2022-10")
        #expect(Coding.keys(e.first?.recipient ?? []) == ["UKR"])
        let positions = Coding.events(
            "L'armée azerbaïdjanaise a bombardé les positions arméniennes.", published: "2022-09")
        #expect(positions.first?.recipient.map(\.sector) == [.mil])
    }

    @Test func aBanImposedIsARestriction() {
        let e = Coding.events("Les talibans ont interdit aux femmes d'accéder aux universités.", published: "2022-12")
        #expect(e.first?.event == .coerce)
        #expect(e.first?.mode == "restrict")
        #expect(Coding.events("Il est interdit de manifester devant le Parlement.").allSatisfy { $0.event != .coerce })
    }
}

/// Modes when the words after the cue say what is asked or refused.
struct ModeTests {
    @Test func askingAnInternationalBodyIsAssist() {
        let e = Coding.events("L'Ukraine a demandé à l'ONU d'intervenir.", published: "2022-03")
        #expect(e.first?.event == .request)
        #expect(e.first?.mode == "assist")
    }

    @Test func refusingToTakePartIsRejectingCooperation() {
        let e = Coding.events("La Hongrie a refusé de participer à la mission européenne.", published: "2012-06")
        #expect(e.first?.event == .reject)
        #expect(e.first?.mode == "assist")
    }
}

/// Who fired when the agent is the fire itself, "armée" as a participle, and who the sides of a
/// conflict are.
struct AgentAndSidesTests {
    @Test func theDoerOfTheFireIsTheAgent() throws {
        let e = Coding.events("Trois civils ont été tués samedi par des tirs de soldats russes.", published: "2022-05")
        let killing = try #require(Coding.first(.assault, in: e))
        #expect(killing.actor.map(\.country) == ["RUS"] && killing.actor.map(\.sector) == [.mil])
    }

    @Test func armedIsNoArmy() {
        let e = Coding.events("Des bandes armées ont enlevé trente élèves au Nigeria.", published: "2021-02")
        #expect(e.allSatisfy { $0.actor.allSatisfy { $0.sector != .mil } })
        #expect(!e.isEmpty)
    }

    @Test func aCountryThatOnlyCommentsIsNoSide() throws {
        // Washington is named more than once but fields no force: the soldiers fired on their own people.
        let e = Coding.events(
            "Les soldats ouzbeks ont ouvert le feu sur des manifestants à Andijan, dans l'est de l'Ouzbékistan. "
                + "Washington a condamné la répression. Les Etats-Unis ont appelé Tachkent à la retenue.",
            published: "2005-05")
        let fire = try #require(Coding.first(.assault, in: e))
        #expect(fire.recipient.allSatisfy { $0.country == "UZB" })
    }
}

/// "nous" and "je" inside a quotation are its speaker, while the quotation stays open.
struct QuotationTests {
    @Test func weInAnOpenQuotationIsItsSpeaker() throws {
        let e = Coding.events(
            "Paris a réagi par la voix du Quai d'Orsay : « Les soldats kirghiz ont tiré sur la foule à Och. "
                + "Nous condamnons l'usage de la force contre des civils. »",
            published: "2010-06")
        let condemnation = try #require(Coding.first(.accuse, in: e))
        #expect(condemnation.actor.map(\.country) == ["FRA"])
    }

    @Test func theSpeakerNamedAfterTheQuotation() throws {
        let e = Coding.events(
            "Les soldats kirghiz ont tiré sur la foule à Och. "
                + "« Nous condamnons l'usage de la force contre des civils », a déclaré le ministère français des Affaires étrangères.",
            published: "2010-06")
        let condemnation = try #require(Coding.first(.accuse, in: e))
        #expect(condemnation.actor.map(\.country) == ["FRA"])
    }
}

/// Mentions of one kind of event that are one event, or several.
struct MergingTests {
    @Test func demonstrationsElsewhereAreAnotherEvent() {
        let e = Coding.events(
            "Des dizaines de milliers d'agriculteurs indiens ont manifesté mardi à New Delhi contre les lois "
                + "agricoles. Des manifestations plus modestes se sont aussi déroulées à Bombay.",
            published: "2021-01")
        #expect(e.filter { $0.event == .protest }.count == 2)
        // Told again at the same place, it is the same demonstration.
        let again = Coding.events(
            "Des dizaines de milliers d'agriculteurs indiens ont manifesté mardi à New Delhi contre les lois "
                + "agricoles. La manifestation a rassemblé des milliers de personnes.",
            published: "2021-01")
        #expect(again.filter { $0.event == .protest }.count == 1)
    }
}
