import Foundation
import Testing
import VigieProtocol

@testable import VigieExtractor

/// Loading and validating lexicons: the bundled set, a directory given at run time, and every
/// error with its file, line and stable code.
struct LexiconLoaderTests {
    /// A copy of the bundled lexicons in a fresh directory, with `file` replaced by `text`.
    func copy(replacing file: String? = nil, with text: String = "") throws -> String {
        let dir = Coding.temporaryDirectory()
        let source = Lexicon.bundledDirectory!.path
        for name in Lexicon.fileNames + ["VERSION"] {
            try FileManager.default.copyItem(atPath: source + "/" + name, toPath: dir + "/" + name)
        }
        if let file {
            try FileManager.default.removeItem(atPath: dir + "/" + file)
            try text.write(toFile: dir + "/" + file, atomically: true, encoding: .utf8)
        }
        return dir
    }

    func loadError(_ file: String, _ text: String) throws -> LexiconError? {
        let dir = try copy(replacing: file, with: text)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        do {
            _ = try Lexicon.load(directory: dir)
            return nil
        } catch {
            return error
        }
    }

    @Test func bundledLexiconLoadsAndNamesItsVersion() throws {
        let lexicon = try Lexicon.bundled()
        #expect(!lexicon.version.isEmpty)
        #expect(lexicon.predicates.count > 100)
        #expect(lexicon.countries.count > 200)
        let record = Coding.events("L'Arménie a décrété la loi martiale.").first
        #expect(record?.coder == Coder(name: "vigie-fr", version: Extractor.coderVersion, lexicon: lexicon.version))
    }

    @Test func aDirectoryGivenAtRunTimeIsUsed() throws {
        let dir = try copy(replacing: "VERSION", with: "test-42\n")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let extractor = Extractor(lexicon: try Lexicon.load(directory: dir))
        #expect(extractor.lexiconVersion == "test-42")
    }

    @Test func wrongHeaderIsReportedWithItsLine() throws {
        let error = try loadError("roles.tsv", "# comment\nphrase\trole\n")
        #expect(error?.code == .badHeader)
        #expect(error?.line == 2)
        #expect(error?.file.hasSuffix("roles.tsv") == true)
    }

    @Test func wrongCellCount() throws {
        let error = try loadError("roles.tsv", "phrase\trole\tsector\nprésident\tpresident\n")
        #expect(error?.code == .columnCount)
        #expect(error?.line == 2)
        #expect(error?.description.contains("roles.tsv:2:") == true)
    }

    @Test func unknownCodes() throws {
        #expect(try loadError("roles.tsv", "phrase\trole\tsector\nprésident\tpresident\tXXX\n")?.code == .unknownCode)
        #expect(
            try loadError("predicates.tsv", "cue\tevent\tmode\tcameo\tkind\tnotes\nfrapper\tHIT\t\t190\tverb\t\n")?.code
                == .unknownCode)
        #expect(
            try loadError("aliases.tsv", "target\tkind\tphrases\nFRANCE\tname\tHexagone\n")?.code == .unknownCode)
    }

    @Test func causesAreCheckedAtLoad() throws {
        let unknownKind = try loadError("causes.tsv", "phrase\tkind\nincendie\tfire\n")
        #expect(unknownKind?.code == .unknownCode && unknownKind?.line == 2)
        let twice = try loadError("causes.tsv", "phrase\tkind\nséisme\tdisaster\nSeisme\tdisaster\n")
        #expect(twice?.code == .duplicate && twice?.line == 3)
        // A ~lemma needs its forms in inflections.tsv.
        #expect(try loadError("causes.tsv", "phrase\tkind\n~zorglub\taccident\n") != nil)
    }

    @Test func topicsAreCheckedAtLoad() throws {
        let unknownTopic = try loadError("topics.tsv", "phrase\ttopic\nmatch\tgames\n")
        #expect(unknownTopic?.code == .unknownCode && unknownTopic?.line == 2)
        #expect(unknownTopic?.description.contains("topics.tsv:2:") == true)
        let twice = try loadError("topics.tsv", "phrase\ttopic\nfilm\tculture\nFilm\tculture\n")
        #expect(twice?.code == .duplicate && twice?.line == 3)
        #expect(try loadError("topics.tsv", "phrase\ttopic\n~zorglub\tsport\n")?.code == .unknownLemma)
    }

    @Test func badNumbersAndDates() throws {
        let place = "name\taliases\tcountry\tlat\tlon\tkind\nGoris\t\tARM\t139.5\t46.3\tcity\n"
        #expect(try loadError("places.tsv", place)?.code == .badNumber)
        let person = "name\taliases\tcountry\tsector\trole\tfrom\tto\nX Y\t\tFRA\tGOV\tpresident\t2017-13\t\n"
        #expect(try loadError("people.tsv", person)?.code == .badDate)
    }

    @Test func contextRowsAreValidatedAndGiveTheRecordsContext() throws {
        let header = "cameo\tcontexts\n"
        let notACode = try loadError("contexts.tsv", header + "0a1\tmilitary\n")
        #expect(notACode?.code == .unknownCode)
        #expect(notACode?.description.contains("contexts.tsv:2:") == true)
        #expect(try loadError("contexts.tsv", header + "190\tMilitary Force\n")?.code == .unknownCode)
        #expect(try loadError("contexts.tsv", header + "190\tmilitary\n190\tlegal\n")?.line == 3)
        #expect(try loadError("contexts.tsv", header + "190\t\n")?.code == .emptyCell)
        // The table is data: an edited file changes what the records say, without touching code.
        let dir = try copy(replacing: "contexts.tsv", with: header + "1724\tlegal|executive\n")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let extractor = Extractor(lexicon: try Lexicon.load(directory: dir))
        let text = "L'Arménie a décrété la loi martiale."
        let dispatch = Dispatch(
            name: "test.txt", sha256: ContentHash.sha256Hex(Array(text.utf8)), published: "2020-10", text: text)
        let record = extractor.extract(dispatch).first
        #expect(record?.cameo == "1724")
        #expect(record?.context == ["legal", "executive"])
        #expect(Coding.events("L'Arménie a décrété la loi martiale.").first?.context == ["legal"])
    }

    @Test func aPersonsOrgMustBeAKnownBody() throws {
        let header = "name\taliases\tcountry\tsector\trole\tfrom\tto\torg\n"
        let unknown = header + "X Y\t\t\tIGO\tofficial\t2019\t\tXYZ\n"
        let error = try loadError("people.tsv", unknown)
        #expect(error?.code == .unknownCode)
        #expect(error?.description.contains("people.tsv:2:") == true)
        // The org cell may be left out, and a file without the column still loads.
        #expect(try loadError("people.tsv", header + "X Y\t\tFRA\tGOV\tminister\t2019\t\n") == nil)
        let old = "name\taliases\tcountry\tsector\trole\tfrom\tto\nX Y\t\tFRA\tGOV\tminister\t2019\t\n"
        #expect(try loadError("people.tsv", old) == nil)
    }

    @Test func missingFileAndEmptyVersion() throws {
        let dir = try copy()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.removeItem(atPath: dir + "/groups.tsv")
        #expect(throws: LexiconError.self) { try Lexicon.load(directory: dir) }
        #expect(try loadError("VERSION", "\n")?.code == .badVersion)
    }
}
