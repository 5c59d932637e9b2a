import Foundation
import Testing
import VigieEval

/// End to end: the built `vigie eval` over the dev dispatches prints exactly what the
/// reference scorer prints for `vigie extract`'s output on the same dispatches.
struct EvalCommandTests {
    static let dev = ReferenceScorer.shared.appendingPathComponent("eval/dev").path

    static func run(_ executable: String, _ args: [String], stdoutTo path: String? = nil) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = args
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        if let path { try data.write(to: URL(fileURLWithPath: path)) }
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// On every clone: extracting and scoring in one command gives what scoring the output of
    /// `vigie extract` gives, on the open dev set.
    @Test func evalExtractsAndScoresTheOpenDevSet() throws {
        let vigie =
            try #require(BuiltExecutables.binDir, "vigie is not built: run swift build --build-tests") + "/vigie"
        let open = ScorerFixture.fixtures + "/dev-open"
        let dir = try ReferenceScorer.makeTempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (extractStatus, _) = try Self.run(vigie, ["extract", open], stdoutTo: dir + "/pred.jsonl")
        #expect(extractStatus == 0)
        let (status, text) = try Self.run(vigie, ["eval", "--gold", open + "/gold", open])
        #expect(status == 0)
        #expect(text.contains("· 12 dispatches, 59 gold,"), "\(text)")
        let (_, fromFile) = try Self.run(vigie, ["eval", "--gold", open + "/gold", "--pred", dir + "/pred.jsonl"])
        #expect(fromFile == text)
    }

    @Test(.enabled(if: BuiltExecutables.ready, "needs python3 and ../shared/eval/dev"))
    func evalOnTheDevSetPrintsWhatScorePyPrints() throws {
        let vigie = try #require(BuiltExecutables.binDir) + "/vigie"
        let dir = try ReferenceScorer.makeTempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let dispatches = try FileManager.default.contentsOfDirectory(atPath: Self.dev)
            .filter { $0.hasSuffix(".txt") }.sorted().map { Self.dev + "/" + $0 }
        #expect(dispatches.count >= 20)
        let (extractStatus, _) = try Self.run(vigie, ["extract"] + dispatches, stdoutTo: dir + "/pred.jsonl")
        #expect(extractStatus == 0)
        let gold = Self.dev + "/gold"
        let reference = try ReferenceScorer.runPython(["--gold", gold, "--pred", dir + "/pred.jsonl"])
        let referenceJSON = try ReferenceScorer.runPython(["--gold", gold, "--pred", dir + "/pred.jsonl", "--json"])

        let (status, text) = try Self.run(vigie, ["eval", "--gold", gold, Self.dev])
        #expect(status == 0)
        #expect(text == reference)
        #expect(text.contains("full F1 "))
        let (_, json) = try Self.run(vigie, ["eval", "--gold", gold, "--json", Self.dev])
        #expect(json == referenceJSON)

        // The same file scored from NDJSON with --pred.
        let (_, fromFile) = try Self.run(vigie, ["eval", "--gold", gold, "--pred", dir + "/pred.jsonl"])
        #expect(fromFile == reference)
    }

    @Test func evalRefusesAMissingGoldDirectoryWithAHint() throws {
        let vigie = try #require(BuiltExecutables.binDir) + "/vigie"
        let (status, _) = try Self.run(vigie, ["eval", "--gold", "/nonexistent/gold", ScorerFixture.fixtures])
        #expect(status == 2)
    }
}

/// Where the built executables are.
enum BuiltExecutables {
    /// The directory holding the built executables: `$VIGIE_BIN_DIR`, or the first directory up
    /// from the running test binary that contains `vigied`.
    static var binDir: String? {
        if let dir = ProcessInfo.processInfo.environment["VIGIE_BIN_DIR"] { return dir }
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while url.path != "/" {
            if FileManager.default.isExecutableFile(atPath: url.appendingPathComponent("vigied").path) {
                return url.path
            }
            url.deleteLastPathComponent()
        }
        return nil
    }

    static var ready: Bool {
        ReferenceScorer.available && binDir.map { FileManager.default.isExecutableFile(atPath: $0 + "/vigie") } ?? false
    }
}
