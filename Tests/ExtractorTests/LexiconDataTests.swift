import Foundation
import Testing

@testable import VigieExtractor

/// Sanity checks of the lexicon data files themselves (the loader's own validation is tested
/// with the loader): every row well formed, every code known, the entities the dev set and the
/// seeds name present, in the spellings the French press uses.
struct LexiconDataTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/Extractor/Lexicons").path

    static let sectors: Set<String> = [
        "GOV", "MIL", "LEG", "JUD", "COP", "REB", "PTY", "OPP", "CVL", "JRN", "BUS", "REL", "IGO", "NGO", "UNK",
    ]
    static let roles: Set<String> = [
        "president", "prime_minister", "head_of_state", "head_of_government", "foreign_minister",
        "defence_minister", "interior_minister", "minister", "spokesperson", "ambassador", "envoy", "speaker",
        "leader", "secretary_general", "official", "monarch", "opposition_leader", "judge", "military_chief",
    ]

    struct Row {
        var line: Int
        var cells: [String: String]
        subscript(_ column: String) -> String { cells[column] ?? "" }
        func list(_ column: String) -> [String] {
            self[column].split(separator: "|", omittingEmptySubsequences: false).map(String.init).filter {
                !$0.isEmpty
            }
        }
    }

    /// Reads a TSV lexicon, recording an issue for every malformed line.
    static func read(_ file: String, header: [String]) throws -> [Row] {
        let text = try String(contentsOfFile: directory + "/" + file, encoding: .utf8)
        var rows: [Row] = []
        var seenHeader = false
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = index + 1
            if raw.hasPrefix("#") || raw.allSatisfy(\.isWhitespace) { continue }
            let cells = raw.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            if !seenHeader {
                #expect(cells == header, "\(file):\(line): header")
                seenHeader = true
                continue
            }
            #expect(cells.count == header.count, "\(file):\(line): \(cells.count) cells, want \(header.count)")
            for cell in cells {
                #expect(cell == cell.trimmingCharacters(in: .whitespaces), "\(file):\(line): spaces around \(cell)")
                if !cell.isEmpty {
                    #expect(
                        !cell.split(separator: "|", omittingEmptySubsequences: false).contains(""),
                        "\(file):\(line): empty list item in \(cell)")
                }
            }
            rows.append(Row(line: line, cells: Dictionary(uniqueKeysWithValues: zip(header, cells))))
        }
        #expect(seenHeader, "\(file): no header")
        return rows
    }

    static func countries() throws -> [Row] {
        try read("countries.tsv", header: ["code", "name", "aliases", "demonyms", "capitals", "lat", "lon"])
    }

    static func people() throws -> [Row] {
        try read("people.tsv", header: ["name", "aliases", "country", "sector", "role", "from", "to", "org"])
    }

    static func places() throws -> [Row] {
        try read("places.tsv", header: ["name", "aliases", "country", "lat", "lon", "kind"])
    }

    static func isDate(_ s: String) -> Bool {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts[0].count == 4, let year = Int(parts[0]),
            (1900...2100).contains(year)
        else { return false }
        if parts.count == 2 {
            guard parts[1].count == 2, let month = Int(parts[1]), (1...12).contains(month) else { return false }
        }
        return true
    }

    static func checkCoordinates(_ row: Row, _ file: String) {
        let lat = Double(row["lat"])
        let lon = Double(row["lon"])
        #expect(lat.map { (-90...90).contains($0) } ?? false, "\(file):\(row.line): lat \(row["lat"])")
        #expect(lon.map { (-180...180).contains($0) } ?? false, "\(file):\(row.line): lon \(row["lon"])")
    }

    @Test func countriesCoverEveryStateWithDemonymsAndCapitals() throws {
        let rows = try Self.countries()
        #expect(rows.count == 251)
        #expect(Set(rows.map { $0["code"] }).count == rows.count, "duplicate country codes")
        var demonymOwner: [String: String] = [:]
        for row in rows {
            #expect(row["code"].count == 3 && row["code"] == row["code"].uppercased(), "countries.tsv:\(row.line)")
            #expect(!row["name"].isEmpty, "countries.tsv:\(row.line): no name")
            Self.checkCoordinates(row, "countries.tsv")
            for d in row.list("demonyms") {
                if let owner = demonymOwner[d] {
                    Issue.record("countries.tsv:\(row.line): demonym \(d) also belongs to \(owner)")
                }
                demonymOwner[d] = row["code"]
            }
        }
        let byCode = Dictionary(uniqueKeysWithValues: rows.map { ($0["code"], $0) })
        for (code, forms) in [
            "ARM": ["arménien", "arménienne", "arméniens", "arméniennes", "Arméniens"],
            "AZE": ["azerbaïdjanais", "azerbaïdjanaise", "azerbaïdjanaises"],
            "FRA": ["français", "française", "françaises"], "TUR": ["turc", "turque", "turcs", "turques"],
            "ARE": ["émiriens"], "BHR": ["bahreïnis"], "USA": ["américains"], "RUS": ["russe", "russes"],
        ] {
            let have = Set(byCode[code]?.list("demonyms") ?? [])
            for form in forms { #expect(have.contains(form), "\(code) lacks demonym \(form)") }
        }
        for (code, capital) in [
            ("ARM", "Erevan"), ("AZE", "Bakou"), ("RUS", "Moscou"), ("TUR", "Ankara"), ("FRA", "Paris"),
            ("USA", "Washington"), ("CHN", "Pékin"), ("UKR", "Kiev"), ("GBR", "Londres"), ("NKR", "Stepanakert"),
        ] {
            #expect(byCode[code]?.list("capitals").contains(capital) ?? false, "\(code) lacks capital \(capital)")
        }
        let nkr = Set(byCode["NKR"]?.list("aliases") ?? []).union([byCode["NKR"]?["name"] ?? ""])
        for alias in ["Haut-Karabakh", "Artsakh", "république autoproclamée", "Nagorny-Karabakh"] {
            #expect(nkr.contains(alias), "NKR lacks \(alias)")
        }
    }

    @Test func peopleRowsAreValidAndDoNotOverlapInARole() throws {
        let codes = Set(try Self.countries().map { $0["code"] })
        let rows = try Self.people()
        let orgs = Set(
            try String(contentsOfFile: Self.directory + "/organizations.tsv", encoding: .utf8).split(separator: "\n")
                .filter { !$0.hasPrefix("#") }.compactMap { $0.split(separator: "\t").first.map(String.init) })
        #expect(rows.count >= 500)
        var spans: [String: [(String, String)]] = [:]
        for row in rows {
            let at = "people.tsv:\(row.line)"
            #expect(!row["name"].isEmpty, "\(at): no name")
            #expect(row["country"].isEmpty || codes.contains(row["country"]), "\(at): country \(row["country"])")
            #expect(Self.sectors.contains(row["sector"]), "\(at): sector \(row["sector"])")
            #expect(Self.roles.contains(row["role"]), "\(at): role \(row["role"])")
            for column in ["from", "to"] where !row[column].isEmpty {
                #expect(Self.isDate(row[column]), "\(at): \(column) \(row[column])")
            }
            if !row["from"].isEmpty, !row["to"].isEmpty { #expect(row["from"] <= row["to"], "\(at): from > to") }
            #expect(row["org"].isEmpty || orgs.contains(row["org"]), "\(at): org \(row["org"])")
            if row["sector"] == "IGO", row["country"].isEmpty {
                #expect(!row["org"].isEmpty, "\(at): an international official needs the body in org")
            }
            let key = row["name"] + "/" + row["role"] + "/" + row["country"]
            for (from, to) in spans[key] ?? [] where !from.isEmpty && !to.isEmpty && !row["from"].isEmpty {
                let overlaps = row["from"] < to && from < (row["to"].isEmpty ? "9999" : row["to"])
                #expect(!overlaps, "\(at): \(row["name"]) holds \(row["role"]) twice at once")
            }
            spans[key, default: []].append((row["from"], row["to"]))
        }
    }

    @Test func peopleNamedInTheDevSetAndSeedsAreThereWithFrenchSpellings() throws {
        let rows = try Self.people()
        var forms: [String: Set<String>] = [:]
        for row in rows {
            forms[row["name"], default: []].formUnion([row["name"]] + row.list("aliases"))
        }
        let expected: [String: [String]] = [
            "Emmanuel Macron": ["Macron"], "Ilham Aliyev": ["Ilham Aliev", "Aliev", "Aliyev"],
            "Nikol Pashinyan": ["Nikol Pachinian", "Pachinian"], "Vladimir Putin": ["Vladimir Poutine", "Poutine"],
            "Sergey Lavrov": ["Sergueï Lavrov", "Lavrov"], "Mevlut Cavusoglu": ["Mevlüt Çavuşoğlu", "Cavusoglu"],
            "Recep Tayyip Erdogan": ["Erdogan", "Erdoğan"], "Volodymyr Zelensky": ["Zelensky", "Zelenskyy"],
            "Nancy Pelosi": ["Pelosi"], "Donald Trump": ["Trump"], "Joe Biden": ["Biden"],
            "Vassily Nebenzia": ["Vassili Nebenzia"], "Michael Carpenter": [],
            "Hasmik Tolmajian": ["Hasmik Tolmadjian"],
            "Alen Simonyan": ["Alen Simonian"], "Rahman Mustafayev": [],
            "Hovhannes Gevorgyan": ["Hovhannes Guévorkian"],
            "Catherine Colonna": [], "Josep Borrell": [], "Ararat Mirzoyan": [], "Yaël Braun-Pivet": [],
            "Olivier Véran": [], "Édouard Philippe": [], "Christophe Castaner": [], "Matteo Salvini": [],
            "Steffen Seibert": [], "Pierre Moscovici": [], "Angela Merkel": [], "Antonis Samaras": [],
            "Hamid Karzai": [], "Mohamed Morsi": [], "Hosni Mubarak": ["Hosni Moubarak"],
            "Ahmed Shafik": ["Ahmad Chafiq"],
            "Fatou Bensouda": [], "Victorin Lurel": [], "Michael Roth": [], "Clemens Fuest": [], "Julien Harounyan": [],
            "Ruben Melikyan": [], "Laure Delcour": [], "Lucas Papademos": ["Papadimos"], "Dimitris Avramopoulos": [],
            "Xi Jinping": [], "Ursula von der Leyen": [], "António Guterres": [], "Jens Stoltenberg": [],
        ]
        for (name, aliases) in expected {
            #expect(forms[name] != nil, "people.tsv lacks \(name)")
            for alias in aliases { #expect(forms[name]?.contains(alias) ?? false, "\(name) lacks alias \(alias)") }
        }
        // A role that changed: the same person has one row per role, with dates.
        let lavrov = rows.filter { $0["name"] == "Sergey Lavrov" }
        #expect(lavrov.first?["role"] == "foreign_minister" && lavrov.first?["from"] == "2004-03")
        let putin = Set(rows.filter { $0["name"] == "Vladimir Putin" }.map { $0["role"] })
        #expect(putin == ["president", "prime_minister"])
    }

    @Test func organizationsOfficesAndGroupsUseKnownCodes() throws {
        let codes = Set(try Self.countries().map { $0["code"] })
        let orgs = try Self.read("organizations.tsv", header: ["org", "name", "aliases", "sector", "country"])
        for row in orgs {
            #expect(!row["org"].isEmpty && Self.sectors.contains(row["sector"]), "organizations.tsv:\(row.line)")
            #expect(row["country"].isEmpty || codes.contains(row["country"]), "organizations.tsv:\(row.line)")
        }
        let acronyms = Set(orgs.map { $0["org"] })
        for org in ["UN", "EU", "OSCE", "NATO", "ICJ", "ICC", "PACE", "ICRC", "CSTO", "HRW", "Taliban"] {
            #expect(acronyms.contains(org), "organizations.tsv lacks \(org)")
        }
        // Organs are coded as their body, as the annotation guide does.
        let organOf = Dictionary(orgs.map { ($0["name"], $0["org"]) }, uniquingKeysWith: { a, _ in a })
        #expect(organOf["UN Security Council"] == "UN" && organOf["European Commission"] == "EU")
        #expect(organOf["OSCE Minsk Group"] == "OSCE" && organOf["ISAF"] == "NATO")
        let offices = try Self.read("offices.tsv", header: ["phrase", "country", "sector", "name"])
        for row in offices {
            #expect(!row["phrase"].isEmpty && Self.sectors.contains(row["sector"]), "offices.tsv:\(row.line)")
            #expect(row["country"].isEmpty || codes.contains(row["country"]), "offices.tsv:\(row.line)")
        }
        let phrases = Dictionary(offices.map { ($0["phrase"], $0["country"]) }, uniquingKeysWith: { a, _ in a })
        #expect(phrases["Élysée"] == "FRA" && phrases["Kremlin"] == "RUS" && phrases["Pentagone"] == "USA")
        let groups = try Self.read("groups.tsv", header: ["phrase", "sector", "name"])
        for row in groups {
            #expect(!row["phrase"].isEmpty && Self.sectors.contains(row["sector"]), "groups.tsv:\(row.line)")
        }
        let heads = Dictionary(groups.map { ($0["phrase"], $0["sector"]) }, uniquingKeysWith: { a, _ in a })
        for (phrase, sector) in [
            ("civils", "CVL"), ("manifestants", "CVL"), ("soldats", "MIL"), ("police", "COP"), ("séparatistes", "REB"),
            ("mercenaires", "REB"), ("députés", "LEG"), ("opposition", "OPP"), ("gilets jaunes", "CVL"),
        ] {
            #expect(heads[phrase] == sector, "groups.tsv: \(phrase) should be \(sector)")
        }
    }

    @Test func placesCoverTheDevSetSeedsAndCapitals() throws {
        let codes = Set(try Self.countries().map { $0["code"] })
        let rows = try Self.places()
        var names = Set<String>()
        var kinds: [String: Int] = [:]
        for row in rows {
            let at = "places.tsv:\(row.line)"
            #expect(row["country"].isEmpty || codes.contains(row["country"]), "\(at): country \(row["country"])")
            #expect(["capital", "city", "region", "territory", "site"].contains(row["kind"]), "\(at): kind")
            Self.checkCoordinates(row, "places.tsv")
            #expect(!names.contains(row["name"]), "\(at): \(row["name"]) listed twice")
            names.insert(row["name"])
            names.formUnion(row.list("aliases"))
            kinds[row["kind"], default: 0] += 1
        }
        #expect((kinds["capital"] ?? 0) >= 190)
        for place in [
            "Haut-Karabakh", "Stepanakert", "Chouchi", "Shusha", "Latchine", "Lachin", "corridor de Lachin",
            "corridor de Latchine", "Goris", "Jermuk", "Ganja", "Tartar", "Hadrout", "Syunik", "Nakhitchevan",
            "Bruxelles", "Erevan", "Bakou", "Paris", "Kaboul", "place Tahrir", "Dorlin", "Tombouctou", "Marseille",
            "Minsk", "Genève", "Madrid", "Rome", "Prague", "Alep", "Gaziantep", "Donetsk", "Gaza", "Bamako",
        ] {
            #expect(names.contains(place), "places.tsv lacks \(place)")
        }
    }

    /// countries.tsv and the capitals block of places.tsv are what the generator makes from
    /// ../shared/data/countries.json: a hand edit there would be lost at the next run.
    @Test(
        .enabled(
            if: FileManager.default.fileExists(atPath: Self.countriesJSON),
            "needs ../shared/data/countries.json, the generator's source"))
    func generatedFilesAreInSyncWithTheGenerator() throws {
        let root = URL(fileURLWithPath: Self.directory).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", root.path + "/scripts/gen-countries.py", "--check", Self.countriesJSON]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let message = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(message)")
    }

    static let countriesJSON = URL(fileURLWithPath: directory).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data/countries.json")
        .path

    @Test func versionAndNoticeArePresent() throws {
        let version = try String(contentsOfFile: Self.directory + "/VERSION", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(!version.isEmpty && !version.contains("\n") && !version.contains(" "))
        let notice = try String(contentsOfFile: Self.directory + "/NOTICE", encoding: .utf8)
        #expect(notice.contains("mledoze/countries") && notice.contains("ODbL"))
    }
}

/// Each `~lemma` of a cue stands for all its forms, so a cue with two of them compiles to the
/// product of their counts: 36 passive rows "couvre-feu ... ~être ~instaurer" once made 54,000
/// phrases tried at every "état" and slowed the coder by a third. The bound keeps such a row from
/// coming back unnoticed (a stem, "instaur*", is one phrase).
struct CompiledLexiconSizeTests {
    @Test func theCompiledCuesStayWithinBounds() {
        let compiled = Coding.extractor.compiled
        #expect(compiled.predicates.count < 140_000, "\(compiled.predicates.count) compiled cue phrases")
        #expect(compiled.complements.count < 5_000, "\(compiled.complements.count) compiled complements")
    }
}
