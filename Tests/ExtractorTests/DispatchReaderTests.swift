import Foundation
import Testing
import VigieExtractor

@Suite("Dispatch reading")
struct DispatchReaderTests {
    let reader = DispatchReader()

    func decode(_ bytes: [UInt8], name: String = "d.txt") throws(DispatchError) -> Dispatch {
        try reader.decode(name: name, bytes: bytes)
    }

    // MARK: Header

    @Test func headerGivesThePublicationMonthAndTheTextFollowsOnTheSameLine() throws {
        let d = try decode(Array(" date 2020-10 Le 2 octobre, Emmanuel Macron…\n\nSuite.".utf8))
        #expect(d.published == "2020-10")
        #expect(d.text == "Le 2 octobre, Emmanuel Macron…\n\nSuite.")
    }

    @Test func headerMayGiveADay() throws {
        let d = try decode(Array(" date 2022-09-14 Texte.".utf8))
        #expect(d.published == "2022-09-14")
        #expect(d.text == "Texte.")
    }

    @Test func noHeaderKeepsTheWholeText() throws {
        let d = try decode(Array("Le 2 octobre, la date 2020-10 est passée.".utf8))
        #expect(d.published == nil)
        #expect(d.text == "Le 2 octobre, la date 2020-10 est passée.")
    }

    @Test(arguments: [" date 2020-13 Texte.", " date 20-10 Texte.", " date 2020-10x Texte.", "dates 2020-10 Texte."])
    func malformedHeadersAreText(input: String) throws {
        let d = try decode(Array(input.utf8))
        #expect(d.published == nil)
        #expect(d.text == input)
    }

    // MARK: Encodings

    @Test func utf8IsReadAsIs() throws {
        let d = try decode(Array("Erevan et Bakou s’accusent.".utf8))
        #expect(d.text == "Erevan et Bakou s’accusent.")
        #expect(d.encoding == .utf8)
    }

    @Test func byteOrderMarkIsDropped() throws {
        let d = try decode([0xEF, 0xBB, 0xBF] + Array(" date 2020-10 Arménie.".utf8))
        #expect(d.encoding == .utf8BOM)
        #expect(d.published == "2020-10")
        #expect(d.text == "Arménie.")
    }

    @Test func crlfAndLoneCRBecomeLF() throws {
        let d = try decode(Array("Un.\r\n\r\nDeux.\rTrois.".utf8))
        #expect(d.text == "Un.\n\nDeux.\nTrois.")
    }

    @Test func latin1BytesAreDecodedAsWindows1252() throws {
        // "Arménie à Erevan" in Latin-1, and a Windows-1252 right quote (0x92) and euro sign (0x80).
        let bytes: [UInt8] =
            Array("Arm".utf8) + [0xE9] + Array("nie ".utf8) + [0xE0] + Array(" Erevan l".utf8)
            + [0x92] + Array("accord 5 ".utf8) + [0x80]
        let d = try decode(bytes)
        #expect(d.encoding == .windows1252)
        #expect(d.text == "Arménie à Erevan l’accord 5 €")
    }

    @Test func mixedFilesKeepTheirValidUTF8() throws {
        let bytes: [UInt8] = Array("Çavuşoğlu ".utf8) + [0xE9] + Array("t".utf8) + [0xE9]
        let d = try decode(bytes)
        #expect(d.text == "Çavuşoğlu été")
        #expect(d.encoding == .windows1252)
    }

    @Test func overlongAndTruncatedSequencesAreNotUTF8() throws {
        #expect(try decode([0x41, 0xC0, 0xAF]).text == "AÀ¯")
        #expect(try decode([0x41, 0xE2, 0x82]).text == "Aâ‚")
    }

    @Test func sha256IsOfTheRawBytes() throws {
        let d = try decode(Array("abc".utf8))
        #expect(d.sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let long = try decode(Array(String(repeating: "a", count: 1000).utf8))
        #expect(long.sha256 == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }

    // MARK: Refusals

    @Test func emptyFileIsRefused() {
        #expect(throws: DispatchError.self) { try decode([]) }
        do {
            _ = try decode([], name: "vide.txt")
        } catch {
            #expect(error.code == .empty)
            #expect(error.path == "vide.txt")
        }
    }

    @Test func whiteSpaceOnlyAndHeaderOnlyAreEmpty() {
        for input in ["  \n\n\t ", " date 2020-10 ", " date 2020-10\n\n"] {
            do {
                _ = try decode(Array(input.utf8))
                Issue.record("\(input.debugDescription) was accepted")
            } catch {
                #expect(error.code == .empty)
            }
        }
    }

    @Test func binaryFileIsRefused() {
        do {
            _ = try decode([0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0x41])
            Issue.record("binary accepted")
        } catch {
            #expect(error.code == .binary)
            #expect(error.description.contains("NUL"))
        }
    }

    @Test func oversizedBytesAreRefused() {
        let small = DispatchReader(maxBytes: 10)
        do {
            _ = try small.decode(name: "big.txt", bytes: Array(repeating: 0x41, count: 11))
            Issue.record("oversized accepted")
        } catch {
            #expect(error.code == .tooLarge)
            #expect(error.message.contains("10-byte limit"))
        }
        #expect((try? small.decode(name: "ok.txt", bytes: Array(repeating: 0x41, count: 10))) != nil)
    }

    // MARK: Files

    func temporaryDirectory() throws -> String {
        var template = Array((NSTemporaryDirectory() + "/vigie-reader-XXXXXX").utf8CString)
        let path = try #require(template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) })
        return String(cString: path)
    }

    @Test func fileOverTheLimitIsRefusedBeforeReading() throws {
        let dir = try temporaryDirectory()
        let path = dir + "/big.txt"
        // A sparse 50 MB file: refused from its size, never read into memory.
        #expect(FileManager.default.createFile(atPath: path, contents: Data("x".utf8)))
        #expect(truncate(path, 50_000_000) == 0)
        do {
            _ = try reader.read(path: path)
            Issue.record("accepted")
        } catch {
            #expect(error.code == .tooLarge)
            #expect(error.path == path)
        }
    }

    @Test func readingAFileNamesTheDispatchAfterTheFile() throws {
        let dir = try temporaryDirectory()
        let path = dir + "/001_dispatch.txt"
        try Data(" date 2022-09 Texte.".utf8).write(to: URL(fileURLWithPath: path))
        let d = try reader.read(path: path)
        #expect(d.name == "001_dispatch.txt")
        #expect(d.published == "2022-09")
        #expect(d.reference.name == "001_dispatch.txt")
    }

    @Test func directoriesSymlinksAndMissingFilesAreRefused() throws {
        let dir = try temporaryDirectory()
        #expect(throws: DispatchError.self) { try reader.read(path: dir) }
        let target = dir + "/t.txt"
        try Data("Texte.".utf8).write(to: URL(fileURLWithPath: target))
        #expect(symlink(target, dir + "/link.txt") == 0)
        do {
            _ = try reader.read(path: dir + "/link.txt")
            Issue.record("symlink accepted")
        } catch {
            #expect(error.code == .notRegularFile)
        }
        do {
            _ = try reader.read(path: dir + "/missing.txt")
            Issue.record("missing accepted")
        } catch {
            #expect(error.code == .unreadable)
        }
    }
}
