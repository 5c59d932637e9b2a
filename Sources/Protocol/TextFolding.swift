/// Case and diacritic folding used wherever French writers vary (Aliev/Aliyev, Çavuşoğlu).
public enum TextFolding {
    /// Lowercased, with diacritics removed and ligatures expanded ("Œuvre" gives "oeuvre").
    public static func fold(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            appendFolded(scalar, to: &out)
        }
        return String(out)
    }

    /// Appends the folded form of one scalar.
    @inline(__always)
    public static func appendFolded(_ scalar: Unicode.Scalar, to out: inout String.UnicodeScalarView) {
        let v = scalar.value
        if v < 0x80 {
            if v >= 0x41 && v <= 0x5A {
                out.append(Unicode.Scalar(v + 32)!)
            } else {
                out.append(scalar)
            }
            return
        }
        if let mapped = latinFold[v] {
            out.append(contentsOf: mapped.unicodeScalars)
            return
        }
        // Combining diacritical marks vanish.
        if v >= 0x300 && v <= 0x36F { return }
        for lower in scalar.properties.lowercaseMapping.unicodeScalars {
            out.append(lower)
        }
    }

    // Latin letters with diacritics and the typographic marks French copy uses.
    static let latinFold: [UInt32: String] = {
        var table: [UInt32: String] = [:]
        let groups: [(String, String)] = [
            ("ÀÁÂÃÄÅàáâãäåĀāĂăĄą", "a"), ("ÇçĆćĈĉĊċČč", "c"), ("ĎďĐđ", "d"),
            ("ÈÉÊËèéêëĒēĔĕĖėĘęĚě", "e"), ("ĜĝĞğĠġĢģ", "g"), ("ĤĥĦħ", "h"),
            ("ÌÍÎÏìíîïĨĩĪīĬĭĮįİı", "i"), ("Ĵĵ", "j"), ("Ķķ", "k"), ("ĹĺĻļĽľĿŀŁł", "l"),
            ("ÑñŃńŅņŇň", "n"), ("ÒÓÔÕÖØòóôõöøŌōŎŏŐő", "o"), ("ŔŕŖŗŘř", "r"),
            ("ŚśŜŝŞşŠšȘș", "s"), ("ŢţŤťŦŧȚț", "t"), ("ÙÚÛÜùúûüŨũŪūŬŭŮůŰűŲų", "u"),
            ("Ŵŵ", "w"), ("ÝýÿŶŷŸ", "y"), ("ŹźŻżŽž", "z"),
        ]
        for (letters, base) in groups {
            for s in letters.unicodeScalars { table[s.value] = base }
        }
        table[0xC6] = "ae"
        table[0xE6] = "ae"
        table[0x152] = "oe"
        table[0x153] = "oe"
        table[0xDF] = "ss"
        // Apostrophes and dashes in their typographic forms.
        for v: UInt32 in [0x2019, 0x2018, 0x02BC, 0x2032, 0x00B4] { table[v] = "'" }
        for v: UInt32 in [0x2010, 0x2011, 0x2012, 0x2013, 0x2014] { table[v] = "-" }
        for v: UInt32 in [0x00A0, 0x202F, 0x2009] { table[v] = " " }
        return table
    }()
}
