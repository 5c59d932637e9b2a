import Foundation

/// The scorer's result, printable as the reference scorer's table or its `--json` document.
public struct ScoreReport: Sendable, Hashable {
    public var dispatches = 0
    /// Required (non-optional) gold events in the scored dispatches.
    public var goldEvents = 0
    public var predictedEvents = 0
    public var type = LevelCounts()
    public var full = LevelCounts()
    public var perType = PerTypeCounts()
    public var accuracy = AccuracyCounts()
    /// Dispatches that have predictions but no gold; they are ignored.
    public var unknownDispatches: [String] = []

    public init() {}

    /// The table and summary line, byte for byte as `score.py` prints them.
    public func text() -> String {
        var out = "\(pad("event", 10)) \(lpad("matched", 7)) \(lpad("predicted", 9)) \(lpad("gold", 5))\n"
        let rows = perType.rows.filter { $0.event?.isTruthy ?? false }
            .sorted { a, b in
                Scorer.codePointLess(a.event?.pythonString ?? "", b.event?.pythonString ?? "")
            }
        for row in rows {
            out += "\(pad(row.event?.pythonString ?? "", 10)) \(lpad(String(row.matched), 7)) "
            out += "\(lpad(String(row.predicted), 9)) \(lpad(String(row.gold), 5))\n"
        }
        for entry in accuracy.entries {
            if let acc = entry.accuracy {
                out += "\(entry.field) accuracy on full matches: \(fixed(acc, 2)) of \(entry.scored)\n"
            } else {
                out += "\(entry.field): none scored\n"
            }
        }
        if !unknownDispatches.isEmpty {
            out += "predictions for dispatches without gold (ignored): \(unknownDispatches.count)\n"
        }
        out += "full F1 \(fixed(full.f1, 3)) (P \(fixed(full.precision, 3)) R \(fixed(full.recall, 3))) · "
        out += "type F1 \(fixed(type.f1, 3)) · \(dispatches) dispatches, "
        out += "\(goldEvents) gold, \(predictedEvents) predicted\n"
        return out
    }

    /// The metrics as the JSON document `score.py --json` prints (same keys, order and spacing).
    public func json() -> String {
        var o = JSONObject()
        o["dispatches"] = .int(dispatches)
        o["gold_events"] = .int(goldEvents)
        o["predicted_events"] = .int(predictedEvents)
        o["type"] = Self.levelJSON(type)
        o["full"] = Self.levelJSON(full)
        var acc = JSONObject()
        for entry in accuracy.entries {
            acc[entry.field] = .array([entry.accuracy.map(JSONValue.number) ?? .null, .int(entry.scored)])
        }
        o["accuracy"] = .object(acc)
        o["unknown_dispatches_in_predictions"] = .array(unknownDispatches.map(JSONValue.string))
        return JSONWriter.indented(.object(o)) + "\n"
    }

    private static func levelJSON(_ c: LevelCounts) -> JSONValue {
        var o = JSONObject()
        o["tp"] = .int(c.tp)
        o["fp"] = .int(c.fp)
        o["fn"] = .int(c.fn)
        o["precision"] = .number(c.precision)
        o["recall"] = .number(c.recall)
        o["f1"] = .number(c.f1)
        return .object(o)
    }

    private func pad(_ s: String, _ width: Int) -> String {
        let n = s.unicodeScalars.count
        return n >= width ? s : s + String(repeating: " ", count: width - n)
    }

    private func lpad(_ s: String, _ width: Int) -> String {
        let n = s.unicodeScalars.count
        return n >= width ? s : String(repeating: " ", count: width - n) + s
    }

    // printf rounds the exact binary value to nearest, as Python's format does.
    private func fixed(_ x: Double, _ digits: Int) -> String {
        String(format: "%.\(digits)f", x)
    }
}
