import Foundation
import Testing

@testable import VigieLanguage

// The transition systems on hand-made states (no model needed), then the parser and the
// recognizer against spaCy's own output.
//
// The comparison with spaCy reads a dump made by scripts/language/dump-tokvecs.py in the
// test-only Python environment (the texts are not ours to commit, so the dump lives outside the
// repository), e.g.
//
//   .build/spacy-venv/bin/python scripts/language/dump-tokvecs.py \
//       --out .build/language-fixtures/transitions \
//       seeds/*.txt /work/shared/eval/dev/*.txt /work/shared/eval/dev2/*.txt
//
// VIGIE_PARSER_FIXTURES overrides where the dump is looked for; the model is found as
// everywhere else (ModelLocation: VIGIE_MODEL, then the build tree).

private let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

private let modelDirectory = ModelLocation.resolve()

private let fixturesDirectory: URL = {
    if let path = ProcessInfo.processInfo.environment["VIGIE_PARSER_FIXTURES"] {
        return URL(fileURLWithPath: path)
    }
    return repositoryRoot.appendingPathComponent(".build/language-fixtures/transitions")
}()

private let modelAvailable = FileManager.default.fileExists(
    atPath: modelDirectory.appendingPathComponent("manifest.json").path)
private let fixturesAvailable =
    modelAvailable
    && FileManager.default.fileExists(atPath: fixturesDirectory.appendingPathComponent("index.json").path)

// MARK: Arc-eager

@Suite struct ArcEagerTests {
    let system: ArcEager

    init() throws {
        system = try ArcEager(moveNames: ["S", "D", "L-nsubj", "L-subtok", "R-obj", "B-ROOT"])
    }

    func valid(_ state: TransitionState) -> [String: Bool] {
        var flags = [Bool](repeating: false, count: system.moves.count)
        flags.withUnsafeMutableBufferPointer { system.validity(state, into: $0.baseAddress!) }
        let names = ["S", "D", "L-nsubj", "L-subtok", "R-obj", "B-ROOT"]
        return Dictionary(uniqueKeysWithValues: zip(names, flags))
    }

    @Test func readsMoveNames() throws {
        #expect(system.labels == ["", "nsubj", "subtok", "obj", "ROOT"])
        #expect(system.moves.map(\.action) == [.shift, .reduce, .left, .left, .right, .breakSentence])
        #expect(system.moves[3].isSubtoken)
        #expect(throws: LanguageError.self) { try ArcEager(moveNames: ["X-foo"]) }
    }

    @Test func freshState() {
        let state = TransitionState(length: 4)
        let v = valid(state)
        // Empty stack: only Shift, and Break (B1 = B0 + 1, not a start).
        #expect(v["S"] == true && v["D"] == false && v["L-nsubj"] == false && v["R-obj"] == false)
        #expect(v["B-ROOT"] == true)
        #expect(state.isSentStart(0) && !state.isSentStart(1))
    }

    @Test func breakBlocksArcsAcrossSentences() {
        var state = TransitionState(length: 4)
        system.apply(system.moves[0], to: &state)  // S: stack [0], buffer [1 2 3]
        #expect(valid(state).values.allSatisfy { $0 })
        system.apply(system.moves[5], to: &state)  // B: token 2 starts a sentence
        #expect(state.isSentStart(2))
        #expect(valid(state)["B-ROOT"] == false)  // B1 = 2 is already a start
        system.apply(system.moves[4], to: &state)  // R-obj: 0 -> 1, stack [0 1], buffer [2 3]
        #expect(state.heads[1] == 0 && state.S(0) == 1 && state.B(0) == 2)
        let v = valid(state)
        // B0 starts a sentence: no arc to it, no Shift onto a non-empty stack; Reduce only.
        #expect(v["S"] == false && v["L-nsubj"] == false && v["R-obj"] == false && v["D"] == true)
    }

    @Test func reduceWithoutHeadUnshifts() {
        var state = TransitionState(length: 4)
        system.apply(system.moves[0], to: &state)  // S: [0]
        system.apply(system.moves[0], to: &state)  // S: [0 1]
        system.apply(system.moves[1], to: &state)  // D: 1 has no head and 0 is below: back to the buffer
        #expect(state.stack == [0] && state.B(0) == 1 && state.B(1) == 2 && state.isUnshiftable(1))
        let v = valid(state)
        #expect(v["S"] == false && v["R-obj"] == true)
        // Break needs B1 = B0 + 1: here 1, 2.
        #expect(v["B-ROOT"] == true)
        system.apply(system.moves[2], to: &state)  // L-nsubj: 1 -> 0, 1 reshiftable
        #expect(state.heads[0] == 1 && state.stack.isEmpty && !state.isUnshiftable(1))
        system.apply(system.moves[0], to: &state)  // S: [1] (the rebuffer first)
        #expect(state.stack == [1] && state.B(0) == 2)
        system.apply(system.moves[1], to: &state)  // D: alone on the stack, a root
        #expect(state.stack.isEmpty && state.heads[1] == -1)
    }

    @Test func subtokenNeedsAdjacentWords() {
        var state = TransitionState(length: 4)
        system.apply(system.moves[0], to: &state)  // S: [0], B0 = 1
        #expect(valid(state)["L-subtok"] == true)
        system.apply(system.moves[4], to: &state)  // R-obj: 0 -> 1, [0 1]
        system.apply(system.moves[1], to: &state)  // D: 1 has a head, popped: [0], B0 = 2
        #expect(state.stack == [0] && state.B(0) == 2)
        let v = valid(state)
        #expect(v["L-subtok"] == false && v["L-nsubj"] == true)
    }

    @Test func presetSentenceStartsForbidReduceToRoot() {
        // A document saying token 1 cannot start a sentence: Reduce of a lone stack item is
        // invalid (it would make B0 a sentence start), Break to it too.
        var state = TransitionState(length: 3, presetSentStarts: [1, -1, 0])
        #expect(valid(state)["B-ROOT"] == false)
        system.apply(system.moves[0], to: &state)
        #expect(valid(state)["D"] == false)
        #expect(state.cannotSentStart(1) && !state.cannotSentStart(2))
    }

    @Test func contextTokensAndChildren() {
        var state = TransitionState(length: 6)
        // 0 <-L- 2, then 1 <-L- 2, 2 -R-> 3, 3 -R-> 4.
        state.push()
        state.push()
        #expect(state.stack == [0, 1])
        state.addArc(head: 2, child: 1, label: 1)
        state.pop()
        state.addArc(head: 2, child: 0, label: 1)
        state.pop()
        state.push()  // [2]
        state.addArc(head: 2, child: 3, label: 3)
        state.push()  // [2 3]
        state.addArc(head: 3, child: 4, label: 3)
        state.push()  // [2 3 4], buffer [5]
        var ids = [Int32](repeating: 99, count: 8)
        ids.withUnsafeMutableBufferPointer { state.contextTokens(into: $0.baseAddress!, count: 8) }
        // B0, B1, S0, S1, S2, L(B0), L(S0), R(S0)
        #expect(ids == [5, -1, 4, 3, 2, -1, -1, -1])
        // The most recent left child first: 0 was attached after 1.
        #expect(state.L(2, 1) == 0 && state.L(2, 2) == 1 && state.L(2, 3) == -1)
        #expect(state.R(2, 1) == 3 && state.R(3, 1) == 4)
    }

    @Test func reattachingKeepsStaleArcsLikeSpaCy() {
        // spaCy (StateClass): add_arc(5, 1), add_arc(5, 2), add_arc(0, 1) leaves L(5, 1) == 2,
        // L(5, 2) == 1 and n_L(5) == 2, since only a head's last arc is really deleted.
        var state = TransitionState(length: 6)
        state.addArc(head: 5, child: 1, label: 0)
        state.addArc(head: 5, child: 2, label: 0)
        state.addArc(head: 0, child: 1, label: 0)
        #expect(state.L(5, 1) == 2 && state.L(5, 2) == 1 && state.arcCount(of: 5, left: true) == 2)
        #expect(state.H(1) == 0 && state.R(0, 1) == 1)
        // The last arc is popped.
        state.addArc(head: 3, child: 2, label: 0)
        #expect(state.L(5, 1) == 1 && state.arcCount(of: 5, left: true) == 1)
    }
}

// MARK: BILUO

@Suite struct BILUOTests {
    let system: BILUO

    init() throws {
        system = try BILUO(moveNames: [
            "B-LOC", "B-PER", "I-LOC", "I-PER", "L-LOC", "L-PER", "U-LOC", "U-PER", "U-", "O",
        ])
    }

    func validNames(_ state: TransitionState, isSpace: [Bool], presets: BILUO.Presets = .none) -> Set<String> {
        let names = ["B-LOC", "B-PER", "I-LOC", "I-PER", "L-LOC", "L-PER", "U-LOC", "U-PER", "U-", "O"]
        var result = Set<String>()
        for (name, move) in zip(names, system.moves)
        where BILUO.isValid(move, state, isSpace: isSpace, presets: presets) {
            result.insert(name)
        }
        return result
    }

    @Test func readsMoveNames() {
        #expect(system.labels == ["", "LOC", "PER"])
        #expect(system.moves[8] == BILUO.Move(action: .unit, label: 0))
        #expect(system.moves[9] == BILUO.Move(action: .out, label: 0))
    }

    @Test func outsideAnEntity() {
        let state = TransitionState(length: 3, presetSentStarts: [1, -1, -1])
        #expect(validNames(state, isSpace: [false, false, false]) == ["B-LOC", "B-PER", "U-LOC", "U-PER", "O"])
        // Nothing starts on white space.
        #expect(validNames(state, isSpace: [true, false, false]) == ["O"])
        // No entity across a sentence start: B is out when B1 starts a sentence.
        let beforeStart = TransitionState(length: 3, presetSentStarts: [1, 1, -1])
        #expect(validNames(beforeStart, isSpace: [false, false, false]) == ["U-LOC", "U-PER", "O"])
    }

    @Test func insideAnEntity() {
        var state = TransitionState(length: 4, presetSentStarts: [1, -1, -1, 1])
        system.apply(system.moves[1], to: &state)  // B-PER at 0
        #expect(state.entityIsOpen && state.B(0) == 1)
        #expect(validNames(state, isSpace: [false, true, false, false]) == ["I-PER", "L-PER"])
        system.apply(system.moves[3], to: &state)  // I-PER at 1
        // B1 = 3 starts a sentence: the entity must end here.
        #expect(validNames(state, isSpace: [false, false, false, false]) == ["L-PER"])
        system.apply(system.moves[5], to: &state)  // L-PER at 2
        #expect(state.entities == [TransitionState.Entity(start: 0, end: 3, label: 2)])
        // The last token: no B, no I.
        #expect(validNames(state, isSpace: [false, false, false, false]) == ["U-LOC", "U-PER", "O"])
        system.apply(system.moves[9], to: &state)
        #expect(state.isFinal)
    }

    @Test func presetEntities() {
        let state = TransitionState(length: 3, presetSentStarts: [1, -1, -1])
        // A preset blocked token (B with no label): only the label-less U.
        let blocked = BILUO.Presets(iob: [3, 2, 2], labels: [0, 0, 0])
        #expect(validNames(state, isSpace: [false, false, false], presets: blocked) == ["U-"])
        // A preset B-LOC I-LOC: B-LOC only, even across white space.
        let location = BILUO.Presets(iob: [3, 1, 2], labels: [1, 1, 0])
        #expect(validNames(state, isSpace: [true, false, false], presets: location) == ["B-LOC"])
    }
}

// MARK: Trees

@Suite struct DependencyTreeTests {
    // Expected values printed by spaCy 3.8 (nonproj.deprojectivize on a Doc with these heads
    // and labels).
    @Test func deprojectivizeFindsTheDecoratedHead() {
        var tree = DependencyTree(
            heads: [1, 1, 3, 1, 1, 1], labels: ["nsubj", "ROOT", "det", "obj", "advmod||obj", "punct"])
        tree.deprojectivize(isSpace: [Bool](repeating: false, count: 6))
        #expect(tree.heads == [1, 1, 3, 1, 3, 1])
        #expect(tree.labels == ["nsubj", "ROOT", "det", "obj", "advmod", "punct"])
        #expect(tree.sentStarts == [1, -1, -1, -1, -1, -1])
    }

    @Test func deprojectivizeSkipsWhiteSpaceAndKeepsTheHeadWithoutMatch() {
        var tree = DependencyTree(heads: [1, 1, 1, 1, 1], labels: ["nsubj", "ROOT", "obj", "obj", "amod||obj"])
        tree.deprojectivize(isSpace: [false, false, true, false, false])
        #expect(tree.heads == [1, 1, 1, 1, 3] && tree.labels[4] == "amod")
        var unmatched = DependencyTree(
            heads: [1, 1, 1, 4, 4, 4], labels: ["x", "ROOT", "y", "z", "ROOT", "w||y"])
        unmatched.deprojectivize(isSpace: [Bool](repeating: false, count: 6))
        #expect(unmatched.heads == [1, 1, 1, 4, 4, 4] && unmatched.labels[5] == "w")
        #expect(unmatched.sentStarts == [1, -1, -1, 1, -1, -1])
    }

    @Test func sentenceStartsAreLeftEdgesOfRoots() {
        // Two sentences; the second root's subtree starts before it.
        let tree = DependencyTree(heads: [1, 1, 1, 4, 4, 4], labels: ["a", "ROOT", "b", "c", "ROOT", "d"])
        #expect(tree.sentStarts == [1, -1, -1, 1, -1, -1])
        #expect(tree.children(of: 4) == [3, 5] && tree.children(of: 1) == [0, 2])
    }
}

// MARK: Kernels

@Suite struct TransitionKernelTests {
    // The tiled kernel (release) and the plain one (debug) sum in the same order: equal bits,
    // whole blocks and tails alike (7 rows = 6 + 1, 21 columns = 16 + 5).
    @Test func kernelsAgreeBitForBit() {
        var seed: UInt64 = 7
        func next() -> Float {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(Int(seed >> 40) % 2000 - 1000) / 300
        }
        let (rows, inner, columns) = (7, 13, 21)
        let a = (0..<(rows * inner)).map { _ in next() }
        let b = (0..<(inner * columns)).map { _ in next() }
        let bias = (0..<columns).map { _ in next() }
        var tiled = [Float](repeating: 0, count: rows * columns)
        var plain = tiled
        var unbiased = tiled
        TransitionNetwork.multiplyTiled(a, rows: rows, inner: inner, b, columns: columns, bias: bias, into: &tiled)
        TransitionNetwork.multiplyPlain(a, rows: rows, inner: inner, b, columns: columns, bias: bias, into: &plain)
        TransitionNetwork.multiplyTiled(a, rows: rows, inner: inner, b, columns: columns, bias: nil, into: &unbiased)
        #expect(tiled == plain)
        var expected: Float = 0
        for k in 0..<inner { expected += a[(rows - 1) * inner + k] * b[k * columns + columns - 1] }
        expected += bias[columns - 1]
        #expect(tiled[rows * columns - 1] == expected)
        #expect(abs(unbiased[0] + bias[0] - tiled[0]) < 1e-3)
    }

    @Test func argMaxTakesTheFirstBestValidClass() {
        let scores: [Float] = [3, 5, 5, 9]
        #expect(TransitionNetwork.argMaxIfValid(scores, [true, true, true, false], count: 4) == 1)
        #expect(TransitionNetwork.argMaxIfValid(scores, [false, false, false, false], count: 4) == -1)
    }
}

// MARK: The model

@Suite(.enabled(if: modelAvailable, "no converted model (VIGIE_MODEL, or make model)"))
struct TransitionModelTests {
    @Test func movesAreTheManifests() throws {
        let model = try ModelFile.load(from: modelDirectory)
        let parser = try TransitionParser(model: model, kind: .dependencies)
        let ner = try TransitionParser(model: model, kind: .entities)
        #expect(parser.moveNames == model.manifest.parser.moves)
        #expect(ner.moveNames == model.manifest.ner.moves)
        #expect(parser.inputWidth == 96 && ner.inputWidth == 96)
    }

    @Test func wellFormedOutputOnAnyInput() throws {
        let model = try ModelFile.load(from: modelDirectory)
        let parser = try TransitionParser(model: model, kind: .dependencies)
        let ner = try TransitionParser(model: model, kind: .entities)
        let empty = [Float]().withUnsafeBufferPointer { parser.parse(tokvecs: $0, isSpace: []) }
        #expect(empty.heads.isEmpty)
        // Deterministic pseudo-random rows.
        var seed: UInt64 = 42
        let count = 40
        let input = (0..<(count * 96)).map { _ -> Float in
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(Int(seed >> 40) % 2000 - 1000) / 500
        }
        let isSpace = (0..<count).map { $0 % 7 == 3 }
        let parse = input.withUnsafeBufferPointer { parser.parse(tokvecs: $0, isSpace: isSpace) }
        try #require(parse.heads.count == count && parse.relations.count == count)
        #expect(parse.sentenceStarts.first == true)
        for i in 0..<count {
            #expect((0..<count).contains(parse.heads[i]))
            #expect((parse.heads[i] == i) == (parse.relations[i] == "ROOT"))
        }
        let entities = input.withUnsafeBufferPointer {
            ner.recognize(tokvecs: $0, isSpace: isSpace, sentenceStarts: parse.sentenceStarts)
        }
        var previousEnd = 0
        for entity in entities {
            #expect(entity.start >= previousEnd && entity.start < entity.end && entity.end <= count)
            #expect(!isSpace[entity.start])
            #expect(!parse.sentenceStarts[(entity.start + 1)..<entity.end].contains(true))
            previousEnd = entity.end
        }
    }
}

// MARK: Against spaCy

private struct DumpedDocument: Decodable {
    var name: String
    var tokens: [String]
    var isSpace: [Bool]
    var heads: [Int]
    var deps: [String]
    var sentStarts: [Bool]
    var iob: [String]
    var types: [String]
    var tensorOffset: Int
    var nerOffset: Int
}

@Suite(
    .enabled(
        if: fixturesAvailable,
        "no spaCy dump (scripts/language/dump-tokvecs.py into VIGIE_PARSER_FIXTURES) or no converted model"))
struct TransitionParityTests {
    @Test func sameParsesAndEntitiesAsSpaCy() throws {
        let model = try ModelFile.load(from: modelDirectory)
        let parser = try TransitionParser(model: model, kind: .dependencies)
        let ner = try TransitionParser(model: model, kind: .entities)
        let documents = try JSONDecoder().decode(
            [DumpedDocument].self, from: Data(contentsOf: fixturesDirectory.appendingPathComponent("index.json")))
        let blob = try Data(contentsOf: fixturesDirectory.appendingPathComponent("tensors.bin"))
        let floats: [Float] = blob.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        try #require(!documents.isEmpty)
        #if DEBUG
            // Unoptimized builds run about a thousand tokens a second: the first documents only
            // (release builds read them all).
            let tokenBudget = 6_000
        #else
            let tokenBudget = Int.max
        #endif
        var tokens = 0
        var sameHead = 0
        var sameRelation = 0
        var sameStart = 0
        var sameEntity = 0
        for document in documents where tokens < tokenBudget {
            let count = document.tokens.count
            try #require(document.tensorOffset + count * 96 <= floats.count)
            try #require(document.nerOffset + count * 96 <= floats.count)
            let parse = floats.withUnsafeBufferPointer {
                parser.parse(
                    tokvecs: UnsafeBufferPointer(
                        rebasing: $0[document.tensorOffset..<(document.tensorOffset + count * 96)]),
                    isSpace: document.isSpace)
            }
            // The recognizer reads spaCy's sentence starts, as it does in the pipeline.
            let entities = floats.withUnsafeBufferPointer {
                ner.recognize(
                    tokvecs: UnsafeBufferPointer(rebasing: $0[document.nerOffset..<(document.nerOffset + count * 96)]),
                    isSpace: document.isSpace, sentenceStarts: document.sentStarts)
            }
            var tags = [String](repeating: "O", count: count)
            for entity in entities {
                for i in entity.start..<entity.end { tags[i] = (i == entity.start ? "B-" : "I-") + entity.label }
            }
            try #require(parse.heads.count == count)
            for i in 0..<count {
                tokens += 1
                if parse.heads[i] == document.heads[i] { sameHead += 1 }
                if parse.relations[i] == document.deps[i] { sameRelation += 1 }
                if parse.sentenceStarts[i] == document.sentStarts[i] { sameStart += 1 }
                let expected = document.iob[i] == "O" ? "O" : "\(document.iob[i])-\(document.types[i])"
                if tags[i] == expected { sameEntity += 1 }
            }
        }
        let share = { (same: Int) in Double(same) / Double(tokens) }
        #expect(share(sameHead) >= 0.995, "heads \(sameHead)/\(tokens)")
        #expect(share(sameRelation) >= 0.995, "relations \(sameRelation)/\(tokens)")
        #expect(share(sameStart) >= 0.995, "sentence starts \(sameStart)/\(tokens)")
        #expect(share(sameEntity) >= 0.995, "entity tags \(sameEntity)/\(tokens)")
    }
}
