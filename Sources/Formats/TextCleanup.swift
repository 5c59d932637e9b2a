// The normalisations every format shares: whitespace, paragraphs, days and dateline places.

enum TextCleanup {
    /// `text` with every run of white space (including no-break spaces) turned into one plain
    /// space, trimmed.
    static func collapse(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace {
                out.append(" ")
                pendingSpace = false
            }
            out.append(scalar)
        }
        return String(out)
    }

    /// `text` collapsed, or nil when nothing is left.
    static func collapsedOrNil(_ text: String?) -> String? {
        guard let text else { return nil }
        let collapsed = collapse(text)
        return collapsed.isEmpty ? nil : collapsed
    }

    /// The paragraphs of plain text: split on blank lines; when there is no blank line and
    /// `orLines` is set, on line ends (agencies' text bodies use either convention).
    static func paragraphs(of text: String, orLines: Bool) -> [String] {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        var blocks: [[Substring]] = [[]]
        var sawBlankLine = false
        for line in lines {
            if line.allSatisfy(\.isWhitespace) {
                if !(blocks.last ?? []).isEmpty { sawBlankLine = true }
                blocks.append([])
            } else {
                blocks[blocks.count - 1].append(line)
            }
        }
        let pieces: [String]
        if !sawBlankLine && orLines {
            pieces = lines.map(String.init)
        } else {
            pieces = blocks.map { $0.joined(separator: " ") }
        }
        return pieces.map(collapse).filter { !$0.isEmpty }
    }

    /// The day "YYYY-MM-DD" of an ISO 8601 date or datetime, extended ("2023-09-19T10:12:00+02:00")
    /// or basic ("20230919T101200Z"), as written (no time zone conversion); nil otherwise.
    static func day(of value: String?) -> String? {
        guard let value else { return nil }
        let scalars = Array(collapse(value).unicodeScalars.prefix(10))
        func digits(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= scalars.count else { return nil }
            var number = 0
            for scalar in scalars[range] {
                guard ("0"..."9").contains(scalar) else { return nil }
                number = number * 10 + Int(scalar.value - 48)
            }
            return number
        }
        let year: Int?
        let month: Int?
        let dayOfMonth: Int?
        if scalars.count >= 10, scalars[4] == "-", scalars[7] == "-" {
            (year, month, dayOfMonth) = (digits(0..<4), digits(5..<7), digits(8..<10))
        } else if scalars.count >= 8, scalars.count == 8 || scalars[8] == "T" || scalars[8] == " " {
            (year, month, dayOfMonth) = (digits(0..<4), digits(4..<6), digits(6..<8))
        } else {
            return nil
        }
        guard let year, let month, let dayOfMonth, (1...12).contains(month), (1...31).contains(dayOfMonth) else {
            return nil
        }
        func padded(_ number: Int, _ width: Int) -> String {
            let text = String(number)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(padded(year, 4))-\(padded(month, 2))-\(padded(dayOfMonth, 2))"
    }

    /// The place of a dateline written out ("PARIS, 19 septembre (AFP) -" gives "PARIS"): the
    /// text before the first comma or dash.
    static func datelinePlace(_ text: String?) -> String? {
        guard let text = collapsedOrNil(text) else { return nil }
        var place = Substring(text)
        if let comma = place.firstIndex(of: ",") { place = place[..<comma] }
        // A dash after a space ends the place; one inside a name ("Saint-Denis") does not.
        for dash in [" -", " \u{2013}", " \u{2014}"] {
            if let range = place.range(of: dash) { place = place[..<range.lowerBound] }
        }
        return collapsedOrNil(String(place))
    }
}
