import Foundation
import VigieExtractor
import VigieLanguage

#if canImport(Glibc)
    import Glibc
#endif

// vigie-bench: extraction throughput on one core (one thread), over a corpus made at run time
// by repeating and varying real dispatches, next to a baseline measured in the same run on
// the same bytes (plain UTF-8 decoding and sentence splitting). It prints figures; it asserts
// nothing about time.
//
// Usage: vigie-bench [--mb N] [--runs N] [--lexicon DIR] [--analysis] [--model DIR] [DIR...]
// Default DIRs: seeds and ../shared/eval/dev (when present). --analysis adds a row: the same
// extraction reading the French analysis (the model found as vigie finds it, or --model DIR).

struct Options {
    var megabytes = 8.0
    var runs = 3
    var lexicon: String?
    var analysis = false
    var model: String?
    var directories: [String] = []

    static func parse(_ args: [String]) -> Options {
        var o = Options()
        var i = 0
        while i < args.count {
            let a = args[i]
            func value() -> String {
                i += 1
                guard i < args.count else { fail("\(a) needs a value") }
                return args[i]
            }
            switch a {
            case "--mb": o.megabytes = Double(value()) ?? { fail("--mb takes a number") }()
            case "--runs": o.runs = max(1, Int(value()) ?? 3)
            case "--lexicon": o.lexicon = value()
            case "--analysis": o.analysis = true
            case "--model":
                o.model = value()
                o.analysis = true
            case "-h", "--help":
                print("usage: vigie-bench [--mb N] [--runs N] [--lexicon DIR] [--analysis] [--model DIR] [DIR...]")
                exit(0)
            default: o.directories.append(a)
            }
            i += 1
        }
        if o.directories.isEmpty { o.directories = ["seeds", "../shared/eval/dev"] }
        return o
    }
}

func fail(_ message: String) -> Never {
    let line = Array("vigie-bench: \(message)\n".utf8)
    _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    exit(2)
}

/// Wall time and the CPU time of this thread. Rates use CPU time: on a shared machine the
/// wall clock also counts the time other processes held the core.
struct Instant {
    var wall: Double
    var cpu: Double

    static func now() -> Instant {
        Instant(wall: read(CLOCK_MONOTONIC), cpu: read(CLOCK_THREAD_CPUTIME_ID))
    }

    static func read(_ clock: clockid_t) -> Double {
        var ts = timespec()
        clock_gettime(clock, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    static func - (a: Instant, b: Instant) -> Instant { Instant(wall: a.wall - b.wall, cpu: a.cpu - b.cpu) }
}

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s[s.count / 2]
}

func pad(_ s: String, _ w: Int, right: Bool = false) -> String {
    let n = s.unicodeScalars.count
    if n >= w { return s }
    let fill = String(repeating: " ", count: w - n)
    return right ? fill + s : s + fill
}

func fixed(_ x: Double, _ digits: Int) -> String {
    var buf = [CChar](repeating: 0, count: 64)
    _ = withVaList([x]) { vsnprintf(&buf, 64, "%.\(digits)f", $0) }
    return String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

func runBenchmark() {
    let options = Options.parse(Array(CommandLine.arguments.dropFirst()))
    let sources = Corpus.sources(in: options.directories)
    guard !sources.isEmpty else {
        fail("no .txt dispatches in \(options.directories.joined(separator: ", ")); run from the project root")
    }
    let corpus = Corpus.build(from: sources.map(\.bytes), targetBytes: Int(options.megabytes * 1_048_576))
    let megabytes = Double(corpus.bytes) / 1_048_576

    let extractor: Extractor
    do {
        extractor = try makeExtractor(lexiconDirectory: options.lexicon)
    } catch {
        fail("cannot load the lexicons: \(error)")
    }
    let reader = DispatchReader(maxBytes: 64 << 20)
    var withAnalysis: Extractor?
    if options.analysis {
        do {
            withAnalysis = extractor.with(
                analyzer: try FrenchAnalyzer(modelDirectory: ModelLocation.resolve(explicit: options.model)))
        } catch {
            fail("\(error)")
        }
    }

    // Baseline: decode the bytes as UTF-8 and split sentences; nothing else.
    let baselinePass = { () -> (time: Instant, sentences: Int) in
        let start = Instant.now()
        var sentences = 0
        for file in corpus.files {
            sentences += SentenceSplitter.count(String(decoding: file, as: UTF8.self))
        }
        return (Instant.now() - start, sentences)
    }

    // Extraction: what vigied does per dispatch: decode (header, SHA-256), then extract events.
    let extractionPass = { (extractor: Extractor) -> (time: Instant, events: Int, refused: Int) in
        let start = Instant.now()
        var events = 0
        var refused = 0
        for (k, file) in corpus.files.enumerated() {
            do {
                let dispatch = try reader.decode(name: "bench-\(k).txt", bytes: file)
                events += extractor.extract(dispatch).count
            } catch {
                refused += 1
            }
        }
        return (Instant.now() - start, events, refused)
    }

    // Warm up caches and lazy initialization on a slice before timing.
    _ = extractor.extract(try! reader.decode(name: "warmup.txt", bytes: corpus.files[0]))
    _ = withAnalysis?.extract(try! reader.decode(name: "warmup.txt", bytes: corpus.files[0]))

    var baseTimes: [Instant] = []
    var extractTimes: [Instant] = []
    var analysisTimes: [Instant] = []
    var analysisEvents = 0
    var sentences = 0
    var events = 0
    var refused = 0
    for _ in 0..<options.runs {
        let b = baselinePass()
        baseTimes.append(b.time)
        sentences = b.sentences
        let e = extractionPass(extractor)
        extractTimes.append(e.time)
        events = e.events
        refused = e.refused
        if let withAnalysis {
            let a = extractionPass(withAnalysis)
            analysisTimes.append(a.time)
            analysisEvents = a.events
        }
    }
    let base = Instant(wall: median(baseTimes.map(\.wall)), cpu: median(baseTimes.map(\.cpu)))
    let extraction = Instant(wall: median(extractTimes.map(\.wall)), cpu: median(extractTimes.map(\.cpu)))

    print(
        "vigie-bench: \(fixed(megabytes, 1)) MB in \(corpus.files.count) dispatches, \(sentences) sentences, "
            + "made from \(sources.count) files in \(options.directories.joined(separator: ", ")); "
            + "one thread, median of \(options.runs) runs, lexicon \(extractor.lexiconVersion); "
            + "rates per CPU second of the thread")
    print(
        pad("stage", 36) + pad("cpu s", 9, right: true) + pad("wall s", 9, right: true)
            + pad("MB/s", 10, right: true) + pad("sentences/s", 13, right: true) + pad("events", 9, right: true))
    let row = { (name: String, time: Instant, events: String) in
        print(
            pad(name, 36) + pad(fixed(time.cpu, 3), 9, right: true) + pad(fixed(time.wall, 3), 9, right: true)
                + pad(fixed(megabytes / time.cpu, 1), 10, right: true)
                + pad(fixed(Double(sentences) / time.cpu, 0), 13, right: true) + pad(events, 9, right: true))
    }
    row("baseline: UTF-8 decode + sentences", base, "-")
    row("extraction: decode + extract", extraction, String(events))
    if !analysisTimes.isEmpty {
        let analysed = Instant(wall: median(analysisTimes.map(\.wall)), cpu: median(analysisTimes.map(\.cpu)))
        row("extraction with the analysis", analysed, String(analysisEvents))
        print(
            "extraction with the analysis: \(fixed(analysed.cpu / extraction.cpu, 1))x the time of extraction alone")
    }
    print(
        "extraction / baseline speed ratio: \(fixed(base.cpu / extraction.cpu, 4)) "
            + "(the baseline is \(fixed(extraction.cpu / base.cpu, 1))x faster)"
            + (refused > 0 ? "; \(refused) dispatches refused" : ""))
    Shapes.run(extractor: extractor)
}

runBenchmark()
