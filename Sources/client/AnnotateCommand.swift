import ArgumentParser
import Foundation
import VigieDispatchFile
import VigieExtractor
import VigieLanguage

/// `vigie annotate FILE...`: the French analysis of each dispatch (spaCy's fr_core_news_md run
/// natively) as CoNLL-U, or as JSON lines for the parity check against spaCy.
struct AnnotateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "annotate",
        abstract: "Print the French analysis (tokens, lemmas, parts of speech, dependencies, entities) of files.",
        discussion: """
            Each dispatch (plain text or wire copy, as vigied reads it) is one document; with \
            --lines, each non-empty line of each file is one. CoNLL-U carries entity tags in MISC \
            (NER=B-PER, I-ORG, O) with SpaceAfter=No. The model is looked for in --model, then \
            VIGIE_MODEL, then beside the binaries, then in .build/vigie-model (`make model`).
            """)

    enum Format: String, ExpressibleByArgument {
        case conllu
        case jsonl
    }

    @Argument(help: "Files to annotate.")
    var paths: [String]

    @Option(help: "The converted model's directory.")
    var model: String?

    @Option(help: "conllu (default) or jsonl (one JSON object per document, as `make parity` reads).")
    var format: Format = .conllu

    @Flag(help: "Each non-empty line of each file is a document (raw UTF-8, no wire-copy reading).")
    var lines = false

    func run() throws {
        let analyzer: FrenchAnalyzer
        do {
            analyzer = try FrenchAnalyzer(modelDirectory: ModelLocation.resolve(explicit: model))
        } catch {
            printError("vigie annotate: \(error)")
            throw ExitCode(1)
        }
        var out = StandardOutput()
        var failed = 0
        for path in paths {
            do {
                let documents = try documents(path)
                // 64 at a time: the analysis multiplies the rows of many short documents at once.
                for first in stride(from: 0, to: documents.count, by: 64) {
                    let batch = documents[first..<min(first + 64, documents.count)]
                    for ((id, _), document) in zip(batch, analyzer.analyze(batch.map(\.1))) {
                        switch format {
                        case .conllu: out.write(Array(CoNLLU.format(document, documentID: id).utf8))
                        case .jsonl: out.write(Array((document.jsonLine(id: id) + "\n").utf8))
                        }
                    }
                }
            } catch {
                printError("vigie annotate: \(path): \(error)")
                failed += 1
            }
        }
        out.flush()
        if failed > 0 { throw ExitCode(1) }
    }

    private func documents(_ path: String) throws -> [(String, String)] {
        if lines {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            let text = String(decoding: data, as: UTF8.self)
            return text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap {
                number, line in
                line.allSatisfy(\.isWhitespace) ? nil : ("\(path):\(number + 1)", String(line))
            }
        }
        let reader = DispatchReader()
        var documents: [(String, String)] = []
        for file in try DispatchPaths.expand(path) {
            let decoded = try reader.readFile(path: file)
            for skipped in decoded.skipped { printError("vigie annotate: skipped: \(skipped)") }
            for dispatch in decoded.dispatches {
                // The file's path, and the item ("#2") when the file holds several.
                let item = dispatch.name.lastIndex(of: "#").map { String(dispatch.name[$0...]) } ?? ""
                documents.append((file + item, dispatch.text))
            }
        }
        return documents
    }
}
