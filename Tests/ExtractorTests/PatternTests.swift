import Testing
import VigieProtocol

@testable import VigieExtractor

/// One French sentence per pattern family, as agencies write them, and the event it must give.
struct PatternTests {
    func only(_ text: String, published: String? = "2020-10") -> [EventRecord] {
        Coding.events(text, published: published)
    }

    @Test func phoneCallWithCounterpartByDemonym() throws {
        let e = only("Emmanuel Macron s’est entretenu par téléphone avec son homologue azerbaïdjanais Ilham Aliev.")
        try #require(e.count == 1)
        #expect(e[0].event == .consult)
        #expect(e[0].mode == "phone")
        #expect(Coding.keys(e[0].actor) == ["FRA"])
        #expect(Coding.keys(e[0].recipient) == ["AZE"])
        #expect(e[0].recipient.first?.name == "Ilham Aliyev")
    }

    @Test func callingSomeoneIsACallCallingForSomethingIsAnAppeal() {
        let call = only("Le président français Emmanuel Macron a appelé le président azerbaïdjanais Ilham Aliyev.")
        #expect(call.map(\.event) == [.consult])
        let appeal = only("Les dirigeants russe et américain ont appelé Erevan et Bakou à reprendre les négociations.")
        #expect(appeal.map(\.event) == [.request])
        #expect(appeal.first?.mode == "meet")
        #expect(Coding.keys(appeal.first?.recipient ?? []) == ["ARM", "AZE"])
    }

    @Test func appealForACeasefireIsYield() {
        let e = only("Sergueï Lavrov a exhorté les deux parties à respecter le cessez-le-feu.")
        #expect(e.first?.event == .request)
        #expect(e.first?.mode == "yield")
        #expect(Coding.keys(e.first?.actor ?? []) == ["RUS"])
    }

    @Test func accusationWithItsObject() {
        let e = only(
            "Nancy Pelosi a accusé dimanche l’Azerbaïdjan d’avoir déclenché les combats.", published: "2022-09")
        let accuse = Coding.first(.accuse, in: e)
        #expect(accuse?.mode == "allege")
        #expect(Coding.keys(accuse?.actor ?? []) == ["USA"])
        #expect(Coding.keys(accuse?.recipient ?? []) == ["AZE"])
    }

    @Test func condemnationOfAnotherStatesAction() {
        let e = only(
            "« La France condamne l’action de l’Azerbaïdjan », a déclaré le porte-parole.", published: "2023-10")
        let accuse = Coding.first(.accuse, in: e)
        #expect(accuse?.mode == "disapprove")
        #expect(Coding.keys(accuse?.recipient ?? []) == ["AZE"])
    }

    @Test func martialLawAndMobilization() {
        let e = only("L’Arménie a également déclaré la loi martiale et la mobilisation générale.")
        #expect(Set(e.map(\.event)) == [.coerce, .mobilize])
        let coerce = Coding.first(.coerce, in: e)
        #expect(coerce?.mode == "martial-law")
        #expect(Coding.keys(coerce?.actor ?? []) == ["ARM"])
        #expect(coerce?.recipient.first?.sector == .cvl)
    }

    @Test func passiveAttackWithAgentAndVictims() throws {
        let e = only(
            "À la suite de l’attaque d'artillerie des colonies azerbaïdjanaises par les forces armées arméniennes, "
                + "19 civils azerbaïdjanais avaient été tués.")
        try #require(e.count == 1)
        #expect(e[0].event == .assault)
        #expect(e[0].mode == "heavy-weapons")
        #expect(Coding.keys(e[0].actor) == ["ARM"])
        #expect(Coding.keys(e[0].recipient) == ["AZE"])
        #expect(e[0].size.dead == 19)
    }

    @Test func clashesBetweenTwoSidesAreMutual() {
        let e = only("Des affrontements ont éclaté le 13 septembre entre les forces arméniennes et azerbaïdjanaises.")
        #expect(e.first?.event == .assault)
        #expect(Coding.keys(e.first?.actor ?? []) == ["ARM", "AZE"])
        #expect(Coding.keys(e.first?.recipient ?? []) == ["ARM", "AZE"])
    }

    // The second side is named by no lexicon: still a clash, and its side takes the story's country.
    @Test func aClashWithASideNoLexiconNamesIsStillMutual() throws {
        let e = only(
            "Huit personnes ont été tuées au Pérou dans des affrontements entre l'armée péruvienne et des "
                + "orpailleurs clandestins.")
        let clash = try #require(e.first { $0.event == .assault && $0.actor.count == 2 })
        #expect(Coding.keys(clash.actor) == ["PER"])
        #expect(clash.actor.contains { $0.name == "orpailleurs" && $0.code == nil })
    }

    // The annotators code a clash of a crowd with the police as a riot and as a fight.
    @Test func aClashOfProtestersWithThePoliceIsARiotAndAFight() throws {
        let e = only(
            "De violents affrontements ont opposé dimanche les manifestants aux forces de l'ordre à Caracas, au "
                + "Venezuela.")
        let riot = try #require(Coding.first(.protest, in: e))
        #expect(riot.mode == "riot")
        let fight = try #require(Coding.first(.assault, in: e))
        #expect(Coding.keys(fight.actor) == ["VEN"] && fight.actor.count == 2)
    }

    // After "contre", "des" is the plural article: the officials are the sanction's target.
    @Test func aTargetAfterContreDesIsTheRecipient() throws {
        let e = only("Ottawa a imposé de nouvelles sanctions contre des responsables birmans.")
        let sanction = try #require(Coding.first(.sanction, in: e))
        #expect(Coding.keys(sanction.recipient) == ["MMR"])
    }

    // "et", a new subject and its auxiliary start another clause: its subject is no object of the first verb.
    @Test func theSubjectOfACoordinatedClauseIsNoObject() throws {
        let e = only("Bamako a dénoncé une provocation et la France a démenti toute implication.")
        let accusation = try #require(Coding.first(.accuse, in: e))
        #expect(Coding.keys(accusation.actor) == ["MLI"])
        #expect(!Coding.keys(accusation.recipient).contains("FRA"))
    }

    // A government protests by a complaint, not a march; a crowd "venue protester" still marches.
    @Test func aGovernmentThatProtestsComplains() throws {
        let e = only("Le Maroc a officiellement protesté auprès de l'Espagne contre cette décision.")
        #expect(Coding.first(.protest, in: e) == nil)
        let complaint = try #require(Coding.first(.accuse, in: e))
        #expect(Coding.keys(complaint.actor) == ["MAR"])
        let march = only("Des milliers de Marocains sont venus protester devant le Parlement à Rabat.")
        #expect(Coding.first(.protest, in: march) != nil)
    }

    // A number between the preposition and the noun ("contre neuf entreprises américaines").
    @Test func aNumberDoesNotHideThePreposition() throws {
        let e = only("Moscou a annoncé des sanctions contre trois entreprises allemandes de défense.")
        let sanction = try #require(Coding.first(.sanction, in: e))
        #expect(Coding.keys(sanction.recipient) == ["DEU"])
    }

    // The deed a request names is asked of its genitive ("le départ des forces françaises").
    @Test func aRequestedDeparturesGenitiveIsTheOneAsked() throws {
        let e = only("Le Tchad a exigé le départ des forces spéciales américaines de son territoire.")
        let request = try #require(Coding.first(.request, in: e))
        #expect(Coding.keys(request.actor) == ["TCD"])
        #expect(Coding.keys(request.recipient) == ["USA"])
    }

    // The genitive inside a noun cue ("la reconnaissance de l'État ...") is its target when an agent follows.
    @Test func theGenitiveInsideANounCueIsItsTargetBeforeAnAgent() throws {
        let e = only(
            "Le Premier ministre Pedro Sánchez a annoncé mardi la reconnaissance de l'Etat de Palestine par "
                + "l'Espagne, une décision condamnée par Israël.")
        let recognition = try #require(Coding.first(.support, in: e))
        #expect(Coding.keys(recognition.actor) == ["ESP"])
        #expect(Coding.keys(recognition.recipient) == ["PSE"])
    }

    // A deed feared, prevented or planned is none, even with its target named.
    @Test func aFearedOffensiveIsNoEvent() {
        #expect(only("L'Union africaine redoute une nouvelle offensive contre Goma.").isEmpty)
        #expect(only("Kinshasa prépare une offensive contre les rebelles du M23.").isEmpty)
    }

    @Test func protestersBlockingAreAProtest() {
        let e = only("Des milliers de manifestants ont participé aux blocages organisés par les gilets jaunes à Paris.")
        let protest = Coding.first(.protest, in: e)
        #expect(protest?.mode == "obstruct")
        #expect(Coding.keys(protest?.actor ?? []) == ["FRA"])
    }

    @Test func boycottOfASummit() {
        let e = only(
            "L’Arménie boycotte le sommet de l’Organisation du traité de sécurité collective.", published: "2023-11")
        let protest = Coding.first(.protest, in: e)
        #expect(protest?.mode == "boycott")
        #expect(Coding.keys(protest?.actor ?? []) == ["ARM"])
        #expect(Coding.keys(protest?.recipient ?? []) == ["ORG:CSTO"])
    }

    @Test func promiseIsAnAgreementEvenInTheFuture() {
        let e = only("Le président Aliyev s’est engagé à garantir la libre circulation dans le corridor de Latchine.")
        #expect(e.first?.event == .agree)
        #expect(Coding.keys(e.first?.actor ?? []) == ["AZE"])
    }

    @Test func negatedConditionalAndFutureEventsAreNotCoded() {
        #expect(only("La Russie n’a pas condamné l’Arménie.").isEmpty)
        #expect(only("L’Azerbaïdjan pourrait attaquer l’Arménie.").isEmpty)
        #expect(only("Catherine Colonna va réaffirmer mardi le soutien de la France à l’Arménie.").isEmpty)
        #expect(only("L'armée attaquera le village.").isEmpty)
    }

    @Test func reportedClaimKeepsTheActorOfTheClaim() {
        let e = only(
            "Le ministère azerbaïdjanais de la Défense a annoncé que les forces armées arméniennes avaient tiré sur des villages."
        )
        let assault = Coding.first(.assault, in: e)
        #expect(Coding.keys(assault?.actor ?? []) == ["ARM"])
        #expect(Coding.keys(assault?.claimedBy ?? []) == ["AZE"])
    }

    @Test func pronounRefersToThePersonJustNamed() {
        let text =
            "Emmanuel Macron a parlé avec Ilham Aliyev de la situation. Il a ensuite condamné les tirs d'artillerie."
        let accuse = Coding.first(.accuse, in: only(text))
        #expect(Coding.keys(accuse?.actor ?? []) == ["FRA"])
    }

    @Test func capitalsStandForTheirGovernments() {
        let e = only("Moscou et Ankara ont réaffirmé leur disposition à coordonner leurs actions.")
        let agree = Coding.first(.agree, in: e)
        #expect(Coding.keys(agree?.actor ?? []) == ["RUS", "TUR"])
    }

    @Test func aPlaceAfterAPrepositionIsNotAnActor() {
        let e = only("Nancy Pelosi est arrivée samedi en Arménie pour une visite de trois jours.", published: "2022-09")
        let visit = Coding.first(.consult, in: e)
        #expect(visit?.mode == "visit")
        #expect(Coding.keys(visit?.actor ?? []) == ["USA"])
        #expect(Coding.keys(visit?.recipient ?? []) == ["ARM"])
    }

    @Test func repeatedMentionsMergeIntoOneEvent() {
        let text = """
            Le 2 octobre, Emmanuel Macron s’est entretenu par téléphone avec Ilham Aliev.
            Lors de cet entretien téléphonique, Emmanuel Macron et Ilham Aliev ont abordé la situation.
            """
        let calls = only(text).filter { $0.event == .consult }
        #expect(calls.count == 1)
        #expect(calls.first?.date == "2020-10-02")
    }

    @Test func aSummaryOverDecadesIsNoEvent() {
        #expect(only("La Serbie et le Kosovo se sont affrontés samedi.", published: "2021-05").count == 1)
        #expect(
            only(
                "La Serbie et le Kosovo se sont affrontés à plusieurs reprises au cours des deux dernières décennies.",
                published: "2021-05"
            ).isEmpty)
    }

    @Test func anOffensiveInATerritoryFallsOnItsPeople() {
        let e = only(
            """
            Le président égyptien a reçu le Premier ministre israélien au Caire. \
            Le lendemain, l'offensive de l'armée israélienne dans la bande de Gaza a fait 40 morts.
            """, published: "2024-02")
        let attack = Coding.first(.assault, in: e)
        #expect(Coding.keys(attack?.actor ?? []) == ["ISR"])
        #expect(Coding.keys(attack?.recipient ?? []) == ["PSE"])
    }

    @Test func whatAnImperativeAsksToStopIsNotTheSpeakersDeed() {
        let e = only(
            "Le ministre Laurent Fabius a déclaré : « Arrêtez les bombardements maintenant. »", published: "2015-03")
        #expect(Coding.first(.assault, in: e) == nil)
    }

    @Test func anArmedGroupThreatensItsCountrysPeople() {
        let e = only("Les islamistes d'Ansar Eddine ont menacé de s'en prendre aux églises.", published: "2013-01")
        let threat = Coding.first(.threaten, in: e)
        #expect(Coding.keys(threat?.actor ?? []) == ["MLI"])
        #expect(Coding.keys(threat?.recipient ?? []) == ["MLI"])
    }

    @Test func aGovernmentAndTheOppositionCondemningAreTwoStatements() {
        let e = only(
            "Le gouvernement malien a condamné l'attentat. L'opposition malienne a également condamné l'attentat.",
            published: "2013-01")
        #expect(e.filter { $0.event == .accuse }.count == 2)
    }

    @Test func anInternationalOfficialNamedAloneActsForTheirBody() {
        let e = only("Jens Stoltenberg a exhorté la Russie à retirer ses troupes.", published: "2022-02")
        #expect(Coding.keys(Coding.first(.request, in: e)?.actor ?? []) == ["ORG:NATO"])
        let eu = only("Josep Borrell a appelé Bakou et Erevan à reprendre les négociations.", published: "2023-05")
        #expect(Coding.keys(Coding.first(.request, in: eu)?.actor ?? []) == ["ORG:EU"])
    }

    @Test func aStateAdvisingItsNationalsAddressesItsOwnPeople() {
        let e = only(
            "Le gouvernement portugais demande à ses ressortissants d'éviter le centre de Caracas.",
            published: "2019-03")
        #expect(Coding.keys(Coding.first(.request, in: e)?.recipient ?? []) == ["PRT"])
    }

    @Test func aDemandOfAnActByAnAgentIsAddressedToTheAgent() {
        let e = only(
            "Les Frères musulmans exigent la proclamation des résultats par la commission électorale.",
            published: "2012-06")
        let request = Coding.first(.request, in: e)
        #expect(request?.recipient.first?.name == "electoral commission")
        #expect(Coding.keys(request?.recipient ?? []) == ["EGY"])
    }

    @Test func anAdjectiveBeforeTheHeadKeepsItsPreposition() {
        let e = only("L'armée égyptienne a promis de remettre le pouvoir au nouveau président.", published: "2012-06")
        #expect(Coding.first(.agree, in: e)?.recipient.isEmpty == false)
    }

    @Test func aSecondVerbSharesTheSentenceSubjectAndAccusesTheAdjectivesCountry() {
        let e = only(
            """
            Le ministre géorgien des Affaires étrangères a regretté que la communauté internationale reste \
            silencieuse et a dénoncé, deux jours après les frappes, une « provocation russe ».
            """, published: "2022-10")
        let accusation = Coding.first(.accuse, in: e)
        #expect(Coding.keys(accusation?.actor ?? []) == ["GEO"])
        #expect(Coding.keys(accusation?.recipient ?? []) == ["RUS"])
    }

    @Test func aParticipleAfterAQuotedNounQualifiesTheNoun() {
        let e = only("Le ministre géorgien a dénoncé une « provocation » menaçant la paix.", published: "2022-10")
        #expect(Coding.first(.threaten, in: e) == nil)
        #expect(Coding.first(.accuse, in: e) != nil)
    }

    @Test func aThreatAimedAtNoOneIsNotCoded() {
        #expect(only("Le gouvernement serbe a multiplié promesses et menaces.", published: "2019-05").isEmpty)
    }

    @Test func anAdviserIsATitleNotAdvice() {
        let e = only(
            "Le nouveau ministre sera épaulé par l'ex-conseiller du président Aleksandar Vucic.", published: "2019-05")
        #expect(Coding.first(.request, in: e) == nil)
    }

    @Test func criticismTowardsSomeoneAccusesThem() {
        let e = only("La Serbie manifeste ses critiques envers son allié russe.", published: "2019-05")
        #expect(Coding.keys(Coding.first(.accuse, in: e)?.recipient ?? []) == ["RUS"])
    }

    @Test func aDatelineInCapitalsIsWhereTheDispatchWasFiledNotAnActor() {
        #expect(
            only("MOSCOU | Plusieurs pays ont appelé au calme après les manifestations.", published: "2021-03").isEmpty)
        let e = only("MOSCOU | Le Kremlin a appelé au calme après les manifestations.", published: "2021-03")
        #expect(Coding.keys(Coding.first(.request, in: e)?.actor ?? []) == ["RUS"])
    }

    @Test func soCalledProtestsAreDisputedNotReported() {
        let told = only("Les manifestations de civils azerbaïdjanais ont bloqué la route samedi.", published: "2023-01")
        #expect(Coding.first(.protest, in: told) != nil)
        let disputed = only(
            "Les prétendues manifestations de civils azerbaïdjanais ont bloqué la route samedi.", published: "2023-01")
        #expect(Coding.first(.protest, in: disputed) == nil)
    }

    @Test func aCourtConcludingThatAStateIsBoundAsksItOfThatState() {
        let e = only(
            "La Cour internationale de justice a conclu que la Serbie est tenue de libérer les détenus.",
            published: "2023-02")
        let request = Coding.first(.request, in: e)
        #expect(Coding.keys(request?.actor ?? []) == ["ORG:ICJ"])
        #expect(Coding.keys(request?.recipient ?? []) == ["SRB"])
        #expect(only("Le sommet s'est tenu à Bruxelles mardi.", published: "2023-02").isEmpty)
    }
}
