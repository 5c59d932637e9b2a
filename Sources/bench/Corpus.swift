#if canImport(Glibc)
    import Glibc
#endif

/// A large benchmark corpus made at run time from a few real dispatches, by repeating them
/// with variations (paragraph order, numbers, the names of the two sides), so no two copies
/// are the same text. The source dispatches are read from disk and never copied into the
/// project.
struct Corpus {
    /// Raw dispatch files as they would be dropped: an optional header line, then the text.
    var files: [[UInt8]] = []
    var bytes: Int { files.reduce(0) { $0 + $1.count } }

    /// The `.txt` files of `directories`, in name order, skipping what is not readable.
    static func sources(in directories: [String]) -> [(name: String, bytes: [UInt8])] {
        var out: [(String, [UInt8])] = []
        for dir in directories {
            guard let handle = opendir(dir) else { continue }
            var names: [String] = []
            while let entry = readdir(handle) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
                }
                if name.hasSuffix(".txt"), !name.hasPrefix(".") { names.append(name) }
            }
            closedir(handle)
            for name in names.sorted() {
                if let bytes = readFile(dir + "/" + name), !bytes.isEmpty { out.append((name, bytes)) }
            }
        }
        return out
    }

    static func readFile(_ path: String) -> [UInt8]? {
        guard let f = fopen(path, "rb") else { return nil }
        defer { fclose(f) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, f) }
            if n <= 0 { break }
            out.append(contentsOf: chunk[0..<n])
        }
        return out
    }

    /// Repeats and varies `sources` until the corpus holds at least `targetBytes`.
    static func build(from sources: [[UInt8]], targetBytes: Int) -> Corpus {
        var corpus = Corpus()
        guard !sources.isEmpty else { return corpus }
        var total = 0
        var copy = 0
        while total < targetBytes {
            for source in sources {
                let varied = vary(source, copy: copy)
                total += varied.count
                corpus.files.append(varied)
                if total >= targetBytes { break }
            }
            copy += 1
        }
        return corpus
    }

    // Pairs swapped in odd copies: the text stays grammatical French, the actors change.
    static let swaps: [([UInt8], [UInt8])] = [
        ("Arménie", "Géorgie"), ("arménien", "géorgien"), ("Erevan", "Tbilissi"),
        ("Azerbaïdjan", "Ouzbékistan"), ("Macron", "Scholz"), ("France", "Italie"),
        ("Bakou", "Tachkent"), ("Russie", "Turquie"), ("Moscou", "Ankara"),
    ].map { (Array($0.0.utf8), Array($0.1.utf8)) }

    /// One copy of a dispatch: paragraphs rotated, digits shifted, side names swapped.
    static func vary(_ source: [UInt8], copy: Int) -> [UInt8] {
        guard copy > 0 else { return source }
        // Keep a ` date YYYY-MM` header line in place.
        var header: [UInt8] = []
        var body = source[...]
        if source.first == 0x20, let nl = source.firstIndex(of: 0x0A) {
            header = Array(source[...nl])
            body = source[(nl + 1)...]
        }
        var paragraphs = split(body, on: [0x0A, 0x0A])
        if paragraphs.count > 2 {
            // The first paragraph leads; rotate the rest.
            let k = copy % (paragraphs.count - 1)
            let rest = Array(paragraphs[1...])
            paragraphs = [paragraphs[0]] + Array(rest[k...] + rest[..<k])
        }
        var text = join(paragraphs, with: [0x0A, 0x0A])
        if copy % 2 == 1 {
            for (a, b) in swaps { text = replace(text, a, b) }
        }
        // Shift digits (not in the header: dates must stay valid there).
        let shift = UInt8(copy % 10)
        for i in text.indices where text[i] >= 0x30 && text[i] <= 0x39 {
            text[i] = 0x30 + (text[i] - 0x30 + shift) % 10
        }
        return header + text
    }

    static func split(_ s: ArraySlice<UInt8>, on sep: [UInt8]) -> [[UInt8]] {
        var out: [[UInt8]] = []
        var start = s.startIndex
        var i = s.startIndex
        while i + sep.count <= s.endIndex {
            if s[i..<i + sep.count].elementsEqual(sep) {
                out.append(Array(s[start..<i]))
                i += sep.count
                start = i
            } else {
                i += 1
            }
        }
        out.append(Array(s[start...]))
        return out
    }

    static func join(_ parts: [[UInt8]], with sep: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        for (k, p) in parts.enumerated() {
            if k > 0 { out += sep }
            out += p
        }
        return out
    }

    static func replace(_ s: [UInt8], _ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(s.count)
        var i = 0
        while i < s.count {
            if s[i] == a[0], i + a.count <= s.count, s[i..<i + a.count].elementsEqual(a) {
                out += b
                i += a.count
            } else {
                out.append(s[i])
                i += 1
            }
        }
        return out
    }
}

/// The baseline's sentence splitter: a sentence ends at `.`, `!`, `?` or `…` before white
/// space, or at a line end. Deliberately plain: it is the floor any extraction must pay.
enum SentenceSplitter {
    static func count(_ text: String) -> Int {
        var n = 0
        var inSentence = false
        var pendingEnd = false
        for b in text.utf8 {
            let space = b == 0x20 || b == 0x09
            if b == 0x0A {
                if inSentence { n += 1 }
                inSentence = false
                pendingEnd = false
                continue
            }
            if pendingEnd, space {
                n += 1
                inSentence = false
                pendingEnd = false
                continue
            }
            pendingEnd = b == 0x2E || b == 0x21 || b == 0x3F || b == 0xA6  // '…' ends in 0xA6
            if !space { inSentence = true }
        }
        return inSentence ? n + 1 : n
    }
}
