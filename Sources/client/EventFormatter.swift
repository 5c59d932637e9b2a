import VigieProtocol

/// One event as one readable line: seq, date, type/mode, actor → recipient, place, toll, evidence.
struct EventFormatter {
    var colours: Bool
    var evidenceLength = 90

    func line(seq: UInt64, _ record: EventRecord) -> String {
        var parts: [String] = []
        parts.append(paint(String(seq).leftPadded(to: 6), .dim))
        parts.append((record.date ?? record.dispatch.published ?? "----------").rightPadded(to: 10))
        var kind = record.event.rawValue
        if let mode = record.mode { kind += "/" + mode }
        parts.append(paint(kind, colour(for: record.event)))
        let actors = record.actor.isEmpty ? "?" : record.actor.map(label).joined(separator: ", ")
        var who = paint(actors, .bold)
        if !record.recipient.isEmpty {
            who += " → " + record.recipient.map(label).joined(separator: ", ")
        }
        parts.append(who)
        if let place = record.place {
            parts.append("@ " + place.name + (place.country.map { " (\($0))" } ?? ""))
        }
        if let toll = toll(record.size) { parts.append(paint(toll, .red)) }
        parts.append(paint("« " + shorten(record.evidence.text) + " »", .dim))
        if let old = record.supersedes { parts.append(paint("(replaces \(old))", .dim)) }
        return parts.joined(separator: "  ")
    }

    /// A retraction: the retracted event's seq-less summary, struck through by a marker.
    func retraction(seq: UInt64, _ retraction: Retraction, _ record: EventRecord) -> String {
        var kind = record.event.rawValue
        if let mode = record.mode { kind += "/" + mode }
        let who = record.actor.isEmpty ? "?" : record.actor.map(label).joined(separator: ", ")
        return [
            paint(String(seq).leftPadded(to: 6), .dim), paint("RETRACTED".rightPadded(to: 10), .red),
            kind, who, paint("id \(retraction.id) (\(retraction.reason), story \(retraction.story))", .dim),
        ].joined(separator: "  ")
    }

    func label(_ entity: Entity) -> String {
        let name = entity.name ?? entity.text
        if let country = entity.country { return "\(name) (\(country))" }
        if let org = entity.org, org.uppercased() != name.uppercased() { return "\(name) (\(org))" }
        return name
    }

    func toll(_ size: Size) -> String? {
        var parts: [String] = []
        if let dead = size.dead { parts.append("\(dead) dead") }
        if let injured = size.injured { parts.append("\(injured) injured") }
        if let arrested = size.arrested { parts.append("\(arrested) arrested") }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }

    func shorten(_ text: String) -> String {
        let flat = text.split(whereSeparator: { $0 == "\n" || $0 == "\t" }).joined(separator: " ")
        guard flat.count > evidenceLength else { return flat }
        return String(flat.prefix(evidenceLength - 1)) + "…"
    }

    enum Colour: String {
        case red = "31"
        case green = "32"
        case yellow = "33"
        case cyan = "36"
        case bold = "1"
        case dim = "2"
    }

    // Material conflict in red, verbal conflict in yellow, cooperation in green.
    func colour(for type: EventType) -> Colour {
        switch type {
        case .assault, .coerce, .mobilize: return .red
        case .accuse, .reject, .threaten, .protest, .sanction: return .yellow
        case .agree, .consult, .support, .concede, .cooperate, .aid, .retreat: return .green
        case .request: return .cyan
        }
    }

    func paint(_ text: String, _ colour: Colour) -> String {
        colours ? "\u{1B}[\(colour.rawValue)m\(text)\u{1B}[0m" : text
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }

    func rightPadded(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
