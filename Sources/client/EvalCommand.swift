import ArgumentParser
import Foundation
import VigieEval
import VigieExtractor
import VigieProtocol

/// `vigie eval --gold DIR PATH...`: runs the extractor over dispatches and scores its events
/// against gold annotations with the reference scorer's rules, printing the same table and
/// summary line as `score.py` (or its JSON with `--json`).
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Score the extractor against gold annotations (same metrics as score.py).",
        discussion: """
            Example: vigie eval --gold ../shared/eval/dev/gold ../shared/eval/dev
            With --pred FILE the events are read from NDJSON instead of running the extractor.
            """)

    @Option(help: "A directory of <dispatch>.jsonl gold files, or one JSONL file.")
    var gold: String

    @Option(help: "Score the events in this NDJSON file ('-' for standard input) instead of extracting.")
    var pred: String?

    @Option(help: "A file listing the dispatch names to score, one per line.")
    var only: String?

    @Flag(help: "Print the metrics as JSON.")
    var json = false

    @Option(help: "Read the lexicons from this directory instead of the bundled ones.")
    var lexicon: String?

    @OptionGroup var analysis: AnalysisOptions

    @Option(help: "Refuse dispatches larger than this many bytes.")
    var maxDispatchBytes: Int = DispatchReader.defaultMaxBytes

    @Argument(help: "Dispatch files, or directories whose regular files are read in name order.")
    var paths: [String] = []

    func validate() throws {
        if pred == nil, paths.isEmpty {
            throw ValidationError("give dispatch files or directories to extract, or --pred FILE")
        }
        if pred != nil, !paths.isEmpty {
            throw ValidationError("give either dispatch paths or --pred, not both")
        }
    }

    func run() throws {
        let goldSet: [String: [JSONValue]]
        do {
            goldSet = try GoldLoader.load(path: gold)
        } catch {
            printError("vigie eval: \(error)")
            throw ExitCode(2)
        }
        var failed = 0
        var predictions = PredictionSet()
        if let pred {
            do {
                let bytes: [UInt8] =
                    pred == "-"
                    ? Array(FileHandle.standardInput.readDataToEndOfFile())
                    : Array(try Data(contentsOf: URL(fileURLWithPath: pred)))
                predictions = try PredictionSet.parse(ndjson: bytes)
            } catch {
                printError("vigie eval: \(pred): \(error)")
                throw ExitCode(2)
            }
        } else {
            let reader = DispatchReader(maxBytes: maxDispatchBytes)
            let extractor = try loadExtractor(lexiconDirectory: lexicon, analysis: analysis)
            // Gold files and notes that sit next to the dispatches are not dispatches.
            failed += DispatchPaths.extractEach(
                paths, reader: reader, extractor: extractor, command: "vigie eval",
                skip: { $0.hasSuffix(".jsonl") || $0.hasSuffix(".tsv") }
            ) { record in
                predictions.add(record: record)
            }
        }
        var onlyNames: Set<String>?
        if let only {
            guard let text = try? String(contentsOfFile: only, encoding: .utf8) else {
                printError("vigie eval: \(only): cannot read the --only list")
                throw ExitCode(2)
            }
            onlyNames = Set(
                text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                    .filter { !$0.isEmpty })
        }
        let report = Scorer(gold: goldSet, predictions: predictions.byDispatch, only: onlyNames).score()
        var out = StandardOutput()
        out.write(Array((json ? report.json() : report.text()).utf8))
        out.flush()
        if failed > 0 { throw ExitCode(1) }
    }
}
