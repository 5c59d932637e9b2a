import Testing
import VigieProtocol

@testable import VigieExtractor

/// One sentence of our own wording per frame family and form (active, passive, negated,
/// conditional, future, reported, coordinated, with a name no lexicon holds), and the record it
/// must give: the cues of frames.tsv are lemmas, so every tense must code alike.
struct FrameFamilyTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var sentence: String
        /// nil: no event at all.
        var event: EventType?
        var mode: String? = nil
        var actor: Set<String> = []
        var recipient: Set<String>? = nil
        var testDescription: String { sentence }
    }

    static let cases: [Case] = [
        // COERCE: states of emergency, every form.
        Case(
            sentence: "Le gouvernement malien a décrété l'état d'urgence dans tout le pays.", event: .coerce,
            mode: "martial-law", actor: ["MLI"]),
        Case(
            sentence: "L'état d'urgence a été décrété jeudi par le gouvernement malien.", event: .coerce,
            mode: "martial-law", actor: ["MLI"]),
        Case(
            sentence: "Le gouvernement malien décrète l'état d'urgence.", event: .coerce, mode: "martial-law",
            actor: ["MLI"]),
        Case(
            sentence: "Selon la radio d'État, le gouvernement malien a décrété l'état d'urgence.", event: .coerce,
            mode: "martial-law", actor: ["MLI"]),
        // The passive without its agent: the measure is the subject, the state its doer.
        Case(
            sentence: "Le Mali vit des heures tendues. Un couvre-feu nocturne a été instauré dans la capitale.",
            event: .coerce, mode: "curfew", actor: ["MLI"]),
        Case(
            sentence: "Le Mali vit des heures tendues. La loi martiale a été proclamée mardi.", event: .coerce,
            mode: "martial-law", actor: ["MLI"]),
        Case(sentence: "Le gouvernement malien n'a pas décrété l'état d'urgence.", event: nil),
        Case(sentence: "Le gouvernement malien pourrait décréter l'état d'urgence.", event: nil),
        // SANCTION: diplomats expelled (active, passive), relations cut, traffic interrupted.
        Case(
            sentence: "Le Niger a expulsé l'ambassadeur de France.", event: .sanction, mode: "expel",
            actor: ["NER"], recipient: ["FRA"]),
        Case(
            sentence: "L'ambassadeur de France a été expulsé par le Niger.", event: .sanction, mode: "expel",
            actor: ["NER"], recipient: ["FRA"]),
        Case(
            sentence: "Le Rwanda a coupé ses liens diplomatiques avec la Belgique.", event: .sanction,
            mode: "withdraw", actor: ["RWA"], recipient: ["BEL"]),
        Case(
            sentence: "Le Maroc et l'Iran ont rompu leurs relations diplomatiques.", event: .sanction,
            mode: "withdraw", actor: ["MAR", "IRN"]),
        Case(
            sentence: "L'Arabie saoudite a interrompu tout trafic aérien et maritime avec le Qatar.",
            event: .sanction, actor: ["SAU"], recipient: ["QAT"]),
        Case(
            sentence: "L'Union européenne a imposé de nouvelles sanctions à la Russie.", event: .sanction,
            actor: ["ORG:EU"], recipient: ["RUS"]),
        Case(
            sentence: "Les États-Unis ont annoncé le retrait de l'accord sur le nucléaire iranien.",
            event: .sanction, mode: "withdraw", actor: ["USA"]),
        Case(
            sentence: "Un tribunal russe a condamné l'opposant Ilia Iachine à huit ans de prison.",
            event: .sanction, mode: "convict", actor: ["RUS"]),
        Case(
            sentence: "La condamnation à deux ans de prison de l'opposant malien Moussa Keïta a provoqué des émeutes.",
            event: .sanction, mode: "convict"),
        // COERCE arrest, censorship.
        Case(
            sentence: "La police kényane a arrêté trente manifestants à Nairobi.", event: .coerce, mode: "arrest",
            actor: ["KEN"]),
        Case(
            sentence: "Le Burkina Faso a suspendu la diffusion de RFI.", event: .coerce, mode: "censor",
            actor: ["BFA"]),
        // PROTEST, CONSULT, AID.
        Case(
            sentence: "Des milliers de manifestants ont défilé à Tunis contre le président Kaïs Saïed.",
            event: .protest, mode: "demo", actor: ["TUN"]),
        Case(
            sentence: "Le président ghanéen Nana Akufo-Addo a rencontré à Accra son homologue ivoirien.",
            event: .consult, actor: ["GHA"], recipient: ["CIV"]),
        Case(
            sentence: "Le Japon a livré une aide humanitaire aux sinistrés de Turquie.", event: .aid, actor: ["JPN"],
            recipient: ["TUR"]),
        // ACCUSE by a name no lexicon holds, known by its apposition.
        Case(
            sentence: "Moussa Traoré, chef de l'opposition togolaise, a dénoncé la répression.", event: .accuse,
            mode: "disapprove", actor: ["TGO"]),
        // THREATEN, and futures: a hostile deed announced is a threat, a cooperative one a promise.
        Case(sentence: "L'Iran a menacé de fermer le détroit d'Ormuz.", event: .threaten, actor: ["IRN"]),
        Case(
            sentence: "Le Hamas menace de tirer des roquettes sur Israël.", event: .threaten, actor: ["PSE"],
            recipient: ["ISR"]),
        Case(
            sentence: "L'armée turque bombardera les positions kurdes, a averti le ministre.", event: .threaten,
            mode: "violence", actor: ["TUR"]),
        Case(
            sentence: "L'armée israélienne se retirera de Gaza, a promis le Premier ministre.", event: .agree,
            actor: ["ISR"]),
        // SUPPORT: a signature completed.
        Case(
            sentence: "Le gouvernement colombien et les FARC ont signé un accord de paix à La Havane.",
            event: .support, actor: ["COL"]),
        // ASSAULT: forces named by a demonym.
        Case(
            sentence: "L'armée nigériane a neutralisé six terroristes dans l'État de Borno.", event: .assault,
            actor: ["NGA"]),
        // ASSAULT by no one named: unidentified people of the country it struck, against its people.
        Case(
            sentence: "Une explosion a eu lieu dans une station de métro de Saint-Pétersbourg.", event: .assault,
            actor: ["RUS"], recipient: ["RUS"]),
        // Killing people is an execution; carrying out an order is not.
        Case(
            sentence: "Des soldats burkinabè ont exécuté une vingtaine de civils dans un village du nord du pays.",
            event: .assault, actor: ["BFA"]),
        Case(sentence: "Le gouvernement burkinabè a exécuté son plan de relance économique.", event: nil),
        // A day between the words of a frame; the host country of a recalled ambassador.
        Case(
            sentence: "Le Sénégal a rappelé jeudi son ambassadeur en Gambie pour consultations.", event: .sanction,
            mode: "withdraw", actor: ["SEN"], recipient: ["GMB"]),
        Case(
            sentence: "Le gouvernement tchadien a ordonné mardi soir l'arrestation de trois opposants.",
            event: .coerce, mode: "arrest", actor: ["TCD"]),
        // A part of a country named by its direction is a place; violence there falls on that country.
        Case(
            sentence: "L'aviation israélienne a bombardé mardi des positions dans le sud du Liban.", event: .assault,
            actor: ["ISR"], recipient: ["LBN"]),
        Case(
            sentence: "Le président turc a menacé de lancer une nouvelle opération militaire dans le nord de l'Irak.",
            event: .threaten, actor: ["TUR"], recipient: ["IRQ"]),
        // CONSULT: talks between two named sides, and talks resumed (the noun first).
        Case(
            sentence: "Les négociations entre Belgrade et Pristina ont repris lundi à Bruxelles.", event: .consult,
            actor: ["SRB", "XKX"]),
        // AID: "à/au X" anywhere after a gift is its beneficiary, not a place.
        Case(
            sentence: "La Norvège a annoncé l'envoi d'une aide humanitaire d'urgence au Soudan.", event: .aid,
            actor: ["NOR"], recipient: ["SDN"]),
        // A wish in the imperfect is no deed.
        Case(sentence: "Le gouvernement malien souhaitait accorder une aide financière au Niger.", event: nil),
        // The weapon named after a cue of any mode gives the mode ("tirs de gaz lacrymogène").
        Case(
            sentence: "À Lomé, les forces de l'ordre togolaises ont riposté par des tirs de gaz lacrymogène.",
            event: .assault, mode: "crowd-control", actor: ["TGO"]),
        Case(
            sentence: "Au Niger, des soldats ont été tués par des tirs de mortier contre leur camp.",
            event: .assault, mode: "heavy-weapons"),
        // Fighting whose sides go unnamed, told as news at a named place: fighters of that country.
        Case(
            sentence: "Des échanges de tirs ont éclaté dans la nuit près d'une caserne de Niamey, au Niger.",
            event: .assault, mode: "firearms", actor: ["NER"]),
        // COERCE deport in the passive: the state one is sent out of is the one who sends.
        Case(
            sentence: "Deux humanitaires belges ont été expulsés du Mali mardi.", event: .coerce, mode: "deport",
            actor: ["MLI"], recipient: ["BEL"]),
        // CONSULT visit: a host receives a guest named by office; the guest is the recipient.
        Case(
            sentence: "Emmanuel Macron a reçu lundi son homologue ukrainien Volodymyr Zelensky à l'Élysée.",
            event: .consult, mode: "visit", actor: ["FRA"], recipient: ["UKR"]),
        // SANCTION convict: a court finds someone guilty, the name between the verb and "coupable".
        Case(
            sentence: "La Cour suprême brésilienne a reconnu Jair Bolsonaro coupable de tentative de coup d'État.",
            event: .sanction, mode: "convict", actor: ["BRA"], recipient: ["BRA"]),
        // An order to arrest is the arrest; the genitive of a deed done to someone is its target.
        Case(
            sentence: "La junte guinéenne a ordonné l'arrestation de l'opposant Cellou Dalein Diallo.",
            event: .coerce, mode: "arrest", actor: ["GIN"], recipient: ["GIN"]),
        Case(
            sentence: "L'assassinat du président haïtien Jovenel Moïse a choqué la région.", event: .assault,
            mode: "targeted", actor: [], recipient: ["HTI"]),
        // THREATEN: the object inside the cue's gap; a promise of force; a future retaliation.
        Case(
            sentence: "La Chine a menacé Taïwan de représailles.", event: .threaten, mode: "violence",
            actor: ["CHN"], recipient: ["TWN"]),
        Case(
            sentence: "Le ministère chinois de la Défense a promis des actions militaires ciblées.",
            event: .threaten, mode: "violence", actor: ["CHN"]),
        Case(
            sentence: "La Russie va répliquer à toute sanction.", event: .threaten, mode: "violence",
            actor: ["RUS"]),
        Case(sentence: "La Russie pourrait menacer l'Ukraine.", event: nil),
        // A relative clause inside an apposition does not hide the subject.
        Case(
            sentence: "Le Premier ministre britannique, affaibli par une crise qu'il n'a pas su régler, a annoncé "
                + "vendredi sa démission.", event: .retreat, mode: "resign", actor: ["GBR"]),
        // Quotation marks inside a cue's gap: still the cue.
        Case(
            sentence: "Le ministère russe de la Défense a promis des « frappes ciblées » contre Kiev.",
            event: .threaten, mode: "violence", actor: ["RUS"]),
        // A diplomatic protest is a disapproval, not a demonstration.
        Case(
            sentence: "Le ministre algérien des Affaires étrangères a exprimé à l'ambassadeur français les "
                + "protestations fermes de son pays.", event: .accuse, mode: "disapprove", actor: ["DZA"]),
        // Tear gas used by the police, a weekday in the gap; Hong Kong is coded HKG as in countries.tsv.
        Case(
            sentence: "La police de Hong Kong a fait usage mercredi de gaz lacrymogène contre des manifestants.",
            event: .assault, mode: "crowd-control", actor: ["HKG"], recipient: ["HKG"]),
        // An aid convoy is aid.
        Case(sentence: "Le premier convoi d'aide de l'ONU est entré en Syrie.", event: .aid, actor: ["ORG:UN"]),
        // A demonym on the object noun names its owner, before the people of the place.
        Case(
            sentence: "Les forces spéciales ukrainiennes ont attaqué une base russe en Crimée.", event: .assault,
            actor: ["UKR"], recipient: ["RUS"]),
        // A fact acknowledged is no recognition.
        Case(sentence: "L'Inde a reconnu avoir perdu un avion de chasse.", event: nil),
        // PROTEST riot: violence by a crowd.
        Case(
            sentence: "Des manifestants ont incendié un commissariat à Dakar.", event: .protest, mode: "riot",
            actor: ["SEN"]),
        // "des groupes de jeunes": the quantity's head is the noun after "de".
        Case(
            sentence: "DAKAR (Reuters) - Des groupes de jeunes ont attaqué des magasins et des voitures de police.",
            event: .protest,
            mode: "riot", actor: ["SEN"]),
        // The subject undergoes the event (kind `undergone`): the state of the place left expels.
        Case(
            sentence: "Les diplomates koweïtiens devront quitter l'Irak d'ici à lundi.", event: .sanction,
            mode: "expel", actor: ["IRQ"], recipient: ["KWT"]),
        Case(
            sentence: "Les ressortissants qataris doivent désormais quitter le Bahreïn sous quinze jours.",
            event: .coerce, mode: "deport", actor: ["BHR"], recipient: ["QAT"]),
        Case(
            sentence: "Le ministre bélarusse a dû quitter ses fonctions.", event: .retreat, mode: "resign",
            actor: ["BLR"]),
        Case(
            sentence: "L'opposant togolais a écopé de cinq ans de prison.", event: .sanction, mode: "convict",
            recipient: ["TGO"]),
        Case(
            sentence: "Le régime iranien fait l'objet de sanctions américaines depuis 2018.", event: .sanction,
            actor: ["USA"], recipient: ["IRN"]),
        Case(sentence: "Les diplomates koweïtiens ne devront pas quitter l'Irak.", event: nil),
        // An ultimatum to leave, the one told to leave inside the cue's gap.
        Case(
            sentence: "Le Niger a donné 72 heures à l'ambassadeur français pour quitter le pays.", event: .sanction,
            mode: "expel", actor: ["NER"], recipient: ["FRA"]),
        // A participle with its agent is a passive without auxiliary; a standing relation is not a deed.
        Case(
            sentence: "Le Mali a annoncé un cessez-le-feu, une annonce démentie jeudi par les rebelles touaregs.",
            event: .reject, actor: ["MLI"]),
        Case(
            sentence: "Le journaliste, enlevé en 2019 par des hommes armés maliens, a été libéré.", event: .assault,
            mode: "abduct", actor: ["MLI"]),
        Case(sentence: "Le Mali, soutenu par la Russie, fait face à une crise.", event: nil),
        Case(
            sentence: "L'information a été publiée lundi, une version démentie mardi par l'armée nigérienne.",
            event: .reject, actor: ["NER"]),
        Case(
            sentence: "L'humanitaire suisse, enlevé en 2019 par un commando nigérien, a été libéré.", event: .assault,
            mode: "abduct", actor: ["NER"]),
        // "nie" is a present tense, not a participle: the subject denies.
        Case(sentence: "Bakou nie toute implication dans l'attaque.", event: .reject, actor: ["AZE"]),
        // A dateline city no lexicon holds, then its country and a dash, is where the dispatch was
        // filed, not the subject; "de X" after one adjective is the group's country; an attack strikes
        // the place its clause names, however far.
        Case(
            sentence: "GENEINA, Soudan — Les forces spéciales du Tchad ont lancé mardi des attaques de drones sur "
                + "la plus grande base aérienne de la région au Soudan.", event: .assault, actor: ["TCD"],
            recipient: ["SDN"]),
        // "perpétrer" takes its type from its object: a coup is COERCE, not an attack.
        Case(
            sentence: "Un coup d'État a été perpétré par l'armée nigérienne mercredi.", event: .coerce,
            actor: ["NER"]),
        // "décider de", "venir de", "avant de" + infinitive: the deed was done.
        Case(
            sentence: "Le Niger a décidé mardi d'expulser l'ambassadeur de France.", event: .sanction, mode: "expel",
            actor: ["NER"], recipient: ["FRA"]),
        Case(
            sentence: "Le Maroc vient de rompre ses relations avec l'Iran.", event: .sanction, mode: "withdraw",
            actor: ["MAR"], recipient: ["IRN"]),
        Case(
            sentence: "Le président ivoirien a quitté la salle avant de dénoncer l'ingérence du Burkina Faso.",
            event: .accuse, actor: ["CIV"]),
        Case(sentence: "Le Niger souhaite expulser l'ambassadeur de France.", event: nil),
        Case(sentence: "Le président gambien a jusqu'à midi pour décider de quitter le pouvoir.", event: nil),
        Case(
            sentence: "Le Maroc vient de décider de rompre ses relations avec l'Iran.", event: .sanction,
            mode: "withdraw", actor: ["MAR"], recipient: ["IRN"]),
        // A charge is an accusation; results struck down are rejected; a house arrest undergone.
        Case(
            sentence: "L'opposant kényan a été inculpé de trahison par un tribunal militaire.", event: .accuse,
            mode: "allege", recipient: ["KEN"]),
        Case(
            sentence: "La Cour constitutionnelle malgache a invalidé les résultats de la présidentielle.",
            event: .reject, actor: ["MDG"]),
        Case(
            sentence: "Le président gabonais est en résidence surveillée depuis mercredi.", event: .coerce,
            mode: "arrest", recipient: ["GAB"]),
        // A capture by rebels is an abduction; a ban addressed "aux" people restricts them.
        Case(
            sentence: "Trois soldats maliens ont été capturés par les rebelles touaregs.", event: .assault,
            mode: "abduct", recipient: ["MLI"]),
        Case(
            sentence: "Les talibans ont interdit aux femmes afghanes de travailler dans les ONG.", event: .coerce,
            mode: "restrict", actor: ["AFG"]),
        // The content of a demand, a wish or a fear is not a deed told.
        Case(sentence: "L'opposition togolaise exige que le président quitte le pouvoir.", event: .request),
        Case(sentence: "Les nationalistes s'opposaient à ce que la Belgique soutienne le pacte.", event: nil),
        // Idioms that look like cues: no event.
        Case(sentence: "La Suède frappe elle aussi à la porte de l'Otan.", event: nil),
        // An aside between commas inside a gapped cue is no boundary.
        Case(sentence: "La Finlande frappe, elle aussi, à la porte de l'Otan.", event: nil),
        Case(sentence: "Le président kényan a salué la foule avant de regagner sa résidence.", event: nil),
        Case(sentence: "Ces actes menacent la sécurité du Maroc, estime le ministre.", event: nil),
        Case(sentence: "Le chef de la police malienne regrette la mort d'un policier.", event: nil),
        // Force on a crowd, in any wording: "réprimé à coups de", the instrument after "à coups de".
        Case(
            sentence: "Les rassemblements ont été réprimés à coups de matraques par la police kényane.",
            event: .assault, mode: "crowd-control", actor: ["KEN"]),
        Case(
            sentence: "La police kényane a dispersé la foule à coups de gaz lacrymogène.", event: .assault,
            mode: "crowd-control", actor: ["KEN"]),
        // Every tense and person of a verb cue: the first person plural, the future, the imperfect.
        Case(
            sentence: "« Nous appelons le gouvernement kényan au calme », a déclaré le ministre ougandais.",
            event: .request, actor: ["UGA"], recipient: ["KEN"]),
        Case(
            sentence: "Le ministre ougandais demandait hier au gouvernement kényan de rouvrir la frontière.",
            event: .request, actor: ["UGA"], recipient: ["KEN"]),
        Case(sentence: "Les manifestants défilaient dans le centre de Nairobi.", event: .protest, mode: "demo"),
        Case(sentence: "Le journal kényan se demandait qui gouvernerait le pays.", event: nil),
        // A purpose is no deed told; setting the constitution aside is coercion.
        Case(sentence: "Les syndicats pressent le président pour qu'il suspende la réforme.", event: nil),
        Case(sentence: "L'armée thaïlandaise suspend la Constitution.", event: .coerce, actor: ["THA"]),
        // Riots: a span of nights of riots, rioters attacking; "violentes" is an adjective, not "violenter".
        Case(sentence: "Deux nuits d'émeutes ont secoué la Nouvelle-Calédonie.", event: .protest, mode: "riot"),
        Case(
            sentence: "Des émeutiers armés de cocktails Molotov ont attaqué la police britannique.", event: .protest,
            mode: "riot"),
        Case(sentence: "De violentes critiques visent le gouvernement kényan.", event: nil),
        // "-ants" is a noun, never the verb: "les opposants" do not oppose as a verb would; event
        // nouns match in the plural too.
        Case(sentence: "Les opposants au régime kényan ont été arrêtés par la police.", event: .coerce, mode: "arrest"),
        Case(
            sentence: "Les embuscades des rebelles maliens ont fait dix morts.", event: .assault, actor: ["MLI"]),
        // What one managed to do was done; a way inside the cue is the way blocked.
        Case(sentence: "Le Soudan et le Tchad sont parvenus à trouver un accord de paix.", event: .agree),
        Case(
            sentence: "Le gouvernement éthiopien a bloqué l'accès à Internet.", event: .coerce, mode: "censor",
            actor: ["ETH"]),
        Case(
            sentence: "L'Arabie saoudite a bloqué l'accès aux médias qataris.", event: .coerce, mode: "censor",
            actor: ["SAU"]),
        // To stop a thing, to get a thing: no arrest, no visit; someone arrested or received is one.
        Case(sentence: "L'armée malienne a arrêté les opérations dans le nord du pays.", event: nil),
        Case(sentence: "Le président malien a reçu des garanties de la junte.", event: nil),
        Case(sentence: "La police malienne a arrêté des opposants à Bamako.", event: .coerce, mode: "arrest"),
        Case(sentence: "Le président malien a reçu son homologue nigérien à Bamako.", event: .consult),
        // The future of "-dre" and "-tenir" verbs is the future too: the narrator's future is no event.
        Case(sentence: "Le Conseil de sécurité tiendra vendredi une réunion sur le Mali.", event: nil),
        Case(sentence: "Le président malien se rendra au Niger mardi.", event: nil),
        // A gathering's "pour protester" is the protest made; a strike that "visé" a site hit it.
        Case(
            sentence: "Des milliers d'opposants réunis à Harare pour protester contre le président zimbabwéen.",
            event: .protest, mode: "demo"),
        Case(sentence: "L'opposition zimbabwéenne compte se réunir pour protester.", event: nil),
        Case(
            sentence: "Des frappes turques ont visé des positions kurdes en Syrie.", event: .assault, mode: "aerial",
            actor: ["TUR"]),
        Case(sentence: "Des frappes visant à affaiblir les rebelles sont envisagées par la Turquie.", event: nil),
        // Folded, "livrés" is "livres": after a quantifier, the noun.
        Case(sentence: "La Russie a publié plusieurs livres sur l'Ukraine.", event: nil),
        // Activists storming a building are a riot, as protesters would be.
        Case(
            sentence: "Le Parlement géorgien a été pris d'assaut par des militants pro-occidentaux.", event: .protest,
            mode: "riot"),
        // A participle coordinated with an earlier one shares its auxiliary.
        Case(
            sentence:
                "L'Inde a reconnu avoir perdu un avion dans les combats et exigé la libération immédiate de son pilote.",
            event: .request, actor: ["IND"]),
        // One reaches a capital and joins a court; signing a decree is no agreement; convening a
        // meeting is the meeting; a decision told before an aside between commas is done.
        Case(sentence: "Un avion de l'ONU a rejoint Mogadiscio.", event: nil),
        Case(
            sentence: "L'Arménie a rejoint la Cour pénale internationale.", event: .support, actor: ["ARM"],
            recipient: ["ORG:ICC"]),
        Case(sentence: "Le président américain a signé un décret sur l'immigration.", event: nil),
        Case(
            sentence: "Le président malien a convoqué une réunion d'urgence du gouvernement.", event: .consult,
            actor: ["MLI"]),
        Case(
            sentence:
                "Les dirigeants de la CEDEAO ont décidé samedi, à l'issue d'un sommet à Abuja, de lever les sanctions contre le Niger.",
            event: .concede, actor: ["ORG:ECOWAS"], recipient: ["NER"]),
        // Ordering aid agencies out is expelling them.
        Case(
            sentence: "Le gouvernement sri-lankais a ordonné l'évacuation de toutes les ONG.", event: .sanction,
            mode: "expel", actor: ["LKA"]),
        // The one a deed is attributed to did it.
        Case(
            sentence: "Une attaque attribuée aux jihadistes de l'État islamique a fait dix morts au Niger.",
            event: .assault, actor: ["ORG:ISIL"]),
        Case(
            sentence: "Des frappes aériennes attribuées à Israël ont visé l'aéroport de Damas.", event: .assault,
            mode: "aerial", actor: ["ISR"]),
        // Coming home is no visit; a visit abroad is.
        Case(sentence: "Le président ukrainien est arrivé à Kiev dans la soirée.", event: nil),
        Case(
            sentence: "Le président ukrainien est arrivé à Washington dans la soirée.", event: .consult, mode: "visit",
            actor: ["UKR"], recipient: ["USA"]),
        // An appeal against a sentence, a charge before a court: no event told.
        Case(
            sentence: "Le gouvernement chinois a fait appel de la condamnation de ses ressortissants par le Japon.",
            event: nil),
        Case(sentence: "Le général serbe Ratko Mladic était jugé pour le massacre de Srebrenica.", event: nil),
        Case(sentence: "Ratko Mladic était jugé pour des déportations suivies du massacre de Srebrenica.", event: nil),
        // The ones a deed is forced on did it.
        Case(
            sentence:
                "Des centaines d'étudiants ont marché vers le palais présidentiel, obligeant la police kényane à tirer des gaz lacrymogènes.",
            event: .assault, mode: "crowd-control", actor: ["KEN"]),
        // An arrest warrant is COERCE arrest (guide), in the plural too.
        Case(
            sentence: "Un juge argentin a émis des mandats d'arrêt contre trois anciens ministres.", event: .coerce,
            mode: "arrest", actor: ["ARG"]),
        // Signed in the passive "entre X et Y": both sides signed it; a countersignature is a signature.
        Case(
            sentence:
                "L'accord de cessez-le-feu a été signé mardi entre le gouvernement colombien et les rebelles des Farc.",
            event: .support, actor: ["COL"]),
        Case(
            sentence: "Le traité a été contresigné par le président kényan.", event: .support, actor: ["KEN"]),
        // An extradition in the passive: only a state extradites, the one the story is about.
        Case(
            sentence: "Le chef de guerre libérien, détenu au Liberia depuis mars, a été extradé jeudi.",
            event: .cooperate, actor: ["LBR"]),
        // A charge added after ", et" is still a charge.
        Case(
            sentence:
                "L'ancien officier était jugé pour le meurtre de deux civils commis en 2012, et de trois agressions contre des journalistes.",
            event: nil),
        // Leaving one's post is resigning.
        Case(
            sentence: "Le ministre tchadien de la Défense a quitté son poste mardi.", event: .retreat, mode: "resign",
            actor: ["TCD"]),
        // Forces raised, in the passive: the forces are the subject; police raised are MOBILIZE police.
        Case(
            sentence: "Près de 2 000 policiers kényans sont mobilisés à Nairobi.", event: .mobilize, mode: "police",
            actor: ["KEN"]),
        Case(sentence: "La communauté internationale est mobilisée pour aider Haïti.", event: nil),
        // Meeting an obstacle is meeting no one.
        Case(sentence: "Le ministre malien de la Justice a rencontré des difficultés avec sa réforme.", event: nil),
        // A withdrawal announced is done; the same deed only warned of is a threat.
        Case(
            sentence:
                "Le Niger va rompre ses relations diplomatiques avec la France, a annoncé le gouvernement nigérien.",
            event: .sanction, mode: "withdraw", actor: ["NER"]),
        Case(
            sentence: "Le Niger va expulser l'ambassadeur de France, a averti le gouvernement nigérien.",
            event: .threaten, mode: "expel", actor: ["NER"]),
    ]

    /// Sentences that tell one event and word another that is none.
    static let absent: [(sentence: String, told: EventType, absent: EventType)] = [
        // Folded, "signé" is "signe": after an adjective that goes before nouns, the noun.
        (
            "Le Japon a condamné cet essai, un nouveau signe de mépris de la Corée du Nord.", .accuse,
            .support
        ),
        // A danger named as a reason is no threat made.
        (
            "Le Pakistan a fermé sa frontière avec l'Afghanistan en invoquant des menaces des talibans à la stabilité du pays.",
            .sanction, .threaten
        ),
        // A decision announced is the deed, not a threat of it.
        (
            "Le Niger va rompre ses relations diplomatiques avec la France, a annoncé le gouvernement nigérien.",
            .sanction, .threaten
        ),
        // An expulsion announced in the passive future: done, and of a diplomat, so a SANCTION.
        (
            "Le consul du Japon va être expulsé dans un délai de 72 heures, a annoncé le gouvernement chinois.",
            .sanction, .threaten
        ),
        // Expelling a president is no diplomatic sanction, whatever "consultation" starts with.
        (
            "Des soldats ont expulsé vers le Costa Rica le président, qui préparait une consultation populaire.",
            .coerce, .sanction
        ),
        // A grouping of states is no gathering.
        (
            "L'IGAD, un rassemblement de sept pays d'Afrique de l'Est, a condamné le coup d'État au Soudan.",
            .accuse, .protest
        ),
        // "allons nous rencontrer": a future with its pronoun between, a promise to meet.
        ("« Nous allons nous rencontrer chaque mois », a déclaré le président ivoirien.", .agree, .consult),
    ]

    @Test func aSubheadingIsNoEventButTheHeadlineIs() throws {
        // The subheading announces the paragraph after it; the headline may be the only telling.
        let text =
            "Le Kenya expulse l'ambassadeur ougandais\n\nLe Kenya a expulsé mardi l'ambassadeur ougandais.\n\n"
            + "L'Ouganda condamne\n\nLe gouvernement ougandais a dénoncé une décision injuste.\n"
        let e = Coding.events(text, published: "2024-03")
        let accusations = e.filter { $0.event == .accuse }
        #expect(accusations.count == 1)
        #expect(accusations.allSatisfy { $0.evidence.text.contains("injuste") })
        let headline = Coding.events("Le Kenya expulse l'ambassadeur ougandais\n\nLa décision a surpris.\n")
        #expect(Coding.first(.sanction, in: headline) != nil)
    }

    @Test func theAgentOfAPassiveVerbIsNotTheDoerOfTheNounBeforeIt() throws {
        // The United States condemned the coup; they did not stage it.
        let e = Coding.events("Le coup d'État militaire au Honduras a été condamné par les États-Unis.")
        let condemnation = try #require(Coding.first(.accuse, in: e))
        #expect(Coding.keys(condemnation.actor) == ["USA"])
        #expect(!e.contains { $0.event == .coerce && Coding.keys($0.actor).contains("USA") })
        // Who claimed an attack carried it out.
        let claimed = Coding.events("L'attaque contre l'université kényane a été revendiquée par les shebab somaliens.")
        #expect(Coding.first(.assault, in: claimed).map { Coding.keys($0.actor) } == ["SOM"])
    }

    @Test func aSeizureOfPowerIsNotTheMeasureToldBesideIt() throws {
        // Two COERCE of one sentence and one doer: the coup (no mode) and the ban.
        let e = Coding.events(
            "La junte birmane, qui a pris le pouvoir en février, a interdit aux journalistes étrangers de travailler dans le pays.",
            published: "2021-06")
        let modes = e.filter { $0.event == .coerce }.map { $0.mode ?? "-" }
        #expect(modes.sorted() == ["-", "restrict"], "\(modes)")
    }

    @Test func aListOfInfinitivesAfterADeedTellsEachDeed() throws {
        let e = Coding.events(
            "Le Bahreïn a décidé mardi d'expulser l'ambassadeur iranien, de rappeler son propre ambassadeur à Téhéran et de fermer sa frontière.",
            published: "2024-03")
        let withdrawal = try #require(e.first { $0.event == .sanction && $0.mode == "withdraw" }, "\(e.map(\.mode))")
        #expect(Coding.keys(withdrawal.actor) == ["BHR"])
        #expect(e.contains { $0.event == .sanction && $0.mode == "expel" })
    }

    @Test func aMilitaryCoalitionIsAForceOfTheStateItIsCommandedBy() throws {
        let e = Coding.events(
            "La coalition militaire sous commandement saoudien a bombardé un hôpital de Saada, au Yémen.",
            published: "2024-03")
        let attack = try #require(Coding.first(.assault, in: e), "\(e.map(\.event))")
        #expect(attack.actor.map(\.country) == ["SAU"] && attack.actor.map(\.sector) == [.mil], "\(attack.actor)")
    }

    @Test func securityForcesBeyondSoldiersAndPoliceAreNamedGroups() throws {
        let arrest = try #require(
            Coding.first(.coerce, in: Coding.events("Des gardes-côtes japonais ont arrêté des militants chinois.")))
        #expect(arrest.actor.map(\.country) == ["JPN"] && arrest.actor.map(\.sector) == [.cop])
        let raid = try #require(
            Coding.first(.assault, in: Coding.events("Les forces spéciales turques ont attaqué un camp kurde en Irak."))
        )
        #expect(raid.actor.map(\.sector) == [.mil])
    }

    @Test(arguments: absent.indices)
    func aWordThatOnlyLooksLikeACueGivesNoEvent(_ k: Int) throws {
        let c = Self.absent[k]
        let events = Coding.events(c.sentence, published: "2024-03")
        #expect(Coding.first(c.told, in: events) != nil, "\(events.map(\.event))")
        #expect(Coding.first(c.absent, in: events) == nil, "\(events.map(\.event))")
    }

    @Test(arguments: cases)
    func aFrameCodesItsSentence(_ c: Case) throws {
        let events = Coding.events(c.sentence, published: "2024-03")
        guard let event = c.event else {
            #expect(events.isEmpty, "\(events.map(\.event))")
            return
        }
        let found = try #require(Coding.first(event, in: events), "\(events.map(\.event))")
        if let mode = c.mode { #expect(found.mode == mode) }
        #expect(c.actor.isSubset(of: Coding.keys(found.actor)), "actor \(Coding.keys(found.actor))")
        if let recipient = c.recipient {
            #expect(recipient.isSubset(of: Coding.keys(found.recipient)), "recipient \(Coding.keys(found.recipient))")
        }
    }
}
