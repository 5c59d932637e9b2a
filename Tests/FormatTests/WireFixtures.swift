import Foundation
import Testing

@testable import VigieFormats

/// The wire samples of Tests/Fixtures/wire, found from this file's path as the other test
/// targets find theirs.
enum WireFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/wire")

    /// The bytes of the sample `name`.
    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    /// The sample `name` read; fails the test when it is plain text.
    static func document(_ name: String) throws -> WireDocument {
        try #require(try WireReader.read(bytes(name)), "\(name) reads as plain text")
    }
}
