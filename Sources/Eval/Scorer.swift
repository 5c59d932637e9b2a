/// The reference scorer's rules (`../shared/eval/score.py`), in Swift, so `vigie eval` prints
/// the same numbers as the reference without Python.
///
/// Matching is per dispatch:
/// - type level: same PLOVER event type;
/// - full level: same type, and the participants agree. For CONSULT, the union of actor and
///   recipient keys shares at least min(2, |gold union|) keys with the gold union; otherwise,
///   when the gold names actors a predicted actor key is among them, and when it names
///   recipients a predicted recipient key is among them. An entity's key is its country code,
///   else "ORG:" and its org acronym.
/// - Gold records marked optional are neither credited nor penalized: predictions are first
///   matched to required golds, and the leftovers to optional golds, which absorb them.
/// - The matching is a maximum one that, among all maximum matchings, gets the most dates,
///   sizes and modes right (Hungarian algorithm on weights "pair" + agreements, see
///   `Scorer+Matching.swift`), after the dispatch's predictions are put in the reference's
///   canonical order (sorted by their `json.dumps(sort_keys=True, ensure_ascii=False)` text), so
///   the order of the predictions never changes a score.
/// Among full-level matches it reports date, mode and size accuracy; a date counts as right when
/// it equals the gold date or refines it (gold "2020", predicted "2020-10").
public struct Scorer: Sendable {
    /// Gold records by dispatch name.
    public var gold: [String: [JSONValue]]
    /// Predicted records by dispatch name.
    public var predictions: [String: [JSONValue]]
    /// When set, only these dispatches are scored (`--only`).
    public var only: Set<String>?

    public init(gold: [String: [JSONValue]], predictions: [String: [JSONValue]], only: Set<String>? = nil) {
        self.gold = gold
        self.predictions = predictions
        self.only = only
    }

    /// Scores every gold dispatch (or the `only` ones) against the predictions.
    public func score() -> ScoreReport {
        let names = gold.keys.filter { only?.contains($0) ?? true }.sorted(by: Self.codePointLess)
        var report = ScoreReport()
        report.dispatches = names.count
        report.goldEvents = names.reduce(0) { n, name in
            n + (gold[name] ?? []).filter { !isOptional($0) }.count
        }
        report.predictedEvents = names.reduce(0) { $0 + (predictions[$1]?.count ?? 0) }

        for level in [Level.type, .full] {
            var tp = 0
            var fp = 0
            var fn = 0
            for name in names {
                let preds = predictions[name] ?? []
                let golds = gold[name] ?? []
                let result = Self.scoreDispatch(preds: preds, golds: golds, level: level)
                tp += result.tp
                fp += result.fp
                fn += result.fn
                guard level == .full else { continue }
                for (p, g) in result.pairs {
                    report.perType.add(key: Self.get(g, "event"), matched: 1)
                    if let gd = Self.get(g, "date"), gd.isTruthy {
                        report.accuracy.add("date", correct: Self.dateAgrees(Self.get(p, "date"), gd))
                    }
                    if let gm = Self.get(g, "mode"), gm.isTruthy {
                        report.accuracy.add("mode", correct: JSONValue.pythonEquals(Self.get(p, "mode"), gm))
                    }
                    if let right = Self.sizeAgrees(p, g) {
                        report.accuracy.add("size", correct: right)
                    }
                }
                for p in preds {
                    report.perType.add(key: Self.get(p, "event"), predicted: 1)
                }
                for g in golds where !isOptional(g) {
                    report.perType.add(key: Self.get(g, "event"), gold: 1)
                }
            }
            let counts = LevelCounts(tp: tp, fp: fp, fn: fn)
            if level == .type { report.type = counts } else { report.full = counts }
        }
        let goldNames = Set(gold.keys)
        report.unknownDispatches = predictions.keys.filter { !goldNames.contains($0) }
            .sorted(by: Self.codePointLess)
        return report
    }

    // MARK: The rules

    enum Level { case type, full }

    struct DispatchResult {
        var tp: Int
        var fp: Int
        var fn: Int
        var pairs: [(JSONValue, JSONValue)]
    }

    static func scoreDispatch(preds unordered: [JSONValue], golds: [JSONValue], level: Level) -> DispatchResult {
        // The canonical order, so ties between equally good matchings break the same way
        // whatever order the predictions came in (Python's sort is stable, so is this one).
        let preds = unordered.map { (JSONWriter.canonical($0), $0) }
            .sorted { codePointLess($0.0, $1.0) }.map(\.1)
        let required = golds.filter { !isOptional($0) }
        let optional = golds.filter { isOptional($0) }
        let m1 = maxMatching(preds: preds, golds: required, level: level)
        let matched = Set(m1.map(\.pred))
        let rest = preds.indices.filter { !matched.contains($0) }
        let m2 = maxMatching(preds: rest.map { preds[$0] }, golds: optional, level: level)
        let tp = m1.count
        let fp = preds.count - tp - m2.count
        let fn = required.count - tp
        return DispatchResult(
            tp: tp, fp: fp, fn: fn, pairs: m1.map { (preds[$0.pred], required[$0.gold]) })
    }

    static func compatible(_ p: JSONValue, _ g: JSONValue, level: Level) -> Bool {
        guard JSONValue.pythonEquals(get(p, "event"), get(g, "event")) else { return false }
        if level == .type { return true }
        let pa = entityKeys(get(p, "actor"))
        let pr = entityKeys(get(p, "recipient"))
        let ga = entityKeys(get(g, "actor"))
        let gr = entityKeys(get(g, "recipient"))
        if JSONValue.pythonEquals(get(g, "event"), .string("CONSULT")) {
            let gu = ga.union(gr)
            let pu = pa.union(pr)
            return gu.intersection(pu).count >= min(2, gu.count)
        }
        if !ga.isEmpty, pa.isDisjoint(with: ga) { return false }
        if !gr.isEmpty, pr.isDisjoint(with: gr) { return false }
        return true
    }

    /// The keys of a list of entities: the country code, else "ORG:" and the acronym.
    public static func entityKeys(_ entities: JSONValue?) -> Set<String> {
        guard case .array(let list) = entities else { return [] }
        var keys = Set<String>()
        for e in list {
            guard case .object(let o) = e else { continue }
            if let c = o["country"], c.isTruthy {
                keys.insert(c.pythonString.uppercased())
            } else if let org = o["org"], org.isTruthy {
                keys.insert("ORG:" + org.pythonString.uppercased())
            }
        }
        return keys
    }

    /// The predicted date equals the gold date or refines it.
    static func dateAgrees(_ pred: JSONValue?, _ gold: JSONValue) -> Bool {
        guard case .string(let p) = pred else { return false }
        guard case .string(let g) = gold else { return JSONValue.pythonEquals(pred, gold) }
        if p.unicodeScalars.elementsEqual(g.unicodeScalars) { return true }
        let prefix = Array((g + "-").unicodeScalars)
        return Array(p.unicodeScalars.prefix(prefix.count)) == prefix
    }

    /// The gold size members that are not null, in order.
    static func sizeMembers(_ size: JSONValue?) -> [(String, JSONValue)] {
        guard let size, size.isTruthy, case .object(let o) = size else { return [] }
        return o.keys.compactMap { k in
            guard let v = o[k], v != .null else { return nil }
            return (k, v)
        }
    }

    func isOptional(_ g: JSONValue) -> Bool { Self.isOptional(g) }

    static func isOptional(_ g: JSONValue) -> Bool { get(g, "optional")?.isTruthy ?? false }

    /// Python's `record.get(key)`: nil when the member is missing or null.
    static func get(_ record: JSONValue, _ key: String) -> JSONValue? {
        nullToNil(record[key])
    }

    static func nullToNil(_ v: JSONValue?) -> JSONValue? {
        if case .null = v { return nil }
        return v
    }

    /// Python orders strings by code point; Swift's `<` is not quite that.
    static func codePointLess(_ a: String, _ b: String) -> Bool {
        a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars)
    }
}

/// True positives, false positives and false negatives at one level, with P, R and F1.
public struct LevelCounts: Sendable, Hashable {
    public var tp = 0
    public var fp = 0
    public var fn = 0

    public init(tp: Int = 0, fp: Int = 0, fn: Int = 0) {
        self.tp = tp
        self.fp = fp
        self.fn = fn
    }

    public var precision: Double { tp + fp > 0 ? Double(tp) / Double(tp + fp) : 0 }
    public var recall: Double { tp + fn > 0 ? Double(tp) / Double(tp + fn) : 0 }
    public var f1: Double {
        let p = precision
        let r = recall
        return p + r > 0 ? 2 * p * r / (p + r) : 0
    }
}

/// Per-type counts: matched at full level, predicted, gold (required only).
public struct PerTypeCounts: Sendable, Hashable {
    public struct Row: Sendable, Hashable {
        public var event: JSONValue?
        public var matched = 0
        public var predicted = 0
        public var gold = 0
    }

    public private(set) var rows: [Row] = []

    mutating func add(key: JSONValue?, matched: Int = 0, predicted: Int = 0, gold: Int = 0) {
        let index: Int
        if let k = rows.firstIndex(where: { JSONValue.pythonEquals($0.event, key) }) {
            index = k
        } else {
            rows.append(Row(event: key))
            index = rows.count - 1
        }
        rows[index].matched += matched
        rows[index].predicted += predicted
        rows[index].gold += gold
    }
}

/// Attribute accuracy among full matches, in the order the attributes were first scored.
public struct AccuracyCounts: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        public var field: String
        public var correct = 0
        public var scored = 0
        public var accuracy: Double? { scored > 0 ? Double(correct) / Double(scored) : nil }
    }

    public private(set) var entries: [Entry] = []

    mutating func add(_ field: String, correct: Bool) {
        if let k = entries.firstIndex(where: { $0.field == field }) {
            entries[k].scored += 1
            entries[k].correct += correct ? 1 : 0
        } else {
            entries.append(Entry(field: field, correct: correct ? 1 : 0, scored: 1))
        }
    }

    public subscript(field: String) -> Entry? { entries.first { $0.field == field } }
}
