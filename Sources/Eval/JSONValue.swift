import Foundation

/// A parsed JSON value, kept loose on purpose: the scorer must read gold and predicted lines
/// exactly as the reference scorer (Python's `json` module) does, whatever their shape.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    /// A number written without fraction or exponent (Python reads it as an `int`).
    case int(Int)
    /// A number with a fraction or an exponent (a Python `float`).
    case number(Double)
    case string(String)
    case array([JSONValue])
    /// Members in document order; a repeated key keeps its last value, as in Python.
    case object(JSONObject)

    /// The member `key` of an object, or nil (Python's `dict.get`).
    public subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    public var objectValue: JSONObject? {
        if case .object(let o) = self { return o }
        return nil
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// Python truthiness: null, false, 0, "", [] and {} are false.
    public var isTruthy: Bool {
        switch self {
        case .null: false
        case .bool(let b): b
        case .int(let n): n != 0
        case .number(let n): n != 0
        case .string(let s): !s.isEmpty
        case .array(let a): !a.isEmpty
        case .object(let o): !o.isEmpty
        }
    }

    /// Python's `str()` of the value, as far as the scorer uses it (entity codes, dispatch names).
    public var pythonString: String {
        switch self {
        case .null: "None"
        case .bool(let b): b ? "True" : "False"
        case .int(let n): String(n)
        case .number(let n): JSONWriter.pythonFloat(n)
        case .string(let s): s
        case .array, .object: JSONWriter.compact(self)
        }
    }

    /// Python `==` between two JSON values: numbers and booleans compare by value
    /// (`True == 1`), containers element by element.
    public static func pythonEquals(_ a: JSONValue?, _ b: JSONValue?) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        switch (a, b) {
        case (.null, .null): return true
        case (.string(let x), .string(let y)): return x.unicodeScalars.elementsEqual(y.unicodeScalars)
        case (.int(let x), .int(let y)): return x == y
        case (.int, .number), (.int, .bool), (.number, .int), (.bool, .int),
            (.number, .number), (.number, .bool), (.bool, .number), (.bool, .bool):
            return a.numeric == b.numeric
        case (.array(let x), .array(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { pythonEquals($0, $1) }
        case (.object(let x), .object(let y)):
            return x.count == y.count
                && x.keys.allSatisfy { k in y[k] != nil && pythonEquals(x[k], y[k]) }
        default: return false
        }
    }

    private var numeric: Double? {
        switch self {
        case .int(let n): Double(n)
        case .number(let n): n
        case .bool(let b): b ? 1 : 0
        default: nil
        }
    }
}

/// A JSON object that remembers the order its keys first appeared in.
public struct JSONObject: Sendable, Hashable {
    public private(set) var keys: [String] = []
    private var values: [String: JSONValue] = [:]

    public init() {}

    public subscript(key: String) -> JSONValue? {
        get { values[key] }
        set {
            if let newValue {
                if values.updateValue(newValue, forKey: key) == nil { keys.append(key) }
            } else if values.removeValue(forKey: key) != nil {
                keys.removeAll { $0 == key }
            }
        }
    }

    public var count: Int { keys.count }
    public var isEmpty: Bool { keys.isEmpty }
}

/// Reads one JSON text with Foundation's `JSONSerialization` into a `JSONValue`, keeping what
/// Python's `json` keeps apart: booleans, integers (no fraction or exponent) and floats.
public enum JSONReader {
    /// Why a text is not JSON: Foundation's own message.
    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        public var description: String
    }

    public static func parse(_ text: some StringProtocol) throws(ParseError) -> JSONValue {
        try parse(bytes: Array(text.utf8))
    }

    public static func parse(bytes: [UInt8]) throws(ParseError) -> JSONValue {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
        } catch {
            throw ParseError(description: "\(error.localizedDescription)")
        }
        return value(object)
    }

    private static func value(_ any: Any) -> JSONValue {
        switch any {
        case is NSNull: return .null
        case let s as String: return .string(s)
        case let n as NSNumber: return number(n)
        case let a as [Any]: return .array(a.map(value))
        case let d as [String: Any]:
            // Foundation does not keep member order; the scorer never depends on it (it sorts
            // keys where order shows), so members are kept in code point order.
            var o = JSONObject()
            for key in d.keys.sorted(by: Scorer.codePointLess) { o[key] = value(d[key]!) }
            return .object(o)
        default: return .string("\(any)")
        }
    }

    /// `JSONSerialization` gives every number and boolean as an `NSNumber`; its type encoding
    /// tells a boolean ("c"/"B"), a float ("d"/"f") and an integer apart.
    private static func number(_ n: NSNumber) -> JSONValue {
        switch String(cString: n.objCType) {
        case "c", "B": return .bool(n.boolValue)
        case "d", "f": return .number(n.doubleValue)
        case "Q":
            let u = n.uint64Value
            return u <= UInt64(Int.max) ? .int(Int(u)) : .number(Double(u))
        default: return .int(n.intValue)
        }
    }
}

/// Writes JSON the way Python's `json.dumps` does, so the scorer's `--json` output can be
/// compared byte for byte with the reference scorer's, and predictions sorted as it sorts them.
public enum JSONWriter {
    /// `json.dumps(v)`: ASCII only, members in their order.
    public static func compact(_ v: JSONValue) -> String {
        var out = ""
        write(v, Style(indent: nil, asciiOnly: true, sortKeys: false), level: 0, into: &out)
        return out
    }

    /// `json.dumps(v, indent=2)`.
    public static func indented(_ v: JSONValue, indent: Int = 2) -> String {
        var out = ""
        write(v, Style(indent: indent, asciiOnly: true, sortKeys: false), level: 0, into: &out)
        return out
    }

    /// `json.dumps(v, sort_keys=True, ensure_ascii=False)`: the reference scorer's canonical
    /// form, which orders a dispatch's predictions before matching.
    public static func canonical(_ v: JSONValue) -> String {
        var out = ""
        write(v, Style(indent: nil, asciiOnly: false, sortKeys: true), level: 0, into: &out)
        return out
    }

    /// Python's `repr` of a float: the shortest text that reads back to the same value.
    public static func pythonFloat(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d > 0 ? "Infinity" : "-Infinity" }
        // Both print the shortest text that reads back to the same value.
        return "\(d)"
    }

    private struct Style {
        var indent: Int?
        var asciiOnly: Bool
        var sortKeys: Bool
    }

    private static func write(_ v: JSONValue, _ style: Style, level: Int, into out: inout String) {
        switch v {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let n): out += String(n)
        case .number(let n): out += pythonFloat(n)
        case .string(let s): writeString(s, asciiOnly: style.asciiOnly, into: &out)
        case .array(let a):
            if a.isEmpty {
                out += "[]"
                return
            }
            out += "["
            for (k, e) in a.enumerated() {
                if k > 0 { out += style.indent == nil ? ", " : "," }
                newline(style.indent, level + 1, &out)
                write(e, style, level: level + 1, into: &out)
            }
            newline(style.indent, level, &out)
            out += "]"
        case .object(let o):
            if o.isEmpty {
                out += "{}"
                return
            }
            out += "{"
            let keys = style.sortKeys ? o.keys.sorted(by: Scorer.codePointLess) : o.keys
            for (k, key) in keys.enumerated() {
                if k > 0 { out += style.indent == nil ? ", " : "," }
                newline(style.indent, level + 1, &out)
                writeString(key, asciiOnly: style.asciiOnly, into: &out)
                out += ": "
                write(o[key] ?? .null, style, level: level + 1, into: &out)
            }
            newline(style.indent, level, &out)
            out += "}"
        }
    }

    private static func newline(_ indent: Int?, _ level: Int, _ out: inout String) {
        guard let indent else { return }
        out += "\n" + String(repeating: " ", count: indent * level)
    }

    /// Python escapes quotes, backslashes and control characters always, and everything
    /// outside printable ASCII (as UTF-16 units) only when `ensure_ascii` is on.
    private static func writeString(_ s: String, asciiOnly: Bool, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            let v = scalar.value
            switch v {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0x08: out += "\\b"
            case 0x0C: out += "\\f"
            case 0x20..<0x7F: out.unicodeScalars.append(scalar)
            case 0..<0x20: out += escaped(UInt16(v))
            default:
                if asciiOnly {
                    for unit in String(scalar).utf16 { out += escaped(unit) }
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    private static func escaped(_ unit: UInt16) -> String {
        let h = String(unit, radix: 16)
        return "\\u" + String(repeating: "0", count: 4 - h.count) + h
    }
}
