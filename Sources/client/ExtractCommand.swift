import ArgumentParser
import VigieDispatchFile
import VigieExtractor
import VigieFormats
import VigieLanguage
import VigieProtocol

#if canImport(Glibc)
    import Glibc
#endif

/// `vigie extract PATH...`: every event of every dispatch as one JSON line on stdout.
///
/// The output contract is stable: nothing but event records on stdout; one line per refused
/// file on stderr; exit status 1 when any file failed.
struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Print the events of dispatch files (or directories of them) as NDJSON.")

    @Argument(help: "Dispatch files, or directories whose regular files are read in name order.")
    var paths: [String]

    @Option(help: "Refuse dispatches larger than this many bytes.")
    var maxDispatchBytes: Int = DispatchReader.defaultMaxBytes

    @Option(help: "Read the lexicons from this directory instead of the bundled ones.")
    var lexicon: String?

    @OptionGroup var analysis: AnalysisOptions

    @Flag(
        help: """
            Print the text the coder reads instead of events (evidence offsets are UTF-8 offsets \
            into it): the headline and paragraphs of wire copy, the body of plain text. A file \
            with several items prints each after a '==> name <==' line.
            """)
    var text = false

    func run() throws {
        if text { return try printTexts() }
        let reader = DispatchReader(maxBytes: maxDispatchBytes)
        let extractor = try loadExtractor(lexiconDirectory: lexicon, analysis: analysis)
        var out = StandardOutput()
        let failed = DispatchPaths.extractEach(
            paths, reader: reader, extractor: extractor, command: "vigie extract"
        ) { record in
            out.write(LineCodec.encodeLine(record))
        }
        out.flush()
        if failed > 0 { throw ExitCode(1) }
    }
}

extension ExtractCommand {
    func printTexts() throws {
        let reader = DispatchReader(maxBytes: maxDispatchBytes)
        var out = StandardOutput()
        var failed = 0
        for path in paths {
            do {
                for file in try DispatchPaths.expand(path) {
                    let decoded = try reader.readFile(path: file)
                    for skipped in decoded.skipped { printError("vigie extract: skipped: \(skipped)") }
                    for dispatch in decoded.dispatches {
                        if decoded.dispatches.count > 1 || paths.count > 1 {
                            out.write(Array("==> \(dispatch.name) <==\n".utf8))
                        }
                        out.write(Array((dispatch.text + "\n").utf8))
                    }
                }
            } catch {
                printError("vigie extract: \(error)")
                failed += 1
            }
        }
        out.flush()
        if failed > 0 { throw ExitCode(1) }
    }
}

/// Buffered writes to standard output, so a large corpus is not one syscall per line.
struct StandardOutput {
    private var buffer: [UInt8] = []

    mutating func write(_ bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 16 { flush() }
    }

    mutating func flush() {
        var offset = 0
        while offset < buffer.count {
            let n = buffer.withUnsafeBytes { Glibc.write(1, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += n
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

func printError(_ message: String) {
    var line = Array(message.utf8)
    line.append(0x0A)
    _ = line.withUnsafeBytes { Glibc.write(2, $0.baseAddress!, $0.count) }
}

/// The coder over the bundled lexicons, or over `lexiconDirectory` when given, reading the
/// French analysis when `analysis.analysis` is set.
func loadExtractor(lexiconDirectory: String? = nil, analysis: AnalysisOptions = AnalysisOptions()) throws -> Extractor {
    let extractor: Extractor
    do {
        if let lexiconDirectory {
            extractor = Extractor(lexicon: try Lexicon.load(directory: lexiconDirectory))
        } else {
            extractor = try Extractor.bundled()
        }
    } catch {
        printError("vigie: cannot load the lexicons: \(error)")
        throw ExitCode(2)
    }
    guard analysis.analysis else { return extractor }
    do {
        return extractor.with(
            analyzer: try FrenchAnalyzer(modelDirectory: ModelLocation.resolve(explicit: analysis.model)))
    } catch {
        printError("vigie: \(error)")
        throw ExitCode(2)
    }
}

/// `--analysis` and `--model`: the coder reads participants from the French analysis.
struct AnalysisOptions: ParsableArguments {
    @Flag(
        help:
            "Code with the French analysis (spaCy's fr_core_news_md run natively): subjects and agents from the parse.")
    var analysis = false

    @Option(
        help: "The converted French model's directory (default: VIGIE_MODEL, beside the binaries, .build/vigie-model).")
    var model: String?
}
