/// The 16 PLOVER event types.
public enum EventType: String, Codable, Sendable, CaseIterable, Hashable {
    case agree = "AGREE"
    case consult = "CONSULT"
    case support = "SUPPORT"
    case concede = "CONCEDE"
    case cooperate = "COOPERATE"
    case aid = "AID"
    case retreat = "RETREAT"
    case request = "REQUEST"
    case accuse = "ACCUSE"
    case reject = "REJECT"
    case threaten = "THREATEN"
    case protest = "PROTEST"
    case sanction = "SANCTION"
    case mobilize = "MOBILIZE"
    case coerce = "COERCE"
    case assault = "ASSAULT"
}

/// The sector of an actor, as in the annotation guide.
public enum Sector: String, Codable, Sendable, CaseIterable, Hashable {
    case gov = "GOV", mil = "MIL", leg = "LEG", jud = "JUD", cop = "COP", reb = "REB"
    case pty = "PTY", opp = "OPP", cvl = "CVL", jrn = "JRN", bus = "BUS", rel = "REL"
    case igo = "IGO", ngo = "NGO", unk = "UNK"
}

/// How precise an event date is.
public enum DatePrecision: String, Codable, Sendable, Hashable {
    case day, month, year
}

/// A participant in an event: a person, a state, an office, a body or a described group.
public struct Entity: Codable, Sendable, Hashable {
    /// The words of the dispatch that name the entity.
    public var text: String
    /// Canonical name ("Ilham Aliyev", "OSCE Minsk Group") or a short description, or nil.
    public var name: String?
    /// ISO 3166-1 alpha-3 of the state the entity belongs to ("NKR" for Nagorno-Karabakh authorities).
    public var country: String?
    /// Acronym of an international or non-state organization ("UN", "EU", "OSCE").
    public var org: String?
    public var sector: Sector
    /// CAMEO-style actor code such as "FRAGOV".
    public var code: String?

    public init(
        text: String, name: String? = nil, country: String? = nil, org: String? = nil,
        sector: Sector = .unk, code: String? = nil
    ) {
        self.text = text
        self.name = name
        self.country = country
        self.org = org
        self.sector = sector
        self.code = code
    }

    /// The key the scorer matches entities on: the country code, else "ORG:" and the acronym.
    public var matchKey: String? {
        if let country { return country.uppercased() }
        if let org { return "ORG:" + org.uppercased() }
        return nil
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(text, forKey: .text)
        try c.encode(name, forKey: .name)
        try c.encode(country, forKey: .country)
        try c.encode(org, forKey: .org)
        try c.encode(sector, forKey: .sector)
        try c.encode(code, forKey: .code)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        text = try c.decodeIfPresent(String.self, forKey: .text) ?? ""
        name = try c.decodeIfPresent(String.self, forKey: .name)
        country = try c.decodeIfPresent(String.self, forKey: .country)
        org = try c.decodeIfPresent(String.self, forKey: .org)
        sector = try c.decodeIfPresent(Sector.self, forKey: .sector) ?? .unk
        code = try c.decodeIfPresent(String.self, forKey: .code)
    }

    enum CodingKeys: String, CodingKey { case text, name, country, org, sector, code }
}

/// Where an event happened.
public struct Place: Codable, Sendable, Hashable {
    public var name: String
    public var country: String?
    public var lat: Double?
    public var lon: Double?

    public init(name: String, country: String? = nil, lat: Double? = nil, lon: Double? = nil) {
        self.name = name
        self.country = country
        self.lat = lat
        self.lon = lon
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(country, forKey: .country)
        try c.encode(lat, forKey: .lat)
        try c.encode(lon, forKey: .lon)
    }

    enum CodingKeys: String, CodingKey { case name, country, lat, lon }
}

/// The toll of an event; only the numbers the text gives are present.
public struct Size: Codable, Sendable, Hashable {
    public var dead: Int?
    public var injured: Int?
    public var arrested: Int?

    public init(dead: Int? = nil, injured: Int? = nil, arrested: Int? = nil) {
        self.dead = dead
        self.injured = injured
        self.arrested = arrested
    }

    public var isEmpty: Bool { dead == nil && injured == nil && arrested == nil }
}

/// The passage of the dispatch that shows the event.
public struct Evidence: Codable, Sendable, Hashable {
    public var text: String
    /// UTF-8 byte offsets in the decoded dispatch text, `start..<end`.
    public var start: Int
    public var end: Int

    public init(text: String, start: Int, end: Int) {
        self.text = text
        self.start = start
        self.end = end
    }
}

/// Which coder produced a record: its name, version and the version of its lexicons.
public struct Coder: Codable, Sendable, Hashable {
    public var name: String
    public var version: String
    public var lexicon: String

    public init(name: String, version: String, lexicon: String) {
        self.name = name
        self.version = version
        self.lexicon = lexicon
    }
}

/// The dispatch an event was read from.
public struct DispatchRef: Codable, Sendable, Hashable {
    /// The file name, without its directory; `name#N` for the N-th item (from 1) of a file
    /// holding several.
    public var name: String
    /// Hex SHA-256 of the raw bytes of the file the event was extracted from.
    public var sha256: String
    /// "YYYY-MM" or "YYYY-MM-DD" from the dispatch header or the wire format's dates, or nil.
    public var published: String?
    /// How the file was read: "text", "newsml-g2", "nitf", "ninjs" or "html". Absent means text.
    public var format: String?
    /// The story the dispatch is a version of: the wire item's guid, uri or doc-id. Nil for
    /// plain text, whose story is its file name.
    public var story: String?
    /// The version of the story the format gives, or nil.
    public var version: Int?
    /// The place of the dateline given by the format, or nil.
    public var dateline: String?

    public init(
        name: String, sha256: String, published: String?, format: String? = nil, story: String? = nil,
        version: Int? = nil, dateline: String? = nil
    ) {
        self.name = name
        self.sha256 = sha256
        self.published = published
        self.format = format
        self.story = story
        self.version = version
        self.dateline = dateline
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(sha256, forKey: .sha256)
        try c.encode(published, forKey: .published)
        // Written only when present, so plain-text records keep their 0.3 shape.
        try c.encodeIfPresent(format, forKey: .format)
        try c.encodeIfPresent(story, forKey: .story)
        try c.encodeIfPresent(version, forKey: .version)
        try c.encodeIfPresent(dateline, forKey: .dateline)
    }

    enum CodingKeys: String, CodingKey { case name, sha256, published, format, story, version, dateline }
}

/// One political event read from a dispatch: who did what to whom, when, where, with what toll.
///
/// Encoded as one JSON object per line; field names follow the wire contract in the README.
public struct EventRecord: Codable, Sendable, Hashable {
    /// Stable identifier: the same dispatch text always gives the same ids.
    public var id: String
    public var dispatch: DispatchRef
    /// ISO 639-1 language of the dispatch ("fr").
    public var language: String
    public var event: EventType
    /// PLOVER mode, or nil.
    public var mode: String?
    /// PLOVER contexts; may be empty.
    public var context: [String]
    /// CAMEO event code, or nil.
    public var cameo: String?
    public var actor: [Entity]
    public var recipient: [Entity]
    /// Who the text says reported the event, when it is a reported claim.
    public var claimedBy: [Entity]
    /// "YYYY-MM-DD", "YYYY-MM" or "YYYY", or nil when the text does not support one.
    public var date: String?
    public var datePrecision: DatePrecision?
    public var place: Place?
    public var size: Size
    public var evidence: Evidence
    /// 0...1
    public var confidence: Double
    public var coder: Coder
    /// The id of the event of an earlier version of the same story that this one replaces (its
    /// toll or date changed); that event is retracted. Nil otherwise.
    public var supersedes: String?

    public init(
        id: String, dispatch: DispatchRef, language: String = "fr", event: EventType,
        mode: String? = nil, context: [String] = [], cameo: String? = nil, actor: [Entity] = [],
        recipient: [Entity] = [], claimedBy: [Entity] = [], date: String? = nil,
        datePrecision: DatePrecision? = nil, place: Place? = nil, size: Size = Size(),
        evidence: Evidence, confidence: Double, coder: Coder, supersedes: String? = nil
    ) {
        self.supersedes = supersedes
        self.id = id
        self.dispatch = dispatch
        self.language = language
        self.event = event
        self.mode = mode
        self.context = context
        self.cameo = cameo
        self.actor = actor
        self.recipient = recipient
        self.claimedBy = claimedBy
        self.date = date
        self.datePrecision = datePrecision
        self.place = place
        self.size = size
        self.evidence = evidence
        self.confidence = confidence
        self.coder = coder
    }

    enum CodingKeys: String, CodingKey {
        case id, dispatch, language, event, mode, context, cameo, actor, recipient
        case claimedBy = "claimed_by"
        case date
        case datePrecision = "date_precision"
        case place, size, evidence, confidence, coder, supersedes
    }

    // Explicit so that absent values are written as `null`, as the wire contract says.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(dispatch, forKey: .dispatch)
        try c.encode(language, forKey: .language)
        try c.encode(event, forKey: .event)
        try c.encode(mode, forKey: .mode)
        try c.encode(context, forKey: .context)
        try c.encode(cameo, forKey: .cameo)
        try c.encode(actor, forKey: .actor)
        try c.encode(recipient, forKey: .recipient)
        try c.encode(claimedBy, forKey: .claimedBy)
        try c.encode(date, forKey: .date)
        try c.encode(datePrecision, forKey: .datePrecision)
        try c.encode(place, forKey: .place)
        try c.encode(size, forKey: .size)
        try c.encode(evidence, forKey: .evidence)
        try c.encode(confidence, forKey: .confidence)
        try c.encode(coder, forKey: .coder)
        try c.encodeIfPresent(supersedes, forKey: .supersedes)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        dispatch = try c.decode(DispatchRef.self, forKey: .dispatch)
        language = try c.decodeIfPresent(String.self, forKey: .language) ?? "fr"
        event = try c.decode(EventType.self, forKey: .event)
        mode = try c.decodeIfPresent(String.self, forKey: .mode)
        context = try c.decodeIfPresent([String].self, forKey: .context) ?? []
        cameo = try c.decodeIfPresent(String.self, forKey: .cameo)
        actor = try c.decodeIfPresent([Entity].self, forKey: .actor) ?? []
        recipient = try c.decodeIfPresent([Entity].self, forKey: .recipient) ?? []
        claimedBy = try c.decodeIfPresent([Entity].self, forKey: .claimedBy) ?? []
        date = try c.decodeIfPresent(String.self, forKey: .date)
        datePrecision = try c.decodeIfPresent(DatePrecision.self, forKey: .datePrecision)
        place = try c.decodeIfPresent(Place.self, forKey: .place)
        size = try c.decodeIfPresent(Size.self, forKey: .size) ?? Size()
        evidence = try c.decode(Evidence.self, forKey: .evidence)
        confidence = try c.decodeIfPresent(Double.self, forKey: .confidence) ?? 0
        coder = try c.decode(Coder.self, forKey: .coder)
        supersedes = try c.decodeIfPresent(String.self, forKey: .supersedes)
    }
}
