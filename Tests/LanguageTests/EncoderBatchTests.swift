import Testing

@testable import VigieLanguage

/// The tok2vecs' shortcuts (a window seen before is not multiplied again; many documents share
/// one product) give the rows of the plain computation, and a batch gives each document's
/// analysis alone.
@Suite(.enabled(if: TestModel.available, TestModel.reason))
struct EncoderBatchTests {
    static let texts = [
        String(repeating: "(", count: 60),
        "Le président a condamné l'attaque. Le président a condamné l'attaque. Le président a condamné l'attaque.",
        String(repeating: "Jean Dupont, ", count: 12),
        "",
        "Oui.",
        String(repeating: "« ", count: 30) + "fin",
    ]

    @Test func deduplicatedWindowsGiveTheRowsOfEveryWindowMultiplied() throws {
        let analyzer = try #require(TestModel.analyzer)
        let batch = Self.texts.map { analyzer.lexicalFeatures($0) }
        for tok2vec in [analyzer.tok2vec, analyzer.entityTok2Vec] {
            let fast = tok2vec.encode(batch, scratch: EncoderScratch())
            let plain = tok2vec.encode(batch, scratch: EncoderScratch(), deduplicating: false)
            try #require(fast.count == batch.count && plain.count == batch.count)
            for (d, features) in batch.enumerated() {
                try #require(fast[d].count == features.count * tok2vec.width)
                try #require(plain[d].count == fast[d].count)
                let alone = tok2vec.encode([features], scratch: EncoderScratch(), deduplicating: false)[0]
                let largest = zip(fast[d], plain[d]).map { abs($0 - $1) }.max() ?? 0
                let largestAlone = zip(fast[d], alone).map { abs($0 - $1) }.max() ?? 0
                #expect(largest < 1e-4, "document \(d): deduplicated rows differ by \(largest)")
                #expect(largestAlone < 1e-4, "document \(d): rows in a batch differ from alone by \(largestAlone)")
            }
        }
    }

    @Test func aBatchGivesEachDocumentsAnalysisAlone() throws {
        let analyzer = try #require(TestModel.analyzer)
        let texts = Self.texts + [FrenchAnalyzerTests.text, "Des manifestants ont été dispersés à Dakar."]
        let batched = analyzer.analyze(texts)
        try #require(batched.count == texts.count)
        for (text, document) in zip(texts, batched) {
            let alone = analyzer.analyze(text)
            #expect(document.tokens == alone.tokens, "\(text)")
            #expect(document.sentences == alone.sentences)
            #expect(document.entities == alone.entities)
        }
        #expect(batched[6].entities.isEmpty == false)
    }

    @Test func aDocumentPastOneSegmentIsCutTheSameWayInABatch() throws {
        let analyzer = try #require(TestModel.analyzer)
        let long = String(repeating: "Le ministre a démenti les accusations portées contre lui. ", count: 600)
        let texts = ["Bonjour.", long, "Au revoir."]
        let batched = analyzer.analyze(texts, layers: .dependencies)
        try #require(batched.count == 3)
        let alone = analyzer.analyze(long, layers: .dependencies)
        #expect(alone.tokens.count > FrenchAnalyzer.segmentTokens)
        #expect(batched[1].tokens == alone.tokens)
        #expect(batched[1].sentences == alone.sentences)
        #expect(batched[0].tokens == analyzer.analyze("Bonjour.", layers: .dependencies).tokens)
    }
}
