import Foundation
import VigieDaemon
import VigieProtocol

/// A real event log in a test directory (fsync `never`: these tests do not cut the power).
func makeEventLog(in directory: String) throws -> EventLog {
    var configuration = EventLogConfiguration(directory: directory + "/log")
    configuration.fsync = .never
    return try EventLog(configuration: configuration)
}

extension EventLog {
    /// Every retained event.
    func all() throws -> [LoggedEvent] { try readEvents(from: 1, maxCount: Int.max) }
}

/// Test records: varied event types and actor countries, unique ids.
enum Records {
    static let countries: [String?] = ["FRA", "UKR", nil, "RUS", "ARM", "AZE"]

    static func make(_ range: Range<Int>, tag: String = "t") -> [EventRecord] {
        range.map { i in
            let type = EventType.allCases[i % EventType.allCases.count]
            let country = countries[i % countries.count]
            return EventRecord(
                id: "\(tag)-\(i)",
                dispatch: DispatchRef(
                    name: "d\(i).txt", sha256: String(repeating: "a", count: 64), published: "2024-05-01"),
                event: type,
                actor: [Entity(text: "acteur \(i)", country: country, sector: .gov)],
                evidence: Evidence(text: "texte \(i)", start: 0, end: 10),
                confidence: 0.8,
                coder: Coder(name: "test", version: "0", lexicon: "0"))
        }
    }
}
