import Foundation
import NIOHTTP1
import VigieProtocol

/// What the endpoint reads from a request: the path, the query parameters, the credentials.
struct HTTPRequest: Sendable {
    var method: HTTPMethod
    var path: String
    var query: [String: String]
    var headers: HTTPHeaders

    init?(_ head: HTTPRequestHead) {
        guard let components = URLComponents(string: head.uri), components.percentEncodedPath.hasPrefix("/") else {
            return nil
        }
        method = head.method
        path = components.path
        var query: [String: String] = [:]
        for item in components.queryItems ?? [] { query[item.name] = item.value ?? "" }
        self.query = query
        headers = head.headers
    }

    /// The token the client presented: `Authorization: Bearer`, or `token=` in the query.
    var presentedToken: String? {
        if let header = headers.first(name: "authorization") {
            let parts = header.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" { return String(parts[1]) }
        }
        return query["token"]
    }

    /// `Last-Event-ID`, the seq of the last message an EventSource received.
    var lastEventID: UInt64? {
        headers.first(name: "last-event-id").flatMap { UInt64($0.trimmingCharacters(in: .whitespaces)) }
    }

    /// The host named by the `Host` header, without its port.
    var host: String? {
        guard let value = headers.first(name: "host") else { return nil }
        if value.hasPrefix("[") {
            return value.firstIndex(of: "]").map { String(value[value.index(after: value.startIndex)..<$0]) }
        }
        return String(value.split(separator: ":", maxSplits: 1).first ?? "")
    }

    /// Where the stream starts and which events it carries, from `since`, `types`, `modes`,
    /// `countries`, `orgs`, `min_confidence` and `actor`, with the socket protocol's semantics.
    /// `Last-Event-ID` overrides `since`: a reconnecting EventSource resumes right after it.
    func subscription() throws(ProtocolError) -> (since: SubscriptionStart, filter: EventFilter) {
        let known: Set<String> = ["since", "types", "modes", "countries", "orgs", "min_confidence", "actor", "token"]
        if let unknown = query.keys.sorted().first(where: { !known.contains($0) }) {
            throw ProtocolError(
                .badFilter, "unknown parameter '\(unknown)'; known: \(known.sorted().joined(separator: ", "))")
        }
        var since = SubscriptionStart.now
        switch query["since"] {
        case nil, "now": since = .now
        case let value?:
            guard let n = UInt64(value) else {
                throw ProtocolError(.badSince, "since must be a non-negative integer or \"now\", not '\(value)'")
            }
            since = .seq(n)
        }
        if let last = lastEventID { since = .seq(last + 1) }
        func list(_ key: String) -> [String]? {
            query[key].map {
                $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            }
        }
        var types: [EventType]?
        if let names = list("types") {
            types = []
            for name in names {
                guard let type = EventType(rawValue: name.uppercased()) else {
                    throw ProtocolError(.badFilter, "unknown event type '\(name)'")
                }
                types?.append(type)
            }
        }
        var minConfidence: Double?
        if let value = query["min_confidence"] {
            guard let number = Double(value), (0...1).contains(number) else {
                throw ProtocolError(.badFilter, "min_confidence must be a number from 0 to 1, not '\(value)'")
            }
            minConfidence = number
        }
        let filter = EventFilter(
            types: types, modes: list("modes"), countries: list("countries"), orgs: list("orgs"),
            minConfidence: minConfidence, actor: query["actor"].flatMap { $0.isEmpty ? nil : $0 })
        return (since, filter)
    }
}
