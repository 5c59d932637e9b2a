import VigieProtocol

/// The subject an event is published to: `<prefix>.<EVENT>.<actor country or XXX>`, so consumers
/// filter on the server (`vigie.events.ASSAULT.>`, `vigie.events.*.UKR`).
public enum Subjects {
    /// The country token when no actor has a usable country.
    public static let unknownCountry = "XXX"

    /// The subject of `record` under `prefix`.
    public static func subject(for record: EventRecord, prefix: String) -> String {
        prefix + "." + record.event.rawValue + "." + countryToken(record)
    }

    /// The subject of the retraction of `record`: `<prefix>.retract.<EVENT>.<COUNTRY>` (event
    /// types are upper case, so `retract` never names one).
    public static func retractionSubject(for record: EventRecord, prefix: String) -> String {
        prefix + ".retract." + record.event.rawValue + "." + countryToken(record)
    }

    /// The first actor country made of letters and digits, uppercased; `XXX` otherwise.
    /// Anything else could break the subject's token structure (dots, spaces, wildcards).
    static func countryToken(_ record: EventRecord) -> String {
        for entity in record.actor {
            guard let country = entity.country, !country.isEmpty else { continue }
            let upper = country.uppercased()
            if upper.utf8.allSatisfy({ isAlnum($0) }) { return upper }
        }
        return unknownCountry
    }

    /// The wildcard that captures every subject under `prefix`.
    public static func wildcard(prefix: String) -> String { prefix + ".>" }

    static func isAlnum(_ b: UInt8) -> Bool {
        (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b)
    }

    /// Dot-separated, non-empty tokens without whitespace or wildcards.
    static func isValidPrefix(_ prefix: String) -> Bool {
        let tokens = prefix.split(separator: ".", omittingEmptySubsequences: false)
        return !tokens.isEmpty
            && tokens.allSatisfy { token in
                !token.isEmpty
                    && token.utf8.allSatisfy { $0 > 0x20 && $0 != 0x7F && $0 != 0x2A && $0 != 0x3E }
            }
    }

    /// Stream names: letters, digits, `-` and `_`.
    static func isValidStreamName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { isAlnum($0) || $0 == 0x2D || $0 == 0x5F }
    }
}
