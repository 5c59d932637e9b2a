import VigieProtocol

/// A toll given in a sentence: "19 civils ... ont été tués", "plus de 60 blessés", "110 interpellations".
struct SizeMention: Sendable {
    enum Field: Sendable { case dead, injured, arrested }
    var token: Int
    var field: Field
    var value: Int
}

/// Finds tolls: a casualty word and the number that counts it.
enum SizeReader {
    static let dead: FoldedSet = [
        "morts", "mort", "tues", "tue", "tuee", "tuees", "deces", "perit", "peri", "periront", "vie", "tuant",
        "victimes", "decedes",
    ]
    static let injured: FoldedSet = ["blesses", "blesse", "blessee", "blessees", "blessant"]
    static let arrested: FoldedSet = [
        "interpellations", "interpelles", "interpellees", "arrestations", "arretes", "arretees", "interpelle",
    ]
    /// The dead, injured and arrested words together.
    static let casualtyWords = FoldedSet(dead, injured, arrested)
    static let units: FoldedMap<Int> = [
        "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9,
        "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16, "vingt": 20,
        "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60, "cent": 100, "cents": 100, "mille": 1000,
    ]
    /// Words that make a number approximate: "une centaine" gives nothing exact.
    static let approximate: FoldedSet = [
        "dizaine", "dizaines", "vingtaine", "trentaine", "quarantaine", "cinquantaine", "centaine", "centaines",
        "millier", "milliers", "million", "millions", "milliard", "milliards",
    ]

    /// The number whose last token is `k` (digits, or French number words such as "dix neuf"); its first token.
    static func number(endingAt k: Int, _ tokens: [Token], from lower: Int) -> (Int, Int)? {
        let t = tokens[k]
        if k + 1 < tokens.count, approximate.contains(tokens[k + 1].folded) || tokens[k + 1].folded == "%" {
            return nil
        }
        if t.kind == .number {
            // Digits with French grouping ("1 250", "30.000"), not an ordinal or a decimal.
            guard let v = t.value,
                t.folded.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x20 || $0 == 0x2E || $0 >= 0x80 })
            else { return nil }
            if k + 1 < tokens.count, DateReader.months[tokens[k + 1].folded] != nil { return nil }
            return (v, k)
        }
        guard units[t.folded] != nil else { return nil }
        var start = k
        while start - 1 >= lower, units[tokens[start - 1].folded] != nil || tokens[start - 1].folded == "et",
            units[tokens[start - 1].folded] != nil || (start - 2 >= lower && units[tokens[start - 2].folded] != nil)
        {
            start -= 1
        }
        var total = 0
        var current = 0
        for j in start...k {
            let w = tokens[j].folded
            guard let v = units[w] else { continue }
            if v == 100 {
                current = max(current, 1) * 100
            } else if v == 1000 {
                total += max(current, 1) * 1000
                current = 0
            } else if w == "vingt" && current == 4 {
                current = 80
            } else {
                current += v
            }
        }
        return (total + current, start)
    }

    static func mentions(in range: Range<Int>, _ tokens: [Token]) -> [SizeMention] {
        var out: [SizeMention] = []
        for k in range {
            // Casualty words are numbered in the vocabulary; a numbered token without a number is none of them.
            if tokens[k].numbered && tokens[k].id < 0 { continue }
            // Nor is a number or a punctuation mark.
            if tokens[k].kind != .word { continue }
            let w = tokens.folded(at: k)
            // One lookup passes over a word of no list.
            if !casualtyWords.contains(w) { continue }
            let field: SizeMention.Field
            if dead.contains(w) {
                field = .dead
            } else if injured.contains(w) {
                field = .injured
            } else if arrested.contains(w) {
                field = .arrested
            } else {
                continue
            }
            // "coûté la vie", "perdu la vie": the life lost, not "la vie politique".
            if w == "vie"
                && !(k >= 2 && tokens[k - 1].folded == "la"
                    && (tokens[k - 2].folded.hasPrefix("cout") || tokens[k - 2].folded.hasPrefix("perd")))
            {
                continue
            }
            // A number right after: "blessé 227 autres", "la mort d'une personne", "coûté la vie à plus de 6.500".
            var value: Int?
            var j = k + 1
            var steps = 0
            while j < range.upperBound && steps < 4 {
                let f = tokens[j].folded
                if ["de", "d'", "à", "plus", "pres", "environ", "au", "moins", "quelque"].contains(f) {
                    j += 1
                    steps += 1
                    continue
                }
                if tokens[j].kind == .number || units[f] != nil {
                    var e = j
                    while e + 1 < range.upperBound, units[tokens[e + 1].folded] != nil { e += 1 }
                    if let (v, _) = number(endingAt: e, tokens, from: j) { value = v }
                }
                break
            }
            if value == nil {
                // A number before, in the same clause: "19 civils azerbaïdjanais avaient été tués".
                var i = k - 1
                while i >= range.lowerBound && k - i <= 30 {
                    let f = tokens[i].folded
                    // "70 personnes ont été interpellées ... la mort de X": each toll word has its own number.
                    if f == "," || f == ";" || f == ":" || f == "(" || dead.contains(f) || injured.contains(f)
                        || arrested.contains(f)
                    {
                        break
                    }
                    if let (v, first) = number(endingAt: i, tokens, from: range.lowerBound) {
                        var total = v
                        // "deux soldats arméniens et un azéri": the counts add up.
                        var p = first - 1
                        var hops = 0
                        while p >= range.lowerBound && hops < 4 {
                            if tokens[p].folded == "et" {
                                var q = p - 1
                                while q >= range.lowerBound && p - q <= 4 {
                                    let f = tokens[q].folded
                                    // "14 morts et 60 blessés": two tolls, not one.
                                    if dead.contains(f) || injured.contains(f) || arrested.contains(f) { break }
                                    if let (v2, f2) = number(endingAt: q, tokens, from: range.lowerBound) {
                                        total += v2
                                        p = f2
                                        break
                                    }
                                    q -= 1
                                }
                                break
                            }
                            p -= 1
                            hops += 1
                        }
                        value = total
                        break
                    }
                    i -= 1
                }
            }
            if let value, value > 0, value < 10_000_000 {
                out.append(SizeMention(token: k, field: field, value: value))
            }
        }
        return out
    }
}

extension [Token] {
    /// The small number token `i` says, in words ("quatre") or digits ("4"), as in "les quatre pays".
    func smallNumber(at i: Int) -> Int? {
        SizeReader.units[folded(at: i)] ?? self[i].value
    }
}
