import Foundation
import Testing

/// The ninjs 2.0 sample checked against IPTC's JSON Schema (Tests/Fixtures/wire/schema) with
/// Python's jsonschema, when this machine has it: the reader is only as good as its samples.
@Suite struct NinjsSchemaTests {
    /// Runs python3 with `arguments`; nil when it cannot start.
    static func python(_ arguments: [String]) -> (status: Int32, output: String)? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do { try process.run() } catch { return nil }
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    static let hasJSONSchema = python(["-c", "import jsonschema"])?.status == 0

    @Test(.enabled(if: hasJSONSchema, "needs python3 with the jsonschema package"))
    func ninjs2SampleIsValid() throws {
        let directory = WireFixtures.directory
        let script = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1], encoding="utf-8"))
            sample = json.load(open(sys.argv[2], encoding="utf-8"))
            jsonschema.Draft4Validator.check_schema(schema)
            jsonschema.Draft4Validator(schema).validate(sample)
            print("valid")
            """
        let result = try #require(
            Self.python([
                "-c", script, directory.appendingPathComponent("schema/ninjs-schema_2.0.json").path,
                directory.appendingPathComponent("ninjs-2.0.json").path,
            ]))
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("valid"))
    }
}
