import VigieExtractor

/// Pathological dispatch shapes (no sentence punctuation, nested quotes, a long list of names),
/// extracted at 0.2 MB and at 1 MB: coding time must grow linearly with the size, so the
/// ratio of the two times should be near 5 (a quadratic step would make it near 25).
enum Shapes {
    static func text(_ shape: String, bytes: Int) -> String {
        var out = ""
        out.reserveCapacity(bytes + 64)
        switch shape {
        case "no sentence punctuation":
            let words =
                ("le gouvernement a annoncé que les forces armées ont attaqué la ville de Kiev et que "
                + "la Russie condamne ces actes dans un communiqué publié mardi").split(separator: " ")
            // A fixed linear congruential sequence: the same words in the same order every run.
            var state: UInt64 = 1
            while out.utf8.count < bytes {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                out += words[Int(state >> 33) % words.count] + " "
            }
        case "nested quotes":
            let half = bytes / 4
            out = String(repeating: "« ", count: half) + "fin" + String(repeating: " »", count: half)
        default:
            let names = ["Emmanuel Macron", "Vladimir Poutine", "Joe Biden", "Ilham Aliev", "Nikol Pachinian"]
            var k = 0
            while out.utf8.count < bytes {
                out += names[k % names.count] + ", "
                k += 1
            }
            out += "."
        }
        return out
    }

    static func run(extractor: Extractor) {
        print("pathological shapes (one thread, cpu s): 0.2 MB, 1 MB, ratio (linear = 5)")
        for shape in ["no sentence punctuation", "nested quotes", "list of names"] {
            var times: [Double] = []
            for bytes in [200_000, 1_000_000] {
                let body = text(shape, bytes: bytes)
                let dispatch = Dispatch(name: "shape.txt", sha256: "", published: "2024-01", text: body)
                let start = Instant.now()
                _ = extractor.extract(dispatch)
                times.append((Instant.now() - start).cpu)
            }
            print(
                "  " + pad(shape, 26) + pad(fixed(times[0], 3), 9, right: true)
                    + pad(fixed(times[1], 3), 9, right: true)
                    + pad(fixed(times[1] / max(times[0], 1e-9), 1), 8, right: true))
        }
    }
}
