import Foundation
import Testing
import VigieEval
import VigieExtractor
import VigieProtocol

/// The Swift scorer against the reference `score.py`: the same predictions and gold, scored by
/// both, must print the same table and the same JSON (so the numbers agree to every decimal).
/// The cases are built from the dev gold by mutations that exercise every rule: dropped and
/// duplicated events, swapped and replaced actors, CONSULT participants, org-only entities,
/// wrong/coarse/refined dates, modes, sizes, optional golds, stream messages and odd lines.
@Suite(.enabled(if: ReferenceScorer.available, "needs python3 and ../shared/eval"))
struct ScorerAgreementTests {
    @Test func goldScoredAgainstItselfAgrees() throws {
        let lines = try ReferenceScorer.devGoldLines()
        try ReferenceScorer.expectAgreement(goldLines: lines, predLines: lines.map { $0.1 })
    }

    @Test func noPredictionsAgrees() throws {
        let lines = try ReferenceScorer.devGoldLines()
        try ReferenceScorer.expectAgreement(goldLines: lines, predLines: [])
    }

    @Test(arguments: [UInt64](1...16))
    func mutatedPredictionsAgree(seed: UInt64) throws {
        var rng = SplitMix(seed: seed)
        let lines = try ReferenceScorer.devGoldLines()
        let gold = lines.map { ($0.0, Mutator.mutateGold($0.1, &rng)) }
        var preds: [JSONValue] = []
        for (_, record) in gold {
            preds += Mutator.predictions(from: record, &rng)
        }
        // Shuffle within the whole file: matching order then differs from gold order.
        if seed % 2 == 0 { rng.shuffle(&preds) }
        preds += Mutator.oddLines
        try ReferenceScorer.expectAgreement(goldLines: gold, predLines: preds, crlf: seed % 3 == 0)
    }

    /// The same predictions in any order give the same text and JSON, both here and in score.py.
    @Test(arguments: [UInt64](1...6))
    func shuffledPredictionsAgree(seed: UInt64) throws {
        var rng = SplitMix(seed: seed)
        let lines = try ReferenceScorer.devGoldLines()
        var preds = lines.flatMap { Mutator.predictions(from: $0.1, &rng) }
        rng.shuffle(&preds)
        try ReferenceScorer.expectAgreement(goldLines: lines, predLines: preds)
    }

    /// What the coder really gives on every dev set present, scored by both.
    @Test(arguments: ["dev", "dev2", "dev3"])
    func theCodersOutputAgrees(set: String) throws {
        let directory = ReferenceScorer.shared.appendingPathComponent("eval/\(set)").path
        guard FileManager.default.fileExists(atPath: directory + "/gold") else {
            try Test.cancel("../shared/eval/\(set) is not here")
        }
        let goldLines = try ReferenceScorer.goldLines(directory + "/gold")
        let reader = DispatchReader()
        var preds: [JSONValue] = []
        for name in Set(goldLines.map(\.0)).sorted() {
            let dispatch = try reader.read(path: directory + "/" + name)
            for record in Coding.extractor.extract(dispatch) {
                preds.append(try JSONReader.parse(bytes: LineCodec.encode(record)))
            }
        }
        try ReferenceScorer.expectAgreement(goldLines: goldLines, predLines: preds, addEmptyGold: false)
    }

    @Test func onlyListAgrees() throws {
        var rng = SplitMix(seed: 99)
        let lines = try ReferenceScorer.devGoldLines()
        let preds = lines.flatMap { Mutator.predictions(from: $0.1, &rng) }
        let names = Set(lines.map { $0.0 }).sorted().enumerated().filter { $0.offset % 3 == 0 }.map(\.element)
        try ReferenceScorer.expectAgreement(goldLines: lines, predLines: preds, only: names)
    }
}

/// Rules checked on hand-made cases, without the reference.
struct ScorerRuleTests {
    static func record(
        _ event: String, actor: [String] = [], recipient: [String] = [], date: String? = nil,
        optional: Bool = false
    ) -> JSONValue {
        func entities(_ keys: [String]) -> JSONValue {
            .array(
                keys.map { k in
                    var o = JSONObject()
                    if k.hasPrefix("ORG:") {
                        o["org"] = .string(String(k.dropFirst(4)))
                    } else {
                        o["country"] = .string(k)
                    }
                    return .object(o)
                })
        }
        var o = JSONObject()
        o["dispatch"] = .string("d.txt")
        o["event"] = .string(event)
        o["actor"] = entities(actor)
        o["recipient"] = entities(recipient)
        o["date"] = date.map(JSONValue.string) ?? .null
        o["optional"] = .bool(optional)
        return .object(o)
    }

    @Test func augmentingPathFindsTheMaximumMatching() {
        // p0 fits both golds, p1 only the first: a greedy match would pair p0-g0 and lose p1.
        let golds = [Self.record("ACCUSE", actor: ["ARM"]), Self.record("ACCUSE", actor: ["AZE"])]
        let preds = [Self.record("ACCUSE", actor: ["ARM", "AZE"]), Self.record("ACCUSE", actor: ["ARM"])]
        let report = Scorer(gold: ["d.txt": golds], predictions: ["d.txt": preds]).score()
        #expect(report.full.tp == 2)
        #expect(report.full.fp == 0)
    }

    @Test func consultNeedsTwoSharedKeysOrTheWholeGoldUnion() {
        let gold = [Self.record("CONSULT", actor: ["FRA"], recipient: ["AZE"])]
        let oneSide = Scorer(
            gold: ["d.txt": gold], predictions: ["d.txt": [Self.record("CONSULT", actor: ["AZE"])]]
        ).score()
        #expect(oneSide.full.tp == 0)
        #expect(oneSide.type.tp == 1)
        let reversed = Scorer(
            gold: ["d.txt": gold],
            predictions: ["d.txt": [Self.record("CONSULT", actor: ["AZE"], recipient: ["FRA"])]]
        ).score()
        #expect(reversed.full.tp == 1)
    }

    @Test func optionalGoldAbsorbsAPredictionWithoutCredit() {
        let golds = [Self.record("ASSAULT", actor: ["ARM"]), Self.record("PROTEST", optional: true)]
        let preds = [Self.record("ASSAULT", actor: ["ARM"]), Self.record("PROTEST")]
        let report = Scorer(gold: ["d.txt": golds], predictions: ["d.txt": preds]).score()
        #expect(report.full.tp == 1)
        #expect(report.full.fp == 0)
        #expect(report.full.fn == 0)
        #expect(report.goldEvents == 1)
    }

    @Test func aRefinedDateIsRightAndACoarserOneIsNot() {
        let gold = [
            Self.record("AID", actor: ["FRA"], date: "2020-10"), Self.record("AID", actor: ["USA"], date: "2020"),
        ]
        let preds = [
            Self.record("AID", actor: ["FRA"], date: "2020"), Self.record("AID", actor: ["USA"], date: "2020-10-02"),
        ]
        let report = Scorer(gold: ["d.txt": gold], predictions: ["d.txt": preds]).score()
        #expect(report.accuracy["date"]?.correct == 1)
        #expect(report.accuracy["date"]?.scored == 2)
    }

    /// Two equally compatible predictions (the same parties twice, two dates and tolls) are
    /// paired with the golds they agree with, whatever their order: dispatch 022's case.
    @Test(arguments: [false, true])
    func equallyCompatiblePredictionsPairWithTheGoldsTheyAgreeWith(reversed: Bool) {
        func clash(_ date: String, dead: Int) -> JSONValue {
            var size = JSONObject()
            size["dead"] = .int(dead)
            return Mutator.set(
                Self.record("ASSAULT", actor: ["AZE"], recipient: ["ARM"], date: date), "size", .object(size))
        }
        let golds = [clash("2022-09", dead: 300), clash("2020-09", dead: 6500)]
        let preds = reversed ? golds.reversed() : golds
        let report = Scorer(gold: ["d.txt": golds], predictions: ["d.txt": Array(preds)]).score()
        #expect(report.full.tp == 2)
        #expect(report.accuracy["size"]?.correct == 2)
        #expect(report.accuracy["date"]?.correct == 2)
    }

    /// Any order of the same predictions gives the same report (checked on the open dev gold
    /// with mutated predictions, so ties between matchings really occur).
    @Test(arguments: [UInt64](1...8))
    func theOrderOfPredictionsNeverChangesTheScore(seed: UInt64) throws {
        var rng = SplitMix(seed: seed)
        let gold = try GoldLoader.load(path: ScorerFixture.gold)
        var lines = gold.keys.sorted().flatMap { name in
            (gold[name] ?? []).flatMap { Mutator.predictions(from: $0, &rng) }
        }
        func report(_ lines: [JSONValue]) -> ScoreReport {
            var set = PredictionSet()
            for line in lines { set.add(message: line) }
            return Scorer(gold: gold, predictions: set.byDispatch).score()
        }
        let first = report(lines)
        rng.shuffle(&lines)
        let second = report(lines)
        #expect(first.full == second.full)
        #expect(first.type == second.type)
        #expect(first.accuracy == second.accuracy)
        #expect(first.text() == second.text())
        #expect(first.json() == second.json())
    }

    @Test func orgKeysMatchWhenThereIsNoCountry() {
        let gold = [Self.record("REQUEST", actor: ["ORG:EU"], recipient: ["AZE"])]
        let preds = [Self.record("REQUEST", actor: ["ORG:eu"], recipient: ["aze"])]
        let report = Scorer(gold: ["d.txt": gold], predictions: ["d.txt": preds]).score()
        #expect(report.full.tp == 1)
    }
}

/// Runs `../shared/eval/score.py` and the Swift scorer on the same files.
enum ReferenceScorer {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let shared = root.deletingLastPathComponent().appendingPathComponent("shared")
    static let script = shared.appendingPathComponent("eval/score.py").path
    static let devGold = shared.appendingPathComponent("eval/dev/gold").path

    static var available: Bool {
        FileManager.default.fileExists(atPath: script) && FileManager.default.fileExists(atPath: devGold)
            && FileManager.default.isExecutableFile(atPath: "/usr/bin/env")
    }

    /// Every dev gold record, with the file it came from.
    static func devGoldLines() throws -> [(String, JSONValue)] { try goldLines(devGold) }

    /// Every gold record of a gold directory, with the dispatch it belongs to (a dispatch whose
    /// file holds no record gives no line).
    static func goldLines(_ directory: String) throws -> [(String, JSONValue)] {
        var out: [(String, JSONValue)] = []
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".jsonl") }
            .sorted()
        for name in names {
            let text = try String(contentsOfFile: directory + "/" + name, encoding: .utf8)
            for line in text.split(separator: "\n") where !line.trimmingCharacters(in: .whitespaces).isEmpty {
                out.append((String(name.dropLast(6)), try JSONReader.parse(line)))
            }
        }
        return out
    }

    static func makeTempDir() throws -> String {
        var template = Array((NSTemporaryDirectory() + "/vigie-scorer-XXXXXX").utf8CString)
        guard let p = mkdtemp(&template) else { throw CocoaError(.fileWriteUnknown) }
        return String(cString: p)
    }

    static func expectAgreement(
        goldLines: [(String, JSONValue)], predLines: [JSONValue], only: [String]? = nil, crlf: Bool = false,
        addEmptyGold: Bool = true, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let goldDir = dir + "/gold"
        try FileManager.default.createDirectory(atPath: goldDir, withIntermediateDirectories: true)
        var files: [String: String] = [:]
        for (file, record) in goldLines {
            files[file, default: ""] += JSONWriter.compact(record) + "\n"
        }
        // A gold file with no events: the dispatch still counts.
        if addEmptyGold { files["zz_empty.txt", default: ""] += "" }
        for (file, text) in files {
            try text.write(toFile: goldDir + "/" + file + ".jsonl", atomically: true, encoding: .utf8)
        }
        let eol = crlf ? "\r\n" : "\n"
        let predText = predLines.map { JSONWriter.compact($0) }.joined(separator: eol) + eol + eol
        let predPath = dir + "/pred.jsonl"
        try predText.write(toFile: predPath, atomically: true, encoding: .utf8)
        var args = ["--gold", goldDir, "--pred", predPath]
        var onlySet: Set<String>?
        if let only {
            try (only.joined(separator: "\n") + "\n").write(
                toFile: dir + "/only.txt", atomically: true, encoding: .utf8)
            args += ["--only", dir + "/only.txt"]
            onlySet = Set(only)
        }
        let pyText = try runPython(args)
        let pyJSON = try runPython(args + ["--json"])

        let gold = try GoldLoader.load(path: goldDir)
        let preds = try PredictionSet.parse(ndjson: Array(predText.utf8))
        let report = Scorer(gold: gold, predictions: preds.byDispatch, only: onlySet).score()
        #expect(report.text() == pyText, sourceLocation: sourceLocation)
        #expect(report.json() == pyJSON, sourceLocation: sourceLocation)
        // The numbers themselves, to three decimals, as the issue states the requirement.
        let parsed = try JSONReader.parse(pyJSON)
        for level in ["type", "full"] {
            let counts = level == "type" ? report.type : report.full
            for (key, value) in [("precision", counts.precision), ("recall", counts.recall), ("f1", counts.f1)] {
                guard case .number(let reference)? = parsed[level]?[key] else {
                    Issue.record("no \(level).\(key) in score.py's JSON", sourceLocation: sourceLocation)
                    continue
                }
                #expect(abs(reference - value) < 0.0005, "\(level) \(key)", sourceLocation: sourceLocation)
            }
        }
    }

    static func runPython(_ args: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script] + args
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "score.py \(args) failed")
        return String(decoding: data, as: UTF8.self)
    }
}

/// Deterministic pseudo-random numbers (SplitMix64), so every case is reproducible.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

    mutating func shuffle<T>(_ a: inout [T]) {
        guard a.count > 1 else { return }
        for i in stride(from: a.count - 1, to: 0, by: -1) { a.swapAt(i, below(i + 1)) }
    }
}

/// Mutations of gold records into plausible (and implausible) predictions.
enum Mutator {
    static let events = ["ASSAULT", "ACCUSE", "REQUEST", "CONSULT", "AGREE", "PROTEST", "COERCE", "SUPPORT"]
    static let countries = ["ARM", "AZE", "FRA", "RUS", "USA", "TUR", "NKR", "afg", "Egy"]
    static let orgs = ["EU", "UN", "osce", "ICJ"]
    static let modes = ["phone", "visit", "demo", "aerial", "yield", "meet", ""]

    static func set(_ v: JSONValue, _ key: String, _ new: JSONValue?) -> JSONValue {
        guard case .object(var o) = v else { return v }
        o[key] = new
        return .object(o)
    }

    static func randomEntity(_ rng: inout SplitMix) -> JSONValue {
        var o = JSONObject()
        switch rng.below(5) {
        case 0, 1, 2: o["country"] = .string(countries[rng.below(countries.count)])
        case 3:
            o["country"] = .null
            o["org"] = .string(orgs[rng.below(orgs.count)])
        default: o["name"] = .string("quelqu'un")
        }
        o["sector"] = .string("GOV")
        return .object(o)
    }

    static func randomEntities(_ rng: inout SplitMix) -> JSONValue {
        .array((0..<rng.below(3)).map { _ in randomEntity(&rng) })
    }

    /// Gold-side changes: optional flags, sizes with nulls, missing dates and modes.
    static func mutateGold(_ g: JSONValue, _ rng: inout SplitMix) -> JSONValue {
        var g = g
        if rng.chance(10) { g = set(g, "optional", .bool(true)) }
        if rng.chance(5) { g = set(g, "optional", .int(1)) }
        if rng.chance(8) {
            var size = JSONObject()
            size["dead"] = .int(rng.below(5))
            size["injured"] = rng.chance(50) ? .null : .int(rng.below(30))
            g = set(g, "size", .object(size))
        }
        if rng.chance(5) { g = set(g, "date", .null) }
        if rng.chance(5) { g = set(g, "mode", .string("")) }
        return g
    }

    /// Zero, one or more predictions made from one gold record.
    static func predictions(from g: JSONValue, _ rng: inout SplitMix) -> [JSONValue] {
        if rng.chance(15) { return [] }
        var p = g
        p = set(p, "optional", nil)
        switch rng.below(14) {
        case 0: p = set(set(p, "actor", g["recipient"]), "recipient", g["actor"])
        case 1: p = set(p, "event", .string(events[rng.below(events.count)]))
        case 2: p = set(p, "actor", randomEntities(&rng))
        case 3: p = set(p, "recipient", randomEntities(&rng))
        case 4:
            // One CONSULT side only.
            p = set(p, rng.chance(50) ? "actor" : "recipient", .array([]))
        case 5:
            let d = g["date"]?.stringValue ?? "2020"
            p = set(p, "date", .string(rng.chance(50) ? String(d.prefix(4)) : d + "-15"))
        case 6: p = set(p, "date", rng.chance(50) ? .null : .string("1999-01"))
        case 7: p = set(p, "mode", .string(modes[rng.below(modes.count)]))
        case 8:
            var size = JSONObject()
            size["dead"] = .int(rng.below(5))
            if rng.chance(50) { size["injured"] = .int(rng.below(30)) }
            p = set(p, "size", rng.chance(20) ? .array([]) : .object(size))
        case 9: p = set(p, "size", nil)
        case 10: p = set(p, "actor", .array([.string("ARM"), .int(3), .null]))
        case 11: p = set(p, "actor", .object(JSONObject()))
        default: break
        }
        var out = [p]
        if rng.chance(10) { out.append(p) }
        if rng.chance(10) { out.append(set(p, "event", .string(events[rng.below(events.count)]))) }
        return out.map { wrap($0, &rng) }
    }

    /// Some predictions arrive as stream messages, or with the dispatch as a reference object.
    static func wrap(_ p: JSONValue, _ rng: inout SplitMix) -> JSONValue {
        switch rng.below(6) {
        case 0:
            var m = JSONObject()
            m["type"] = .string("event")
            m["seq"] = .int(rng.below(1000))
            m["event"] = p
            return .object(m)
        case 1:
            var ref = JSONObject()
            ref["name"] = .string("/var/drop/" + (p["dispatch"]?.stringValue ?? ""))
            ref["sha256"] = .string("00")
            return set(p, "dispatch", .object(ref))
        default: return p
        }
    }

    /// Lines the scorer must skip or set apart.
    static var oddLines: [JSONValue] {
        var heartbeat = JSONObject()
        heartbeat["type"] = .string("heartbeat")
        heartbeat["last_seq"] = .int(4)
        var unknown = JSONObject()
        unknown["dispatch"] = .string("not-in-gold.txt")
        unknown["event"] = .string("AID")
        var noDispatch = JSONObject()
        noDispatch["event"] = .string("AID")
        var emptyName = JSONObject()
        emptyName["dispatch"] = .string("dir/")
        emptyName["event"] = .string("AID")
        return [.object(heartbeat), .object(unknown), .object(noDispatch), .object(emptyName), .array([]), .int(7)]
    }
}
