import Foundation
import VigieProtocol

/// Why a lexicon could not be loaded. The code is stable; the message says `file:line: what is wrong`.
public struct LexiconError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// A lexicon file (or the directory) is missing or unreadable.
        public static let missingFile = Code(rawValue: "missing_file")
        /// The header line does not list the agreed columns.
        public static let badHeader = Code(rawValue: "bad_header")
        /// A row does not have as many cells as the header.
        public static let columnCount = Code(rawValue: "column_count")
        /// A cell that must hold something is empty.
        public static let emptyCell = Code(rawValue: "empty_cell")
        /// A code (country, sector, event type, role, kind) is not one the coder knows.
        public static let unknownCode = Code(rawValue: "unknown_code")
        /// A number (latitude, longitude) does not parse or is out of range.
        public static let badNumber = Code(rawValue: "bad_number")
        /// A date is not "YYYY" or "YYYY-MM".
        public static let badDate = Code(rawValue: "bad_date")
        /// `VERSION` is empty.
        public static let badVersion = Code(rawValue: "bad_version")
        /// A cue's `~lemma` has no forms in `inflections.tsv` (run scripts/gen-inflections.py).
        public static let unknownLemma = Code(rawValue: "unknown_lemma")
        /// The same cue is written twice (in predicates.tsv or frames.tsv).
        public static let duplicate = Code(rawValue: "duplicate")
    }

    public var code: Code
    /// The file the error is about.
    public var file: String
    /// 1-based line number, 0 when the error is about the whole file.
    public var line: Int
    public var message: String

    public init(_ code: Code, file: String, line: Int, _ message: String) {
        self.code = code
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        let place = line > 0 ? "\(file):\(line)" : file
        return "\(place): \(message) [\(code)]; fix the file and reload"
    }
}

/// The roles a person can hold, as written in `people.tsv`.
public enum PersonRole: String, Sendable, Hashable, CaseIterable {
    case president, primeMinister = "prime_minister", headOfState = "head_of_state"
    case headOfGovernment = "head_of_government", foreignMinister = "foreign_minister"
    case defenceMinister = "defence_minister", interiorMinister = "interior_minister"
    case minister, spokesperson, ambassador, envoy, speaker, leader
    case secretaryGeneral = "secretary_general", official, monarch
    case opposition = "opposition_leader", judge, militaryChief = "military_chief"
}

/// A state: its French names, demonyms and capitals.
public struct CountryEntry: Sendable, Hashable {
    public var code: String
    public var name: String
    public var aliases: [String]
    public var demonyms: [String]
    public var capitals: [String]
    public var lat: Double?
    public var lon: Double?
}

/// A named person with one role over one period of office.
public struct PersonEntry: Sendable, Hashable {
    public var name: String
    public var aliases: [String]
    public var country: String?
    public var org: String?
    public var sector: Sector
    public var role: PersonRole
    /// "YYYY" or "YYYY-MM", nil when open.
    public var from: String?
    public var to: String?
}

/// An international or national body that acts as an organization.
public struct OrganizationEntry: Sendable, Hashable {
    public var org: String
    public var name: String
    public var aliases: [String]
    public var sector: Sector
    public var country: String?
}

/// A named institution standing for a government or a force ("Élysée", "Pentagone").
public struct OfficeEntry: Sendable, Hashable {
    public var phrase: String
    public var country: String?
    public var sector: Sector
    public var name: String
}

/// A generic group head ("civils", "forces armées"); a demonym or "de X" gives its country.
public struct GroupEntry: Sendable, Hashable {
    public var phrase: String
    public var sector: Sector
    public var name: String
}

/// A named place with coordinates.
public struct PlaceEntry: Sendable, Hashable {
    public var name: String
    public var aliases: [String]
    public var country: String?
    public var lat: Double
    public var lon: Double
    public var kind: String
}

/// How a predicate cue is used in a clause.
public enum CueKind: String, Sendable, Hashable, CaseIterable {
    /// A verb: the subject is the actor, the object or "à/avec/contre X" the recipient.
    case verb
    /// A noun: "par X", "de X" or a demonym gives the actor.
    case noun
    /// A mutual event ("affrontements entre X et Y", "se rejeter la responsabilité"): every
    /// participant is actor and recipient.
    case mutual
    /// Names the event only when the clause around it holds a cue of the same type (a mode word).
    case modifier
    /// A verb whose subject undergoes the event, as in a passive ("les diplomates devront quitter
    /// le pays", "il a écopé de deux ans de prison"): "par X" or the state of the place left is
    /// the actor.
    case undergone
    /// A verb cue that opens on its subject's noun ("~soldat ... quitté": "les soldats français
    /// ont quitté le Niger"): a verb whose first word, after its article, is the actor.
    case subject
}

/// A French verb or noun phrase mapped to a PLOVER type. A word ending in `*` is a stem.
public struct PredicateEntry: Sendable, Hashable {
    public var cue: String
    public var event: EventType
    public var mode: String?
    public var cameo: String?
    public var kind: CueKind
    public var notes: String
}

/// A word of the clause after a cue that refines the mode ("cessez-le-feu" makes a REQUEST "yield").
/// A noun of an accident, a disaster or an illness (`causes.tsv`): an ASSAULT with no actor whose
/// subject is one is no event.
public struct CauseEntry: Sendable, Hashable {
    public var phrase: String
    /// accident, disaster or illness.
    public var kind: String
}

/// A word that marks a dispatch about something other than politics (`topics.tsv`).
public struct TopicEntry: Sendable, Hashable {
    public var phrase: String
    /// sport, culture, business, science or nature.
    public var topic: String
}

public struct ComplementEntry: Sendable, Hashable {
    public var event: EventType
    public var cue: String
    public var mode: String
    public var cameo: String?
}

/// An extra name for a state or a body: a demonym ("azéri", "européenne") or another name.
public struct AliasEntry: Sendable, Hashable {
    /// An ISO alpha-3 code, or nil when the alias is an organization's.
    public var country: String?
    /// An organizations.tsv acronym, or nil.
    public var org: String?
    public var demonym: Bool
    public var phrases: [String]
}

/// A role noun ("président", "chef de la diplomatie") that names an office holder.
public struct RoleEntry: Sendable, Hashable {
    public var phrase: String
    public var role: PersonRole
    public var sector: Sector
}

/// The PLOVER contexts of one CAMEO code (`contexts.tsv`).
public struct ContextEntry: Sendable, Hashable {
    public var cameo: String
    public var contexts: [String]
}

/// Every lexicon the coder reads, validated. Load it once and share it: it is immutable.
public struct Lexicon: Sendable {
    public var version: String
    public var countries: [CountryEntry]
    public var people: [PersonEntry]
    public var organizations: [OrganizationEntry]
    public var offices: [OfficeEntry]
    public var groups: [GroupEntry]
    public var places: [PlaceEntry]
    /// The cues of `predicates.tsv` then `frames.tsv`.
    public var predicates: [PredicateEntry]
    public var complements: [ComplementEntry]
    /// Every form of the lemmas the cues write as `~lemma` (`inflections.tsv`).
    public var inflections: Inflections
    public var roles: [RoleEntry]
    public var aliases: [AliasEntry]
    public var contexts: [ContextEntry]
    public var causes: [CauseEntry]
    public var topics: [TopicEntry]

    /// The lexicon files the coder reads, in load order.
    public static let fileNames = [
        "countries.tsv", "people.tsv", "organizations.tsv", "offices.tsv", "groups.tsv", "places.tsv",
        "predicates.tsv", "frames.tsv", "complements.tsv", "roles.tsv", "aliases.tsv", "contexts.tsv",
        "causes.tsv", "topics.tsv", "inflections.tsv",
    ]

    /// The directory of the lexicons bundled with the coder.
    public static var bundledDirectory: URL? {
        Bundle.module.url(forResource: "Lexicons", withExtension: nil)
    }

    /// Loads the lexicons bundled with the coder.
    public static func bundled() throws(LexiconError) -> Lexicon {
        guard let dir = bundledDirectory else {
            throw LexiconError(.missingFile, file: "Lexicons", line: 0, "the bundled lexicon folder is missing")
        }
        return try load(directory: dir.path)
    }

    /// Loads and validates every lexicon file of `directory`.
    public static func load(directory: String) throws(LexiconError) -> Lexicon {
        var files: [String: String] = [:]
        for name in fileNames + ["VERSION"] {
            let path = (directory as NSString).appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: path) else {
                throw LexiconError(.missingFile, file: path, line: 0, "cannot read the lexicon file")
            }
            files[name] = String(decoding: data, as: UTF8.self)
        }
        let version = files["VERSION"]!.trimmingCharacters(in: .whitespacesAndNewlines)
        if version.isEmpty || version.contains("\n") {
            throw LexiconError(
                .badVersion, file: (directory as NSString).appendingPathComponent("VERSION"), line: 1,
                "VERSION must hold one non-empty line")
        }
        func table(_ name: String, _ columns: [String]) throws(LexiconError) -> TSVTable {
            try TSVTable.parse(
                files[name]!, file: (directory as NSString).appendingPathComponent(name), columns: columns)
        }
        let organizations = try LexiconRows.organizations(table("organizations.tsv", LexiconRows.orgColumns))
        let inflections = try Inflections(table("inflections.tsv", Inflections.columns))
        let predicateTables = [
            try table("predicates.tsv", LexiconRows.predicateColumns),
            try table("frames.tsv", LexiconRows.predicateColumns),
        ]
        let complements = try table("complements.tsv", LexiconRows.complementColumns)
        let causes = try table("causes.tsv", LexiconRows.causeColumns)
        let topics = try table("topics.tsv", LexiconRows.topicColumns)
        try inflections.validateCues(in: predicateTables, column: 0)
        try inflections.validateCues(in: [complements], column: 1)
        try inflections.validateCues(in: [causes, topics], column: 0)
        try LexiconRows.refuseDuplicateCues(predicateTables)
        return try Lexicon(
            version: version,
            countries: LexiconRows.countries(table("countries.tsv", LexiconRows.countryColumns)),
            people: LexiconRows.people(
                table("people.tsv", LexiconRows.peopleColumns), organizations: Set(organizations.map(\.org))),
            organizations: organizations,
            offices: LexiconRows.offices(table("offices.tsv", LexiconRows.officeColumns)),
            groups: LexiconRows.groups(table("groups.tsv", LexiconRows.groupColumns)),
            places: LexiconRows.places(table("places.tsv", LexiconRows.placeColumns)),
            predicates: LexiconRows.predicates(predicateTables[0]) + LexiconRows.predicates(predicateTables[1]),
            complements: LexiconRows.complements(complements),
            inflections: inflections,
            roles: LexiconRows.roles(table("roles.tsv", LexiconRows.roleColumns)),
            aliases: LexiconRows.aliases(table("aliases.tsv", LexiconRows.aliasColumns)),
            contexts: LexiconRows.contexts(table("contexts.tsv", LexiconRows.contextColumns)),
            causes: LexiconRows.causes(causes), topics: LexiconRows.topics(topics))
    }
}

/// One TSV file: header checked, rows split into cells, each with its line number.
struct TSVTable {
    struct Row {
        var line: Int
        var cells: [String]
    }

    var file: String
    var columns: [String]
    var rows: [Row]

    static func parse(_ text: String, file: String, columns: [String]) throws(LexiconError) -> TSVTable {
        var rows: [Row] = []
        var sawHeader = false
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = Substring(rawLine)
            if line.hasSuffix("\r") { line = line.dropLast() }
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) || line.hasPrefix("#") { continue }
            var cells = line.split(separator: "\t", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            if !sawHeader {
                sawHeader = true
                // A file written before its optional last column existed still loads.
                let optionalLast = ["notes", "org"].contains(columns.last)
                if cells != columns && !(optionalLast && cells == Array(columns.dropLast())) {
                    throw LexiconError(
                        .badHeader, file: file, line: lineNumber,
                        "the header must be the columns \(columns.joined(separator: ", ")) separated by tabs")
                }
                continue
            }
            // A trailing optional cell ("notes", a person's "org") may be left out.
            if sawHeader, ["notes", "org"].contains(columns.last), cells.count == columns.count - 1 {
                cells.append("")
            }
            if cells.count != columns.count {
                throw LexiconError(
                    .columnCount, file: file, line: lineNumber,
                    "\(cells.count) cells, expected \(columns.count) (\(columns.joined(separator: ", "))) separated by tabs"
                )
            }
            rows.append(Row(line: lineNumber, cells: cells))
        }
        if !sawHeader {
            throw LexiconError(.badHeader, file: file, line: 0, "no header line")
        }
        return TSVTable(file: file, columns: columns, rows: rows)
    }

    func error(_ code: LexiconError.Code, _ row: Row, _ message: String) -> LexiconError {
        LexiconError(code, file: file, line: row.line, message)
    }

    func required(_ row: Row, _ column: Int) throws(LexiconError) -> String {
        let value = row.cells[column]
        if value.isEmpty { throw error(.emptyCell, row, "the \(columns[column]) cell is empty") }
        return value
    }

    func optional(_ row: Row, _ column: Int) -> String? {
        row.cells[column].isEmpty ? nil : row.cells[column]
    }

    func list(_ row: Row, _ column: Int) -> [String] {
        row.cells[column].split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
            !$0.isEmpty
        }
    }

    func sector(_ row: Row, _ column: Int) throws(LexiconError) -> Sector {
        let value = try required(row, column)
        guard let sector = Sector(rawValue: value) else {
            throw error(
                .unknownCode, row,
                "unknown sector \"\(value)\"; use one of \(Sector.allCases.map(\.rawValue).joined(separator: " "))")
        }
        return sector
    }

    func country(_ row: Row, _ column: Int) throws(LexiconError) -> String? {
        guard let value = optional(row, column) else { return nil }
        if value.utf8.count != 3 || !value.utf8.allSatisfy({ $0 >= 0x41 && $0 <= 0x5A }) {
            throw error(.unknownCode, row, "country \"\(value)\" is not an ISO 3166-1 alpha-3 code such as FRA")
        }
        return value
    }

    func number(_ row: Row, _ column: Int, limit: Double) throws(LexiconError) -> Double {
        let value = try required(row, column)
        guard let number = Double(value), abs(number) <= limit else {
            throw error(.badNumber, row, "\(columns[column]) \"\(value)\" is not a number within ±\(Int(limit))")
        }
        return number
    }

    func date(_ row: Row, _ column: Int) throws(LexiconError) -> String? {
        guard let value = optional(row, column) else { return nil }
        let parts = value.split(separator: "-")
        let ok =
            (parts.count == 1 || parts.count == 2) && parts[0].count == 4 && Int(parts[0]) != nil
            && (parts.count == 1 || (parts[1].count == 2 && (1...12).contains(Int(parts[1]) ?? 0)))
        if !ok { throw error(.badDate, row, "\(columns[column]) \"\(value)\" is not YYYY or YYYY-MM") }
        return value
    }
}

/// Row-by-row validation of each lexicon file.
enum LexiconRows {
    static let countryColumns = ["code", "name", "aliases", "demonyms", "capitals", "lat", "lon"]
    static let peopleColumns = ["name", "aliases", "country", "sector", "role", "from", "to", "org"]
    static let orgColumns = ["org", "name", "aliases", "sector", "country"]
    static let officeColumns = ["phrase", "country", "sector", "name"]
    static let groupColumns = ["phrase", "sector", "name"]
    static let placeColumns = ["name", "aliases", "country", "lat", "lon", "kind"]
    static let predicateColumns = ["cue", "event", "mode", "cameo", "kind", "notes"]
    static let complementColumns = ["event", "cue", "mode", "cameo"]
    static let roleColumns = ["phrase", "role", "sector"]
    static let aliasColumns = ["target", "kind", "phrases"]
    static let contextColumns = ["cameo", "contexts"]
    static let placeKinds: Set<String> = ["capital", "city", "region", "territory", "site", "country"]

    static func countries(_ t: TSVTable) throws(LexiconError) -> [CountryEntry] {
        var out: [CountryEntry] = []
        for row in t.rows {
            let code = try t.country(row, 0)!
            let lat = t.optional(row, 5) == nil ? nil : try t.number(row, 5, limit: 90)
            let lon = t.optional(row, 6) == nil ? nil : try t.number(row, 6, limit: 180)
            out.append(
                CountryEntry(
                    code: code, name: try t.required(row, 1), aliases: t.list(row, 2), demonyms: t.list(row, 3),
                    capitals: t.list(row, 4), lat: lat, lon: lon))
        }
        return out
    }

    static func people(_ t: TSVTable, organizations: Set<String>) throws(LexiconError) -> [PersonEntry] {
        var out: [PersonEntry] = []
        for row in t.rows {
            let roleText = try t.required(row, 4)
            guard let role = PersonRole(rawValue: roleText) else {
                throw t.error(
                    .unknownCode, row,
                    "unknown role \"\(roleText)\"; use one of \(PersonRole.allCases.map(\.rawValue).joined(separator: " "))"
                )
            }
            // An international official has no country: the body they act for is in the optional org cell.
            let org = t.optional(row, 7)
            if let org, !organizations.contains(org) {
                throw t.error(
                    .unknownCode, row, "org \"\(org)\" is not in organizations.tsv; use its first column, such as EU")
            }
            out.append(
                PersonEntry(
                    name: try t.required(row, 0), aliases: t.list(row, 1), country: try t.country(row, 2), org: org,
                    sector: try t.sector(row, 3), role: role, from: try t.date(row, 5), to: try t.date(row, 6)))
        }
        return out
    }

    static func organizations(_ t: TSVTable) throws(LexiconError) -> [OrganizationEntry] {
        var out: [OrganizationEntry] = []
        for row in t.rows {
            out.append(
                OrganizationEntry(
                    org: try t.required(row, 0), name: try t.required(row, 1), aliases: t.list(row, 2),
                    sector: try t.sector(row, 3), country: try t.country(row, 4)))
        }
        return out
    }

    static func offices(_ t: TSVTable) throws(LexiconError) -> [OfficeEntry] {
        var out: [OfficeEntry] = []
        for row in t.rows {
            let phrase = try t.required(row, 0)
            out.append(
                OfficeEntry(
                    phrase: phrase, country: try t.country(row, 1), sector: try t.sector(row, 2),
                    name: t.optional(row, 3) ?? phrase))
        }
        return out
    }

    static let causeColumns = ["phrase", "kind"]
    static let causeKinds: Set<String> = ["accident", "disaster", "illness"]

    static func causes(_ t: TSVTable) throws(LexiconError) -> [CauseEntry] {
        try classifiedPhrases(t, classes: causeKinds, naming: "cause kind").map {
            CauseEntry(phrase: $0.phrase, kind: $0.class)
        }
    }

    static let topicColumns = ["phrase", "topic"]
    static let topicNames: Set<String> = ["sport", "culture", "business", "science", "nature"]

    static func topics(_ t: TSVTable) throws(LexiconError) -> [TopicEntry] {
        try classifiedPhrases(t, classes: topicNames, naming: "topic").map {
            TopicEntry(phrase: $0.phrase, topic: $0.class)
        }
    }

    /// The rows of a two-column table of phrases, each in one of a closed set of classes
    /// (`causes.tsv`, `topics.tsv`): an unknown class or a phrase listed twice is an error at its line.
    static func classifiedPhrases(
        _ t: TSVTable, classes: Set<String>, naming noun: String
    ) throws(LexiconError) -> [(phrase: String, class: String)] {
        var out: [(phrase: String, class: String)] = []
        var seen = Set<String>()
        for row in t.rows {
            let phrase = try t.required(row, 0)
            let found = try t.required(row, 1)
            guard classes.contains(found) else {
                throw t.error(
                    .unknownCode, row,
                    "unknown \(noun) \"\(found)\"; use one of \(classes.sorted().joined(separator: " "))")
            }
            guard seen.insert(TextFolding.fold(phrase)).inserted else {
                throw t.error(.duplicate, row, "\"\(phrase)\" is listed twice")
            }
            out.append((phrase, found))
        }
        return out
    }

    static func groups(_ t: TSVTable) throws(LexiconError) -> [GroupEntry] {
        var out: [GroupEntry] = []
        for row in t.rows {
            let phrase = try t.required(row, 0)
            out.append(GroupEntry(phrase: phrase, sector: try t.sector(row, 1), name: t.optional(row, 2) ?? phrase))
        }
        return out
    }

    static func places(_ t: TSVTable) throws(LexiconError) -> [PlaceEntry] {
        var out: [PlaceEntry] = []
        for row in t.rows {
            let kind = try t.required(row, 5)
            if !placeKinds.contains(kind) {
                throw t.error(
                    .unknownCode, row,
                    "unknown place kind \"\(kind)\"; use one of \(placeKinds.sorted().joined(separator: " "))")
            }
            out.append(
                PlaceEntry(
                    name: try t.required(row, 0), aliases: t.list(row, 1), country: try t.country(row, 2),
                    lat: try t.number(row, 3, limit: 90), lon: try t.number(row, 4, limit: 180), kind: kind))
        }
        return out
    }

    static func eventType(_ t: TSVTable, _ row: TSVTable.Row, _ column: Int) throws(LexiconError) -> EventType {
        let value = try t.required(row, column)
        guard let type = EventType(rawValue: value) else {
            throw t.error(
                .unknownCode, row,
                "unknown event \"\(value)\"; use a PLOVER type: \(EventType.allCases.map(\.rawValue).joined(separator: " "))"
            )
        }
        return type
    }

    static func cameo(_ t: TSVTable, _ row: TSVTable.Row, _ column: Int) throws(LexiconError) -> String? {
        guard let value = t.optional(row, column) else { return nil }
        if value.count < 2 || value.count > 4 || !value.allSatisfy(\.isNumber) {
            throw t.error(.unknownCode, row, "CAMEO code \"\(value)\" must be 2 to 4 digits")
        }
        return value
    }

    static func predicates(_ t: TSVTable) throws(LexiconError) -> [PredicateEntry] {
        var out: [PredicateEntry] = []
        for row in t.rows {
            let kindText = try t.required(row, 4)
            guard let kind = CueKind(rawValue: kindText) else {
                throw t.error(
                    .unknownCode, row,
                    "unknown kind \"\(kindText)\"; use one of \(CueKind.allCases.map(\.rawValue).joined(separator: " "))"
                )
            }
            out.append(
                PredicateEntry(
                    cue: try t.required(row, 0), event: try eventType(t, row, 1), mode: t.optional(row, 2),
                    cameo: try cameo(t, row, 3), kind: kind, notes: row.cells[5]))
        }
        return out
    }

    static func complements(_ t: TSVTable) throws(LexiconError) -> [ComplementEntry] {
        var out: [ComplementEntry] = []
        for row in t.rows {
            out.append(
                ComplementEntry(
                    event: try eventType(t, row, 0), cue: try t.required(row, 1), mode: try t.required(row, 2),
                    cameo: try cameo(t, row, 3)))
        }
        return out
    }

    static func aliases(_ t: TSVTable) throws(LexiconError) -> [AliasEntry] {
        var out: [AliasEntry] = []
        for row in t.rows {
            let target = try t.required(row, 0)
            let kind = try t.required(row, 1)
            guard kind == "demonym" || kind == "name" else {
                throw t.error(.unknownCode, row, "unknown kind \"\(kind)\"; use demonym or name")
            }
            var country: String?
            var org: String?
            if target.hasPrefix("ORG:") {
                org = String(target.dropFirst(4))
                if org!.isEmpty { throw t.error(.unknownCode, row, "ORG: needs an acronym, as in ORG:EU") }
            } else {
                country = try t.country(row, 0)
            }
            let phrases = t.list(row, 2)
            if phrases.isEmpty { throw t.error(.emptyCell, row, "the phrases cell is empty") }
            out.append(AliasEntry(country: country, org: org, demonym: kind == "demonym", phrases: phrases))
        }
        return out
    }

    static func roles(_ t: TSVTable) throws(LexiconError) -> [RoleEntry] {
        var out: [RoleEntry] = []
        for row in t.rows {
            let roleText = try t.required(row, 1)
            guard let role = PersonRole(rawValue: roleText) else {
                throw t.error(.unknownCode, row, "unknown role \"\(roleText)\"")
            }
            out.append(RoleEntry(phrase: try t.required(row, 0), role: role, sector: try t.sector(row, 2)))
        }
        return out
    }

    static func contexts(_ t: TSVTable) throws(LexiconError) -> [ContextEntry] {
        var out: [ContextEntry] = []
        var seen: Set<String> = []
        for row in t.rows {
            let cameo = try t.required(row, 0)
            guard (2...4).contains(cameo.count), cameo.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                throw t.error(.unknownCode, row, "\"\(cameo)\" is not a CAMEO code (2 to 4 digits)")
            }
            guard seen.insert(cameo).inserted else {
                throw t.error(.unknownCode, row, "CAMEO code \(cameo) is listed twice; keep one row")
            }
            let contexts = t.list(row, 1)
            if contexts.isEmpty { throw t.error(.emptyCell, row, "the contexts cell is empty") }
            for name in contexts
            where name.first == "_" || !name.allSatisfy({ ($0.isASCII && $0.isLowercase) || $0 == "_" }) {
                throw t.error(
                    .unknownCode, row, "\"\(name)\" is not a PLOVER context name (lowercase words joined by _)")
            }
            out.append(ContextEntry(cameo: cameo, contexts: contexts))
        }
        return out
    }
}
