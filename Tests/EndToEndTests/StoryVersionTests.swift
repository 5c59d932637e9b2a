import Foundation
import Testing
import VigieDispatchFile
import VigieExtractor
import VigieProtocol

/// Three versions of one agency story (ninjs, same uri, versions 1-3: the toll changes, then
/// one event goes and another comes) dropped into the real vigied in every order, with a
/// restart or a `kill -9` after each drop. A subscriber that follows the daemon across the
/// restarts, and one that replays the log from 0 at the end, both hold exactly the events of
/// version 3 once they apply the retractions.
@Suite(.serialized)
struct StoryVersionTests {
    static let paragraphs = [
        "attack5":
            "Des rebelles du M23 ont attaqué mardi la ville de Goma, dans l'est de la République démocratique du Congo, tuant cinq civils, selon l'armée congolaise.",
        "attack12":
            "Des rebelles du M23 ont attaqué mardi la ville de Goma, dans l'est de la République démocratique du Congo, tuant douze civils, selon l'armée congolaise.",
        "condemn": "Le président congolais Félix Tshisekedi a condamné cette attaque.",
        "protest": "Des milliers de manifestants ont manifesté mercredi à Kinshasa contre la mission de l'ONU.",
        "arrest": "La police congolaise a arrêté mercredi trois militants de l'opposition à Kinshasa.",
    ]
    static let versions = [
        1: ["attack5", "condemn", "protest"], 2: ["attack12", "condemn", "protest"],
        3: ["attack12", "condemn", "arrest"],
    ]

    /// Version `v` as a ninjs 1.x document.
    static func ninjs(_ v: Int) throws -> String {
        let body = (versions[v] ?? []).compactMap { paragraphs[$0] }.joined(separator: "\n\n")
        let doc: [String: Any] = [
            "uri": "urn:newsml:vigie.test:20230919:goma", "version": "\(v)", "type": "text", "language": "fr",
            "versioncreated": "2023-09-19T1\(v):00:00Z", "headline": "RDC : attaque rebelle à Goma", "body_text": body,
        ]
        return String(decoding: try JSONSerialization.data(withJSONObject: doc, options: [.sortedKeys]), as: UTF8.self)
    }

    /// The events the coder gives version `v`, in-process.
    static func events(_ v: Int) throws -> [EventRecord] {
        let file = try DispatchReader().decodeFile(name: "goma-v\(v).json", bytes: Array(try ninjs(v).utf8))
        let dispatch = try #require(file.dispatches.first)
        #expect(dispatch.story == "urn:newsml:vigie.test:20230919:goma" && dispatch.version == v)
        return inProcessExtractor.extract(dispatch)
    }

    /// A subscriber's view: it applies events and retractions from its cursor on, and resumes
    /// after the last seq it read when the connection ends.
    final class Holder {
        var held: [String: EventRecord] = [:]
        var next: UInt64 = 0

        /// Reads until the daemon's log end (`last`), then returns.
        func follow(socket: String, until last: UInt64) throws {
            guard next <= last else { return }
            let client = try LineClient(socketPath: socket)
            client.send("{\"op\":\"subscribe\",\"since\":\(next)}")
            while next <= last, let line = client.readLine() {
                switch try LineCodec.decodeServerMessage(Array(line.utf8)) {
                case .event(let seq, let record):
                    #expect(held[record.id] == nil, "event \(record.id) delivered while already held")
                    held[record.id] = record
                    next = seq + 1
                case .retract(let seq, let retraction, let record):
                    #expect(held.removeValue(forKey: retraction.id) == record, "retraction of an event not held")
                    next = seq + 1
                case .gap, .error, .bye:
                    Issue.record("unexpected line: \(line)")
                    return
                default:
                    continue
                }
            }
        }
    }

    @Test func everyOrderOfThreeVersionsEndsWithTheEventsOfTheLatest() throws {
        let v1 = try Self.events(1)
        let v2 = try Self.events(2)
        let v3 = try Self.events(3)
        // The story as written: the toll changes between 1 and 2, one event goes and one comes in 3.
        try #require(v1.count == 3 && v2.count == 3 && v3.count == 3, "the coder no longer reads the story as written")
        try #require(Set(v1.map(\.id)).intersection(v2.map(\.id)).count == 2)
        try #require(Set(v2.map(\.id)).intersection(v3.map(\.id)).count == 2)
        let latest = Set(v3.map(\.id))
        let orders = [[1, 2, 3], [1, 3, 2], [2, 1, 3], [2, 3, 1], [3, 1, 2], [3, 2, 1]]
        for (k, order) in orders.enumerated() {
            let d = DaemonProcess()
            defer { d.cleanUp() }
            let live = Holder()
            try d.start()
            for (step, v) in order.enumerated() {
                let name = "goma-v\(v).json"
                d.dropAtomically(name, try Self.ninjs(v))
                try waitUntil("\(name) to be finished") { try d.finished().contains { $0.name == name } }
                let last = try d.loggedEvents().last?.seq ?? 0
                try live.follow(socket: d.socket, until: last)
                // Alternately a clean restart and a kill -9 between drops.
                if (k + step) % 2 == 0 {
                    #expect(d.kill9(), "vigied exited on its own: \(d.stderr())")
                } else {
                    #expect(d.stop() == 0)
                }
                try d.start()
            }
            let last = try d.loggedEvents().last?.seq ?? 0
            try live.follow(socket: d.socket, until: last)
            let replay = Holder()
            try replay.follow(socket: d.socket, until: last)
            #expect(
                Set(live.held.keys) == latest, "order \(order): the live subscriber holds \(live.held.keys.sorted())")
            #expect(Set(replay.held.keys) == latest, "order \(order): replay from 0 holds \(replay.held.keys.sorted())")
            // The new toll names the event it replaces when version 1 came before version 2 or 3.
            let attack = try #require(replay.held.values.first { $0.event == .assault })
            #expect(attack.size.dead == 12)
            if order.firstIndex(of: 1)! < order.firstIndex(of: 2)!
                && order.firstIndex(of: 1)! < order.firstIndex(of: 3)!
            {
                #expect(attack.supersedes == v1.first { $0.event == .assault }?.id)
            }
            // Versions older than one processed are logged and change nothing.
            if order != [1, 2, 3] {
                #expect(d.allStderr().joined().contains("older story version ignored"))
            }
            #expect(d.stop() == 0)
        }
    }
}
