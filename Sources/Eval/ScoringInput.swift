import Foundation
import VigieProtocol

/// Why the scorer could not read its input. The code is stable; the message says where.
public struct ScorerError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// A gold or prediction line is not JSON.
        public static let notJSON = Code(rawValue: "not_json")
        /// A gold record has no `dispatch` string.
        public static let noDispatch = Code(rawValue: "no_dispatch")
        /// A file or directory could not be read.
        public static let unreadable = Code(rawValue: "unreadable")
    }

    public var code: Code
    public var message: String
    /// The underlying error, when there is one (a JSON parse error, a system error).
    public var cause: String?

    public init(_ code: Code, _ message: String, cause: String? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    public var description: String {
        cause.map { "\(message): \($0)" } ?? message
    }
}

/// Gold annotations: a directory of `<dispatch>.jsonl` files, or one JSONL file.
public enum GoldLoader {
    /// Gold records by dispatch. From a directory, every `*.jsonl` file (in name order) also
    /// makes its dispatch count even when it holds no event, as in the reference scorer.
    public static func load(path: String) throws(ScorerError) -> [String: [JSONValue]] {
        var gold: [String: [JSONValue]] = [:]
        var files: [String] = []
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ScorerError(.unreadable, "\(path): no such file or directory; give the gold directory with --gold")
        }
        if isDirectory.boolValue {
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: path)
            } catch {
                throw ScorerError(.unreadable, "\(path): cannot list", cause: "\(error)")
            }
            for name in names.sorted(by: Scorer.codePointLess) where name.hasSuffix(".jsonl") {
                files.append(path.hasSuffix("/") ? path + name : path + "/" + name)
                gold[String(name.dropLast(".jsonl".count)), default: []] += []
            }
        } else {
            files.append(path)
        }
        for file in files {
            for (n, record) in try readJSONLines(file) {
                guard case .string(let dispatch) = record["dispatch"] else {
                    throw ScorerError(.noDispatch, "\(file):\(n): the gold record has no \"dispatch\" name")
                }
                gold[dispatch, default: []].append(record)
            }
        }
        return gold
    }

    static func readJSONLines(_ file: String) throws(ScorerError) -> [(Int, JSONValue)] {
        let bytes: [UInt8]
        do {
            bytes = Array(try Data(contentsOf: URL(fileURLWithPath: file)))
        } catch {
            throw ScorerError(.unreadable, "\(file): cannot read", cause: "\(error)")
        }
        var out: [(Int, JSONValue)] = []
        for (n, line) in TextLines.split(bytes) {
            guard !line.isEmpty else { continue }
            do {
                out.append((n, try JSONReader.parse(bytes: line)))
            } catch {
                throw ScorerError(.notJSON, "\(file):\(n): not JSON", cause: "\(error)")
            }
        }
        return out
    }
}

/// Predicted records by dispatch, from NDJSON (bare records or `event` stream messages) or
/// straight from the extractor.
public struct PredictionSet: Sendable {
    public private(set) var byDispatch: [String: [JSONValue]] = [:]

    public init() {}

    /// Reads NDJSON as the reference does: a line is a bare record or a stream message
    /// `{"type": "event", "event": {...}}`; other stream messages are skipped.
    public static func parse(ndjson bytes: [UInt8]) throws(ScorerError) -> PredictionSet {
        var set = PredictionSet()
        for (n, line) in TextLines.split(bytes) {
            guard !line.isEmpty else { continue }
            let message: JSONValue
            do {
                message = try JSONReader.parse(bytes: line)
            } catch {
                throw ScorerError(.notJSON, "prediction line \(n): not JSON", cause: "\(error)")
            }
            set.add(message: message)
        }
        return set
    }

    /// Adds one decoded line.
    public mutating func add(message: JSONValue) {
        guard case .object(let o) = message else { return }
        var record = message
        if let type = o["type"], JSONValue.pythonEquals(type, .string("event")), case .object = o["event"] {
            record = o["event"]!
        } else if o["type"] != nil, o["event"] == nil {
            return
        }
        guard case .object = record, let name = Self.dispatchName(record) else { return }
        byDispatch[name, default: []].append(record)
    }

    /// Adds a record the extractor produced, as its wire JSON would read.
    public mutating func add(record: EventRecord) {
        // The encoder writes valid JSON, so the parse cannot fail.
        if let value = try? JSONReader.parse(bytes: LineCodec.encode(record)) {
            add(message: value)
        }
    }

    /// The record's dispatch: `dispatch.name`, or `dispatch` when it is a string; the base name.
    static func dispatchName(_ record: JSONValue) -> String? {
        var d = record["dispatch"]
        if case .object(let o) = d { d = o["name"] }
        guard let d, d.isTruthy else { return nil }
        let s = d.pythonString
        let base = s.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? s
        return base.isEmpty ? nil : base
    }
}

/// Lines as Python's text mode reads them: `\n`, `\r\n` and `\r` all end a line; each line
/// is stripped of surrounding white space. Numbers start at 1.
enum TextLines {
    static func split(_ bytes: [UInt8]) -> [(Int, [UInt8])] {
        var out: [(Int, [UInt8])] = []
        var start = 0
        var i = 0
        var n = 0
        func emit(_ end: Int) {
            n += 1
            out.append((n, strip(bytes[start..<end])))
        }
        while i < bytes.count {
            if bytes[i] == 0x0A {
                emit(i)
                i += 1
                start = i
            } else if bytes[i] == 0x0D {
                emit(i)
                i += (i + 1 < bytes.count && bytes[i + 1] == 0x0A) ? 2 : 1
                start = i
            } else {
                i += 1
            }
        }
        if start < bytes.count { emit(bytes.count) }
        return out
    }

    static func strip(_ line: ArraySlice<UInt8>) -> [UInt8] {
        let s = String(decoding: line, as: UTF8.self)
        let trimmed = s.unicodeScalars.drop { $0.properties.isWhitespace }
        let end = trimmed.lastIndex { !$0.properties.isWhitespace }
        guard let end else { return [] }
        return Array(String(trimmed[...end]).utf8)
    }
}
