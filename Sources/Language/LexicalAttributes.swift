/// The lexical attributes spaCy's French vocabulary gives a word, computed as spaCy computes
/// them (`spacy/lang/lex_attrs.py`), on Unicode code points as Python's `str` counts them, not on
/// Swift's grapheme clusters.
package enum LexicalAttributes {
    /// NORM: the lower-cased form (a tokenizer special case may set another).
    package static func norm(_ text: Substring) -> String {
        text.lowercased()
    }

    /// PREFIX: the first code point.
    package static func prefix(_ text: Substring) -> Substring {
        let scalars = text.unicodeScalars
        guard !scalars.isEmpty else { return "" }
        return Substring(scalars[scalars.startIndex..<scalars.index(after: scalars.startIndex)])
    }

    /// SUFFIX: the last three code points.
    package static func suffix(_ text: Substring) -> Substring {
        let scalars = text.unicodeScalars
        var start = scalars.endIndex
        var count = 0
        while count < 3, start > scalars.startIndex {
            start = scalars.index(before: start)
            count += 1
        }
        return Substring(scalars[start...])
    }

    /// SHAPE: letters as X/x, digits as d, anything else itself; runs longer than four cut to
    /// four; "LONG" from 100 code points.
    package static func shape(_ text: Substring) -> String {
        let scalars = text.unicodeScalars
        var shape = String.UnicodeScalarView()
        var last: Unicode.Scalar? = nil
        var run = 0
        var length = 0
        for scalar in scalars {
            length += 1
            if length >= 100 { return "LONG" }
            let mapped: Unicode.Scalar
            if isAlpha(scalar) {
                mapped = scalar.properties.isUppercase ? "X" : "x"
            } else if isDigit(scalar) {
                mapped = "d"
            } else {
                mapped = scalar
            }
            if mapped == last {
                run += 1
            } else {
                run = 0
                last = mapped
            }
            if run < 4 { shape.append(mapped) }
        }
        return String(shape)
    }

    /// IS_SPACE: every code point is white space (Python's `str.isspace`), and there is one.
    package static func isSpace(_ text: Substring) -> Bool {
        var any = false
        for scalar in text.unicodeScalars {
            guard isPythonSpace(scalar) else { return false }
            any = true
        }
        return any
    }

    /// Python's `str.isalpha` for one code point: a letter category (Lu, Ll, Lt, Lm, Lo).
    package static func isAlpha(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: true
        default: false
        }
    }

    /// Python's `str.isdigit` for one code point: numeric type Decimal or Digit.
    package static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.numericType {
        case .decimal?, .digit?: true
        default: false
        }
    }

    /// Python's `str.isspace` for one code point: White_Space, or the bidirectional classes B and
    /// S that Python adds (U+001C to U+001F).
    package static func isPythonSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || (0x1C...0x1F).contains(scalar.value)
    }
}
