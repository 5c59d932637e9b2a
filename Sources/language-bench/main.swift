import Foundation
import VigieLanguage

#if canImport(Glibc)
    import Glibc
#endif

// vigie-language-bench: the French analysis on one core (one thread), release build. Prints
// figures; asserts nothing about time. scripts/language/bench.py runs it next to spaCy's
// nlp.pipe on the same texts and prints the ratio.
//
// Usage: vigie-language-bench [--model DIR] [--runs N] [--lines] [--shapes MB] [--json] FILE...
//   --lines     each non-empty line of each file is a document (else each file is one)
//   --shapes MB also time pathological shapes of MB megabytes each against ordinary text

struct Options {
    var model: String?
    var runs = 3
    var lines = false
    var shapesMB: Double = 0
    var json = false
    var files: [String] = []

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
            case "--model": o.model = value()
            case "--runs": o.runs = max(1, Int(value()) ?? 3)
            case "--lines": o.lines = true
            case "--shapes": o.shapesMB = Double(value()) ?? 1
            case "--json": o.json = true
            case "-h", "--help":
                print("usage: vigie-language-bench [--model DIR] [--runs N] [--lines] [--shapes MB] [--json] FILE...")
                exit(0)
            default: o.files.append(a)
            }
            i += 1
        }
        return o
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("vigie-language-bench: \(message)\n".utf8))
    exit(2)
}

/// CPU time of this thread, in seconds: on a shared machine the wall clock also counts the time
/// other processes held the core.
func cpuSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

/// Peak resident set size (VmHWM) in MB.
func peakRSSMegabytes() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        let kb = line.split(separator: " ").compactMap { Double($0) }.first ?? 0
        return kb / 1024
    }
    return 0
}

let options = Options.parse(Array(CommandLine.arguments.dropFirst()))
let loadStart = Date()
let analyzer: FrenchAnalyzer
do {
    analyzer = try FrenchAnalyzer(modelDirectory: ModelLocation.resolve(explicit: options.model))
} catch {
    fail("\(error)")
}
let loadSeconds = Date().timeIntervalSince(loadStart)

var documents: [String] = []
for file in options.files {
    guard let data = FileManager.default.contents(atPath: file) else { fail("cannot read \(file)") }
    let text = String(decoding: data, as: UTF8.self)
    if options.lines {
        documents += text.split(separator: "\n").filter { !$0.allSatisfy(\.isWhitespace) }.map(String.init)
    } else {
        documents.append(text)
    }
}
if documents.isEmpty { fail("no documents (give files)") }
let bytes = documents.reduce(0) { $0 + $1.utf8.count }

// Batches of 64 documents, as scripts/language/bench.py runs spaCy's nlp.pipe(batch_size=64).
let batches = stride(from: 0, to: documents.count, by: 64).map {
    Array(documents[$0..<min($0 + 64, documents.count)])
}

// One pass to warm caches, then the timed runs; the best run counts.
var tokens = 0
var sentences = 0
for batch in batches {
    for analysis in analyzer.analyze(batch) {
        tokens += analysis.tokens.count
        sentences += analysis.sentences.count
    }
}
var best = Double.infinity
// The layers the coder reads (tokens, heads, relations, sentences), timed in the same runs.
var bestDependencies = Double.infinity
for _ in 0..<options.runs {
    let start = cpuSeconds()
    for batch in batches { _ = analyzer.analyze(batch) }
    best = min(best, cpuSeconds() - start)
    let middle = cpuSeconds()
    for batch in batches { _ = analyzer.analyze(batch, layers: .dependencies) }
    bestDependencies = min(bestDependencies, cpuSeconds() - middle)
}

var results: [String: Any] = [
    "documents": documents.count, "bytes": bytes, "tokens": tokens, "sentences": sentences,
    "seconds": best, "tokens_per_second": Double(tokens) / best, "sentences_per_second": Double(sentences) / best,
    "load_seconds": loadSeconds, "dependencies_seconds": bestDependencies,
]

if options.shapesMB > 0 {
    // Seconds per MB on shapes that break naive code, next to ordinary text made of the
    // documents themselves, in the same run.
    let size = Int(options.shapesMB * 1_000_000)
    func repeated(_ unit: String) -> String {
        var text = ""
        text.reserveCapacity(size + unit.utf8.count)
        while text.utf8.count < size { text += unit }
        return text
    }
    let ordinary = repeated(documents.joined(separator: "\n\n") + "\n\n")
    let names = [
        "Jean Dupont", "Marie-Claire N'Diaye", "Olaf Scholz", "Aïssata Traoré", "Li Wei", "José María Aznar",
    ]
    var shapes: [(String, String)] = [("ordinary news text", ordinary)]
    shapes.append(("no sentence punctuation", repeated("le gouvernement a annoncé de nouvelles mesures et ")))
    shapes.append(("nested quotes", repeated("« ")))
    shapes.append(("nested parentheses", repeated("(")))
    shapes.append(("list of names", repeated(names.joined(separator: ", ") + ", ")))
    shapes.append(("one token", repeated("a")))
    shapes.append(("digits", repeated("0123456789")))
    var perMB: [[String: Any]] = []
    var baseline = 0.0
    for (name, text) in shapes {
        let start = cpuSeconds()
        let analysis = analyzer.analyze(text)
        let seconds = cpuSeconds() - start
        let rate = seconds / (Double(text.utf8.count) / 1_000_000)
        if baseline == 0 { baseline = rate }
        perMB.append([
            "shape": name, "bytes": text.utf8.count, "tokens": analysis.tokens.count, "seconds_per_mb": rate,
            "ratio_to_ordinary": rate / baseline,
        ])
    }
    results["shapes"] = perMB
}
results["peak_rss_mb"] = peakRSSMegabytes()

if options.json {
    let data = try JSONSerialization.data(withJSONObject: results, options: [.sortedKeys, .prettyPrinted])
    print(String(decoding: data, as: UTF8.self))
} else {
    print(
        String(
            format: "%d documents, %d tokens, %d sentences: %.0f tokens/s, %.1f sentences/s (one core, best of %d)",
            documents.count, tokens, sentences, Double(tokens) / best, Double(sentences) / best, options.runs))
    print(
        String(
            format: "dependencies only (what the coder reads, no morphology or entities): %.0f tokens/s, "
                + "%.1f sentences/s, %.2fx the full analysis",
            Double(tokens) / bestDependencies, Double(sentences) / bestDependencies, best / bestDependencies))
    print(String(format: "model load %.2f s, peak RSS %.0f MB", loadSeconds, peakRSSMegabytes()))
    for shape in results["shapes"] as? [[String: Any]] ?? [] {
        let name = (shape["shape"] as? String ?? "").padding(toLength: 26, withPad: " ", startingAt: 0)
        print(
            "  " + name
                + String(
                    format: " %8d bytes %7d tokens %7.2f s/MB  x%.2f of ordinary text", shape["bytes"] as? Int ?? 0,
                    shape["tokens"] as? Int ?? 0, shape["seconds_per_mb"] as? Double ?? 0,
                    shape["ratio_to_ordinary"] as? Double ?? 0))
    }
}
