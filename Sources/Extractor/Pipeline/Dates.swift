import VigieProtocol

/// A calendar day, with the conversions the date rules need.
struct Day: Sendable, Hashable, Comparable {
    var year: Int
    var month: Int
    var day: Int

    /// Days since 1970-01-01 (proleptic Gregorian).
    var ordinal: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    init(ordinal z0: Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        day = doy - (153 * mp + 2) / 5 + 1
        month = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    }

    /// 1 = Monday ... 7 = Sunday.
    var weekday: Int { ((ordinal % 7) + 7 + 3) % 7 + 1 }

    var text: String {
        "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
    }

    static func < (a: Day, b: Day) -> Bool { a.ordinal < b.ordinal }
}

/// A date expression of a sentence, resolved.
struct DateMention: Sendable {
    var token: Int
    var value: String
    var precision: DatePrecision
    /// A day that can anchor weekdays.
    var day: Day?
}

/// Reads the dates of a dispatch: header month, dateline, explicit dates, weekdays, relative words.
struct DateReader {
    let tokens: [Token]
    /// From the ` date YYYY-MM` header.
    let headerYear: Int?
    let headerMonth: Int?
    /// The dateline day ("21 juin 2012. -" or "Erevan, 18 sept 2022 (AFP)"), when the dispatch has one.
    var docDay: Day?
    /// The first day the lead gives in the header month, when there is no dateline.
    var newsDay: Day?

    static let months: FoldedMap<Int> = [
        "janvier": 1, "janv": 1, "fevrier": 2, "fevr": 2, "fev": 2, "mars": 3, "avril": 4, "avr": 4, "mai": 5,
        "juin": 6, "juillet": 7, "juil": 7, "aout": 8, "septembre": 9, "sept": 9, "octobre": 10, "oct": 10,
        "novembre": 11, "nov": 11, "decembre": 12, "dec": 12,
    ]
    static let weekdays: FoldedMap<Int> = [
        "lundi": 1, "mardi": 2, "mercredi": 3, "jeudi": 4, "vendredi": 5, "samedi": 6, "dimanche": 7,
    ]
    /// The other words the date rules read. A rule on a new word must list it here: it is numbered in
    /// the vocabulary, and a word that is none of these, nor a month, nor a weekday, is passed over at once.
    static let otherWords: FoldedSet = [
        "annee", "an", "aujourd'hui", "hier", "cette", "ce", "dernier", "derniere", "semaine", "mois",
    ]
    /// Months, weekdays and the other words: every word a date rule reads.
    static let words = FoldedSet(months.keys, weekdays.keys, otherWords.elements)

    init(tokens: [Token], published: String?, sentences: [Sentence]) {
        self.tokens = tokens
        if let p = published {
            let parts = p.split(separator: "-")
            headerYear = parts.count > 0 ? Int(parts[0]) : nil
            headerMonth = parts.count > 1 ? Int(parts[1]) : nil
        } else {
            headerYear = nil
            headerMonth = nil
        }
        // A dateline opens the first sentence or closes the dispatch in a short last line.
        if let first = sentences.first, let (d, _) = fullDay(at: first.range.lowerBound, limit: first.range.upperBound)
        {
            docDay = d
        } else if let last = sentences.last, last.range.count <= 14 {
            for k in last.range {
                if let (d, _) = fullDay(at: k, limit: last.range.upperBound) {
                    docDay = d
                    break
                }
            }
        }
        // A day of publication (wire formats give one) anchors the dispatch as a dateline does.
        if docDay == nil, let y = headerYear, let m = headerMonth, let p = published,
            let day = p.split(separator: "-").dropFirst(2).first.flatMap({ Int($0) }), (1...31).contains(day),
            (1...12).contains(m)
        {
            docDay = Day(year: y, month: m, day: day)
        }
    }

    /// "21 juin 2012": a day, a month and a year at `i`.
    func fullDay(at i: Int, limit: Int) -> (Day, Int)? {
        guard i + 2 < limit, tokens[i].kind == .number, let d = dayNumber(tokens[i]),
            let m = DateReader.months[tokens[i + 1].folded], let y = tokens[i + 2].value, tokens[i + 2].kind == .number,
            (1900...2100).contains(y)
        else { return nil }
        return (Day(year: y, month: m, day: d), i + 3)
    }

    func dayNumber(_ t: Token) -> Int? {
        guard t.kind == .number, let v = t.value, (1...31).contains(v) else { return nil }
        if t.folded == "\(v)" || t.folded == "\(v)er" { return v }
        return nil
    }

    /// The reference year and month for a date without a year.
    var reference: (Int, Int)? {
        if let y = headerYear, let m = headerMonth { return (y, m) }
        if let d = docDay { return (d.year, d.month) }
        return nil
    }

    /// The year of month `m` when the text gives none: a month after the reference month is last year's.
    func inferYear(month m: Int) -> Int? {
        guard let (y, rm) = reference else { return nil }
        return m > rm ? y - 1 : y
    }

    static func pad(_ m: Int) -> String { m < 10 ? "0\(m)" : "\(m)" }

    /// The date expressions of the tokens `range`, weekdays left unresolved (precision nil).
    func mentions(in range: Range<Int>) -> [(DateMention, weekday: Int?)] {
        var out: [(DateMention, weekday: Int?)] = []
        var i = range.lowerBound
        let limit = range.upperBound
        while i < limit {
            // Words no rule knows (id -1) are never date words, nor is punctuation (every rule below wants
            // a number or a word): both are read before the token is copied.
            if tokens[i].numbered && tokens[i].id < 0 || tokens[i].kind == .punct {
                i += 1
                continue
            }
            // One lookup passes over a word no rule reads.
            if tokens[i].kind == .word, !DateReader.words.contains(tokens.folded(at: i)) {
                i += 1
                continue
            }
            let t = tokens[i]
            let w = t.folded
            if t.kind == .number, let d = dayNumber(t), i + 1 < limit, let m = DateReader.months[tokens[i + 1].folded] {
                var end = i + 2
                var year: Int?
                if end < limit, tokens[end].kind == .number, let y = tokens[end].value, (1900...2100).contains(y) {
                    year = y
                    end += 1
                } else if end < limit, tokens[end].folded == "dernier" {
                    year = inferYear(month: m)
                    end += 1
                } else {
                    year = inferYear(month: m)
                }
                if let year {
                    let day = Day(year: year, month: m, day: d)
                    out.append((DateMention(token: i, value: day.text, precision: .day, day: day), nil))
                }
                i = end
                continue
            }
            if let m = DateReader.months[w], t.kind == .word,
                w != "mai" || (i > range.lowerBound && tokens[i - 1].folded == "en")
            {
                if w == "sept" && !(i + 1 < limit && tokens[i + 1].kind == .number) {
                    i += 1
                    continue
                }
                if i + 1 < limit, tokens[i + 1].kind == .number, let y = tokens[i + 1].value, (1900...2100).contains(y)
                {
                    out.append((DateMention(token: i, value: "\(y)-\(DateReader.pad(m))", precision: .month), nil))
                    i += 2
                    continue
                }
                let prev = i > range.lowerBound ? tokens[i - 1].folded : ""
                if ["en", "debut", "fin", "mi", "courant", "depuis"].contains(prev)
                    || (i + 1 < limit && tokens[i + 1].folded == "dernier")
                {
                    if let y = inferYear(month: m) {
                        out.append((DateMention(token: i, value: "\(y)-\(DateReader.pad(m))", precision: .month), nil))
                    }
                }
                i += 1
                continue
            }
            if let wd = DateReader.weekdays[w] {
                out.append((DateMention(token: i, value: "", precision: .day), wd))
                i += 1
                continue
            }
            if t.kind == .number, let y = t.value, (1900...2100).contains(y), t.folded == "\(y)", i > range.lowerBound,
                ["en", "depuis", "des", "automne", "printemps", "ete", "hiver", "fin", "debut", "l'an"].contains(
                    tokens[i - 1].folded)
            {
                out.append((DateMention(token: i, value: "\(y)", precision: .year), nil))
                i += 1
                continue
            }
            if (w == "annee" || w == "an") && i + 1 < limit && tokens[i + 1].folded == "derniere"
                || (w == "an" && i + 1 < limit && tokens[i + 1].folded == "dernier")
            {
                if let (y, _) = reference {
                    out.append((DateMention(token: i, value: "\(y - 1)", precision: .year), nil))
                }
                i += 2
                continue
            }
            // "la semaine dernière": the week before the news day, so only its month is known.
            if w == "semaine", i + 1 < limit, tokens[i + 1].folded == "derniere", let anchor = docDay ?? newsDay {
                let d = Day(ordinal: anchor.ordinal - 7)
                out.append(
                    (DateMention(token: i, value: "\(d.year)-\(DateReader.pad(d.month))", precision: .month), nil))
                i += 2
                continue
            }
            // "le mois dernier": the month before the header month.
            if w == "mois", i + 1 < limit, tokens[i + 1].folded == "dernier", let (y, m) = reference {
                let value = m == 1 ? "\(y - 1)-12" : "\(y)-\(DateReader.pad(m - 1))"
                out.append((DateMention(token: i, value: value, precision: .month), nil))
                i += 2
                continue
            }
            if let doc = docDay {
                var rel: Int?
                if w == "aujourd'hui" || (w == "cette" && i + 1 < limit && tokens[i + 1].folded == "nuit")
                    || (w == "ce" && i + 1 < limit && ["matin", "soir"].contains(tokens[i + 1].folded))
                {
                    rel = 0
                } else if w == "hier" {
                    rel = -1
                }
                if let rel {
                    let day = Day(ordinal: doc.ordinal + rel)
                    out.append((DateMention(token: i, value: day.text, precision: .day, day: day), nil))
                }
            }
            i += 1
        }
        return out
    }

    /// The day of weekday `wd` within the six days up to `anchor`.
    static func resolve(weekday wd: Int, anchor: Day) -> Day {
        var o = anchor.ordinal
        while Day(ordinal: o).weekday != wd { o -= 1 }
        return Day(ordinal: o)
    }
}
