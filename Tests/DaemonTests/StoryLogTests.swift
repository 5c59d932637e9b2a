import Foundation
import Testing
import VigieProtocol

@testable import VigieDaemon

/// Story versions in the event log: later versions retract what they no longer give, keep what
/// they still give, name what they replace; older versions change nothing; all of it survives
/// a reopen.
@Suite struct StoryLogTests {
    func config(_ dir: String) -> EventLogConfiguration {
        EventLogConfiguration(directory: dir + "/log")
    }

    /// An event of a story with parties and a toll, so that identity and supersedes can be checked.
    func event(_ id: String, _ type: EventType = .assault, actor: String = "RUS", dead: Int? = nil) -> EventRecord {
        var r = record(id, event: type)
        r.actor = [Entity(text: actor, name: actor, country: actor, sector: .gov)]
        r.size = Size(dead: dead)
        return r
    }

    /// What a subscriber holds after applying every entry from seq 1 in order.
    func held(_ log: EventLog) throws -> Set<String> {
        var live = Set<String>()
        for e in try log.readEvents(from: 1, maxCount: 10_000) {
            if let r = e.retraction {
                #expect(live.remove(r.id) != nil, "retraction of an event the subscriber does not hold: \(r.id)")
            } else {
                #expect(live.insert(e.record.id).inserted, "event delivered twice while live: \(e.record.id)")
            }
        }
        return live
    }

    @Test func aLaterVersionRetractsWhatItNoLongerGivesAndNamesWhatItReplaces() throws {
        let dir = makeTempDirectory()
        defer { removeTree(dir) }
        let log = try EventLog(configuration: config(dir))
        let v1 = [event("a", dead: 5), event("b", .protest, actor: "FRA"), event("c", .consult)]
        let v2 = [event("a2", dead: 12), event("c", .consult), event("d", .sanction)]
        let first = try log.commit([StoryUpdate(story: "urn:s1", version: 1, records: v1)])
        #expect(first[0].appended.map(\.record.id) == ["a", "b", "c"])
        let second = try log.commit([StoryUpdate(story: "urn:s1", version: 2, records: v2)])
        let outcome = try #require(second.first)
        #expect(outcome.retracted.map(\.record.id) == ["a", "b"])
        #expect(outcome.appended.map(\.record.id) == ["a2", "d"])
        // The toll changed: the new event names the old one; the other new one replaces nothing.
        #expect(outcome.appended.map(\.record.supersedes) == ["a", nil])
        #expect(try held(log) == ["c", "a2", "d"])
        let entries = try log.readEvents(from: 4, maxCount: 10)
        try #require(entries.count == 4)
        #expect(entries[0].retraction == Retraction(id: "a", story: "urn:s1"))
        // The retraction carries the retracted event as it was delivered (for filters).
        #expect(entries[0].record == v1[0])
        #expect(entries[0].line.starts(with: Array(#"{"type":"retract","seq":4,"id":"a","story":"urn:s1","#.utf8)))
    }

    @Test func anOlderVersionChangesNothingAndTheSameVersionAgainAddsNothing() throws {
        let dir = makeTempDirectory()
        defer { removeTree(dir) }
        let log = try EventLog(configuration: config(dir))
        try log.commit([StoryUpdate(story: "s", version: 3, records: [event("x")])])
        let stale = try log.commit([StoryUpdate(story: "s", version: 2, records: [event("y")])])
        #expect(stale.first?.staleAgainst == 3)
        #expect(stale.first?.appended.isEmpty == true)
        let again = try log.commit([StoryUpdate(story: "s", version: 3, records: [event("x")])])
        #expect(again.first?.appended.isEmpty == true && again.first?.retracted.isEmpty == true)
        // A version known from elsewhere (the ledger) counts too.
        let known = try log.commit(
            [StoryUpdate(story: "t", version: 1, records: [event("z")])], minimumVersions: ["t": 4])
        #expect(known.first?.staleAgainst == 4)
        #expect(try held(log) == ["x"])
        #expect(log.lastSeq == 1)
    }

    @Test func aRetractedEventGivenAgainIsRevivedUnderItsId() throws {
        let dir = makeTempDirectory()
        defer { removeTree(dir) }
        let log = try EventLog(configuration: config(dir))
        try log.commit([StoryUpdate(story: "s", version: 1, records: [event("a"), event("b", .protest)])])
        try log.commit([StoryUpdate(story: "s", version: 2, records: [event("b", .protest)])])
        let third = try log.commit([StoryUpdate(story: "s", version: 3, records: [event("a"), event("b", .protest)])])
        #expect(third.first?.appended.map(\.record.id) == ["a"])
        #expect(third.first?.appended.first?.revives == true)
        #expect(try held(log) == ["a", "b"])
        // The plain append also revives a retracted id, and still drops a live one.
        try log.commit([StoryUpdate(story: "s", version: 4, records: [event("b", .protest)])])
        #expect(try log.append([event("a"), event("b", .protest)]).map(\.record.id) == ["a"])
    }

    @Test func growthAddsWithoutRetractingAndTheWholeTextThenReplaces() throws {
        let dir = makeTempDirectory()
        defer { removeTree(dir) }
        let log = try EventLog(configuration: config(dir))
        try log.commit([StoryUpdate(story: "f.txt", version: nil, records: [event("p1")], replaces: false)])
        try log.commit([StoryUpdate(story: "f.txt", version: nil, records: [event("p2")], replaces: false)])
        #expect(try held(log) == ["p1", "p2"])
        // The whole text no longer gives p1 (its toll was read otherwise with more context).
        try log.commit([StoryUpdate(story: "f.txt", version: nil, records: [event("p2"), event("p3")])])
        #expect(try held(log) == ["p2", "p3"])
    }

    @Test func twoVersionsInOneBatchApplyInOrder() throws {
        let dir = makeTempDirectory()
        defer { removeTree(dir) }
        let log = try EventLog(configuration: config(dir))
        let outcomes = try log.commit([
            StoryUpdate(story: "s", version: 1, records: [event("a"), event("b", .protest)]),
            StoryUpdate(story: "s", version: 2, records: [event("b", .protest), event("c", .consult)]),
            StoryUpdate(story: "s", version: 1, records: [event("a")]),
        ])
        #expect(outcomes.map { $0.retracted.map(\.record.id) } == [[], ["a"], []])
        #expect(outcomes[2].staleAgainst == 2)
        #expect(try held(log) == ["b", "c"])
    }

    @Test func storiesLiveEventsAndVersionsSurviveAReopen() throws {
        let dir = makeTempDirectory()
        defer { removeTree(dir) }
        do {
            let log = try EventLog(configuration: config(dir))
            try log.commit([StoryUpdate(story: "s", version: 2, records: [event("a"), event("b", .protest)])])
            try log.commit([StoryUpdate(story: "s", version: 3, records: [event("b", .protest)])])
            log.close()
        }
        let log = try EventLog(configuration: config(dir))
        #expect(log.version(story: "s") == 3)
        #expect(try log.liveEvents(story: "s").map(\.record.id) == ["b"])
        #expect(try log.commit([StoryUpdate(story: "s", version: 2, records: [])]).first?.staleAgainst == 3)
        try log.commit([StoryUpdate(story: "s", version: 4, records: [event("a")])])
        #expect(try held(log) == ["a"])
        let read = try log.readEvents(from: 1, maxCount: 100)
        #expect(read.map { $0.retraction != nil } == [false, false, true, true, false])
        #expect(read.last?.revives == true)
    }

    @Test func retentionKeepsTheRetractedStateOfDroppedEntries() throws {
        let dir = makeTempDirectory()
        defer { removeTree(dir) }
        var c = config(dir)
        c.segmentBytes = 1
        c.retentionBytes = 1
        do {
            let log = try EventLog(configuration: c)
            try log.commit([StoryUpdate(story: "s", version: 1, records: [event("a")])])
            try log.commit([StoryUpdate(story: "s", version: 2, records: [event("b", .protest)])])
            try log.append([event("pad", .consult)])
            #expect(try log.enforceRetention() == 2)
            #expect(log.currentBounds().first == 4)
            log.close()
        }
        let log = try EventLog(configuration: c)
        // "a" was retracted before its entries were dropped: it can come back; "b" is live.
        #expect(try log.append([event("a"), event("b", .protest)]).map(\.record.id) == ["a"])
    }
}
