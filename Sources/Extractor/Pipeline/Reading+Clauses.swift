import VigieProtocol

/// Where a clause starts before a cue and ends after it: the subject is looked for in the first,
/// the objects in the second.
extension EventReader {
    /// The clause start for a cue at `c`: the last stop word before it.
    func clauseStart(_ s: Sentence, _ c: Int) -> Int {
        var k = c - 1
        while k >= s.range.lowerBound {
            let f = tokens.folded(at: k)
            // "KIEV (Reuters) - Des drones russes ont frappé": a credit in the sentence's first words,
            // a capital after it, ends a dateline; the clause starts there.
            if f == ")", k + 1 < c, k >= s.range.lowerBound + 2, k - s.range.lowerBound <= 12,
                tokens[k + 1].capitalized, tokens.folded(at: k - 2) == "("
            {
                return k + 1
            }
            if EventReader.stops.contains(f) {
                // "ainsi que", "alors que", "bien que" do not open a new subject... except "alors que".
                if f == "que", k > s.range.lowerBound, ["ainsi", "tandis"].contains(tokens[k - 1].folded) {
                    k -= 1
                    continue
                }
                // "Theresa May, usée par la crise qu'elle n'a pas su régler, a annoncé sa démission":
                // a relative inside an apposition closed by a comma, the cue's verb right after it.
                if let close = (k + 1..<c).last(where: { tokens.folded(at: $0) == "," }), close + 1 < c,
                    EventReader.finiteAuxiliaries.contains(tokens.folded(at: close + 1)),
                    let open = (s.range.lowerBound..<k).last(where: { tokens.folded(at: $0) == "," }),
                    open > s.range.lowerBound
                {
                    k = open - 1
                    continue
                }
                return k + 1
            }
            k -= 1
        }
        return s.range.lowerBound
    }

    /// The end of the clause that starts after a cue.
    func clauseEnd(_ s: Sentence, after e: Int) -> Int {
        var k = e
        while k < s.range.upperBound {
            let f = tokens.folded(at: k)
            // ".", ",", "»" and "\"" are punctuation: a word is not compared with them.
            let punct = tokens[k].kind == .punct
            if EventReader.clauseEndWords.contains(f) || punct && f == "." {
                return k
            }
            // "Kiev a dénoncé une farce et Washington a promis": "et", a subject, a finite auxiliary
            // start another clause (not "entre X et Y a été signé", whose "et" joins the two sides).
            if f == "et", !punct, newClauseAfterEt(s, k), !(e..<k).contains(where: { tokens.folded(at: $0) == "entre" })
            {
                return k
            }
            // ", accusant X": a participle clause has its own object.
            if punct, f == ",", k + 1 < s.range.upperBound, tokens[k + 1].folded.hasSuffix("ant"),
                tokens[k + 1].kind == .word,
                tokens[k + 1].folded.count > 5
            {
                return k
            }
            // "..., a indiqué le service de presse": a reporting clause starts.
            if punct, f == "," || f == "»" || f == "\"" {
                var j = k + 1
                while j < s.range.upperBound, EventReader.reportingInserts.contains(tokens.folded(at: j)) {
                    j += 1
                }
                if j < s.range.upperBound,
                    EventReader.speechVerbs.contains(tokens[j].folded) || tokens[j].folded.hasPrefix("annonc")
                        || tokens[j].folded.hasPrefix("indiqu") || tokens[j].folded.hasPrefix("rapport")
                        || tokens[j].folded.hasPrefix("declar") || tokens[j].folded.hasPrefix("affirm")
                {
                    return k
                }
            }
            k += 1
        }
        return s.range.upperBound
    }

    /// Whether the "et" at `k` opens a clause with its own subject: one to four words, then a
    /// finite auxiliary ("et Washington a promis", "et les États-Unis ont annoncé").
    func newClauseAfterEt(_ s: Sentence, _ k: Int) -> Bool {
        var j = k + 1
        while j < min(s.range.upperBound, k + 6) {
            if tokens[j].kind == .punct { return false }
            if j > k + 1, EventReader.newVerbAuxiliaries.contains(tokens.folded(at: j)) { return true }
            j += 1
        }
        return false
    }
}
