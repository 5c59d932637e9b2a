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
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.8.0"),
        .package(
            url: "https://github.com/apple/swift-configuration", from: "1.0.0",
            traits: [.defaults, "Reloading", "CommandLineArguments"]),
    ],
    targets: [
        // Wire types, the event record and the NDJSON codec. No I/O.
        .target(name: "VigieProtocol", path: "Sources/Protocol", swiftSettings: strict),
        // Dispatch bytes in, event records out: pure and synchronous.
        .target(
            name: "VigieExtractor",
            dependencies: ["VigieProtocol"],
            path: "Sources/Extractor",
            resources: [.copy("Lexicons")],
            swiftSettings: strict),
        // libsystemd: sd_notify, listen fds, watchdog, journal.
        .systemLibrary(
            name: "CSystemd", path: "Sources/CSystemd", pkgConfig: "libsystemd",
            providers: [.apt(["libsystemd-dev"])]),
        // The long-running services of vigied, wired together by `buildDaemon`.
        .target(
            name: "VigieDaemon",
            dependencies: [
                "VigieProtocol", "VigieExtractor", "CSystemd",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Configuration", package: "swift-configuration"),
            ],
            path: "Sources/Daemon",
            swiftSettings: strict),
        .executableTarget(
            name: "vigied", dependencies: ["VigieDaemon"], path: "Sources/vigied",
            swiftSettings: strict),
        .executableTarget(
            name: "vigie",
            dependencies: [
                "VigieProtocol", "VigieExtractor",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/client",
            swiftSettings: strict),
        .testTarget(name: "ProtocolTests", dependencies: ["VigieProtocol"], swiftSettings: strict),
        .testTarget(
            name: "FuzzTests", dependencies: ["VigieExtractor", "VigieProtocol"], swiftSettings: strict),
        .testTarget(
            name: "ExtractorTests", dependencies: ["VigieExtractor", "VigieProtocol"],
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
            dependencies: ["VigieDaemon", "VigieExtractor", "VigieProtocol"],
            swiftSettings: strict),
    ]
)
