import Foundation
import VigieProtocol

/// Closed classes of French grammar words the reader's rules test (prepositions, auxiliaries, determiners,
/// the verbs and nouns that make a cue background). Grammar, not vocabulary: event cues live in the lexicons.
extension EventReader {
    // The prepositions `attribute` accepts before a recipient (built once, not per cue; nil: none).
    /// After a consultation verb: "s'est entretenu avec X", "a reçu X", "a été reçu par X".
    static let consultObjectPreps: Set<String?> = ["avec", nil, "à", "au", "aux", "par"]
    /// After a request verb, "entre" too: "appelle au dialogue entre X et Y".
    static let requestObjectPreps: Set<String?> = [nil, "à", "au", "aux", "contre", "avec", "sur", "envers", "entre"]
    /// After any other verb.
    static let verbObjectPreps: Set<String?> = [nil, "à", "au", "aux", "contre", "avec", "sur", "envers"]
    /// The genitive of a verb's object: "condamne l'action de X".
    static let genitivePreps: Set<String?> = ["de", "d'", "du", "des"]
    // Word lists of `passiveVoice`, built once (an array literal there is allocated per token).
    /// "se voient refuser": "voir" before an infinitive or participle the subject undergoes.
    static let passiveVoir: FoldedSet = ["voit", "voient", "vu", "vue", "vus", "vues", "voyait", "voyaient"]
    static let etreForms: FoldedSet = ["est", "sont", "etait", "etaient"]
    static let reflexives: FoldedSet = ["se", "s'"]
    /// Words that may stand between the auxiliary and the participle ("sont quant à eux appelés").
    static let passiveInserts: FoldedSet = ["quant", "à", "eux", "elles"]
    /// Auxiliaries and copulas before a participle that make it a verb, not an adjective of the
    /// noun before it: "a été arrêté", "s'est vu", and "la ville reste placée sous couvre-feu".
    static let participleAuxiliaries: FoldedSet = [
        "a", "ont", "avait", "avaient", "ete", "est", "sont", "etait", "etaient", "fut", "ayant", "eu", "aura",
        "auront", "se", "s'", "etre", "avoir", "aurait", "auraient", "as", "ai", "avons", "avez",
        "reste", "restent", "restait", "restaient", "demeure", "demeurent", "demeurait", "demeuraient",
    ]
    /// Auxiliaries of the active voice ("a été" is passive, but "a" alone is not).
    static let activeAuxiliaries: FoldedSet = ["a", "ont", "avait", "avaient", "s'", "se"]
    // Word lists of `attribute`, built once (an array literal there is allocated per candidate).
    /// Words governing a noun cue that make it background, not the subject's act ("après les combats").
    static let backgroundGovernors: FoldedSet = [
        "concernant", "apres", "depuis", "face", "malgre", "avant", "contre", "dans", "sur", "pendant", "durant",
        // "mourir sous la torture", "au prochain sommet": circumstances and future meetings.
        "sous", "prochain", "prochaine", "futur", "future",
    ]
    /// Stems of the verbs governing a noun cue that make it background.
    /// Verbs (and "avant") whose "de" + infinitive tells a deed done, not one wished or feared:
    /// "a décidé d'expulser", "vient de rompre", "a achevé de lever", "avant de dénoncer".
    static let realizingStems: StemList = [
        "decid", "choisi", "vient", "venait", "viennent", "termin", "achev", "avant",
    ]
    /// Verbs whose "à" + infinitive tells a deed done: "sont parvenus à trouver", "a réussi à conclure".
    /// Types whose deed two sides do together, so that "signé entre X et Y" names both as its doers.
    static let mutualTypes: Set<EventType> = [.support, .agree, .consult, .cooperate]
    static let achievingStems: StemList = ["parven", "parvien", "reussi"]
    /// Participles that tell a deed someone was made to do, with its doer between them and "à":
    /// "incitant les forces de l'ordre à tirer", "obligeant des milliers d'habitants à fuir".
    static let causatives: FoldedSet = [
        "obligeant", "contraignant", "forcant", "poussant", "incitant", "amenant", "oblige", "obliges", "obligee",
        "obligees", "contraint", "contraints", "contrainte", "contraintes",
    ]
    /// Verbs whose patient is someone: "arrêter" (to stop a thing otherwise), "recevoir" (to get a thing).
    static let personPatientStems: StemList = ["arret", "recu", "recoi", "recev"]
    /// Verbs whose "que" clause is wished, demanded, refused or feared, not told as done.
    static let wishStems: StemList = [
        "demand", "exig", "reclam", "souhait", "veut", "veul", "voul", "oppos", "refus", "craign", "crain", "redout",
        "esper", "espere", "insist",
    ]
    /// Words before "que" that open a purpose clause ("pour que", "afin que"): what it tells is wished.
    static let purposeWords: FoldedSet = ["pour", "afin"]
    /// Verbs that report a deed someone else did ("ont rapporté des enlèvements", "signale des tirs").
    static let reportingStems: StemList = [
        "rapport", "signal", "evoqu", "relat", "racont", "temoign", "decri", "denombr",
    ]
    static let backgroundStems: StemList = [
        // "éviter les manifestations", "où se déroulent les manifestations", "à la veille de nouvelles ...".
        "evit", "crai", "redout", "interdi", "empech", "prevenir", "previen", "dissuad", "eloign", "deroul", "veille",
        // "arrêtez la destruction", "la cessation des hostilités": what is to stop, not a deed.
        "arret", "cess", "stopp",
        // "tentait un mea culpa", "prépare une agression", "envisage une visite": intended, not done.
        "tentai", "tentent", "tente", "tenter", "essai", "essay", "prepar", "envisag", "planifi",
        // "un accord qui prévoit le déploiement de soldats": provided for, not yet done.
        "prevoi", "prevoy",
        // "a reporté l'élection, provoquant des manifestations": others protest, caused by the subject.
        "provoqu", "suscit",
    ]
    /// The `backgroundStems` of fearing, preventing and planning: the noun they govern names no deed done.
    static let unrealizingStems: StemList = [
        "evit", "crai", "redout", "empech", "prevenir", "previen", "dissuad", "prepar", "envisag", "planifi",
    ]
    static let quoteMarks: FoldedSet = ["«", "»", "\""]
    /// The prepositions of a noun cue's target ("l'offensive contre X").
    static let nounTargetPreps: Set<String?> = ["contre", "sur", "avec", "à", "au", "aux", "envers"]
    /// Words before a date that make it a deadline ("avant le 30 juin", "d'ici au 1er mai").
    static let deadlineWords: FoldedSet = ["avant", "ici", "jusqu'au", "jusqu'a", "jusqu'à", "jusqu'"]
    /// Words by which the writer disputes what the noun after them says happened ("les prétendues manifestations").
    static let disputingWords: FoldedSet = ["pretendu", "pretendue", "pretendus", "pretendues", "soi-disant"]
    // Word lists of `cues`, built once (an array literal there is allocated per cue or per token).
    /// Determiners that make a verb cue its noun ("la demande", "l'attaque").
    static let determiners: FoldedSet = [
        "la", "une", "sa", "son", "leur", "cette", "ce", "cet", "l'", "un", "le", "les", "des", "ces", "ses", "du",
        "d'",
    ]
    /// "très critique", "plus menaçant": adverbs of degree make the cue an adjective.
    static let degreeAdverbs: FoldedSet = ["tres", "trop", "si", "assez", "peu"]
    /// Nouns whose "de" complement is still the event ("une série d'attaques", "les auteurs de l'attentat").
    static let eventHeads: FoldedSet = [
        "fin", "nombre", "series", "serie", "vague", "scenes", "scene", "actes", "acte", "journee", "nuit", "paquet",
        "train", "salve", "jour", "episode", "regain", "flambee", "theatre", "responsable", "responsables", "auteur",
        "auteurs", "victime", "victimes", "cible",
        // "deux nuits d'émeutes", "trois semaines de manifestations": a span of time filled by the deed.
        "nuits", "journees", "jours", "semaine", "semaines",
        // "à coups de gaz lacrymogène", "fait usage de canons à eau": the instrument is the deed.
        "coup", "coups", "usage", "recours",
        // "dix cycles de négociations", "un nouveau round de pourparlers".
        "cycle", "cycles", "round", "rounds",
    ]
    static let genitiveWords: FoldedSet = ["de", "d'", "des", "du"]
    /// Stems of the verbs that impose sanctions ("adopté", "inflige").
    static let sanctionImposers: StemList = [
        "adopt", "impos", "decret", "annonc", "pris", "prend", "inflig", "vot", "durci", "etend", "renforc", "approuv",
        "decid", "appliqu", "frapp", "repren", "repris", "retabl", "prolong", "reconduit", "elargi", "ordonn",
    ]
    /// Stems of the ways a blockade closes ("la route", "l'accès au corridor").
    static let blockedWays: StemList = [
        "route", "autoroute", "acces", "frontiere", "corridor", "port", "pont", "rond", "raffinerie", "depot", "entree",
        "passage", "axe", "carrefour", "voie", "aeroport", "gare", "livraison", "acheminement", "aide", "convoi",
        "ville", "centre", "rue", "site", "usine",
    ]
    /// Participles of a crowd gathered, whose "pour protester" is the protest they made.
    static let gatheringParticiples: FoldedSet = [
        "reunis", "reunies", "rassembles", "rassemblees", "masses", "massees", "descendus", "descendues",
        "rassemble", "reuni", "defile", "manifeste", "mobilises", "mobilisees",
    ]
    /// Forms of a verb cue that after a determiner are nouns of no event ("un signe", "le livre", "le juge").
    static let nounHomographs: FoldedSet = ["signe", "signes", "livre", "livres", "juge", "juges"]
    /// Quantifiers and adjectives that stand before a noun ("plusieurs livres", "un nouveau signe").
    static let nounPreceders: FoldedSet = [
        "plusieurs", "quelques", "nombreux", "nombreuses", "certains", "certaines", "aucun", "aucune", "chaque",
        "nouveau", "nouvel", "nouvelle", "nouveaux", "nouvelles", "premier", "premiere", "dernier", "derniere",
        "autre", "autres", "seul", "seule", "vrai", "bon", "mauvais", "fort", "clair", "mon", "ma", "mes", "nos",
        "vos", "leurs", "tout", "tous", "deux", "trois",
    ]
    /// Participles that name a charge before a court ("jugé pour", "inculpé de"), and the words
    /// that introduce the charge.
    static let chargeStems: StemList = ["juge", "inculpe", "poursuivi", "soupconne", "examen", "comparai", "proces"]
    static let chargeMarkers: FoldedSet = ["pour", "de", "d'", "du", "des"]
    /// The tenses of "avoir" that make a compound past ("a exigé", "avaient demandé").
    static let avoirAuxiliaries: FoldedSet = ["a", "ont", "avait", "avaient", "aura", "auront", "aurait", "auraient"]
    /// The verb of joining ("a rejoint l'Otan"), whose object may be a place reached instead.
    static let joiningStems: StemList = ["rejoin"]
    /// Participles that attribute a deed to its doer ("attribuée à", "imputés aux").
    static let attributionStems: StemList = ["attribue", "impute"]
    /// The auxiliaries of a passive ("a été condamné", "est dénoncée").
    static let passiveAuxiliaries: FoldedSet = ["ete", "est", "sont", "etait", "etaient", "sera", "seront", "fut"]
    /// Participles whose agent did the deed named before them ("revendiquée par", "menée par").
    static let doerParticiples: StemList = [
        "revendique", "mene", "perpetre", "commis", "lance", "organise", "conduit", "orchestre", "execute", "dirige",
        "decide", "ordonne", "decrete", "impose", "annonce",
    ]
    static let longPeriods: FoldedSet = ["decennies", "annees", "siecles"]
    /// Auxiliaries after "et" that start a new verb ("et ont ensuite déclaré").
    static let newVerbAuxiliaries: FoldedSet = ["a", "ont", "avait", "avaient", "est", "sont"]
    static let closingQuotes: FoldedSet = ["»", "\""]
    /// Possessives and demonstratives that may refer back to an event ("sa visite", "ces attaques").
    static let possessives: FoldedSet = ["sa", "son", "ses", "ma", "mon", "leur", "ces", "cette"]
    /// Possessives of the third person: the deed after one is its owner's ("leur retrait").
    static let ownPossessives: FoldedSet = ["sa", "son", "ses", "leur", "leurs"]
    /// Words before such a possessive that keep it a reference ("lors de sa visite", "ce ... ").
    static let occasionWords: FoldedSet = ["lors", "ce", "cet"]
    /// Words announcing a title in quotes ("Intitulé « ... »"), and those opening the clause after it.
    static let titleWords: FoldedSet = ["intitule", "intitulee", "intitules", "intitulees", "titre"]
    static let titleEnders: FoldedSet = ["ce", "cette", "ces", "le", "la", "les", "l'", "un", "une", "il", "elle"]
}
