import Foundation

/// The live page's files (`Sources/Daemon/HTTP/Page`, the target's resources), read once at
/// start-up and served from memory.
struct LivePage: Sendable {
    struct Asset: Sendable {
        var contentType: String
        var bytes: [UInt8]
    }

    /// By URL path: `/` and `/assets/<file>`.
    let assets: [String: Asset]

    static let files: [(name: String, path: String, contentType: String)] = [
        ("index.html", "/", "text/html; charset=utf-8"),
        ("app.js", "/assets/app.js", "text/javascript; charset=utf-8"),
        ("style.css", "/assets/style.css", "text/css; charset=utf-8"),
        ("world.json", "/assets/world.json", "application/json"),
    ]

    /// The page from the resource bundle next to vigied (or SwiftPM's build directory).
    static func bundled() throws(HTTPServerError) -> LivePage {
        guard let directory = Bundle.module.resourceURL?.appendingPathComponent("Page") else {
            throw HTTPServerError(.missingPage, "the live page's resource bundle is not next to vigied")
        }
        return try load(directory: directory.path)
    }

    static func load(directory: String) throws(HTTPServerError) -> LivePage {
        var assets: [String: Asset] = [:]
        for file in files {
            guard let data = FileManager.default.contents(atPath: directory + "/" + file.name) else {
                throw HTTPServerError(
                    .missingPage, "the live page file \(directory)/\(file.name) cannot be read; reinstall vigied")
            }
            assets[file.path] = Asset(contentType: file.contentType, bytes: Array(data))
        }
        assets["/index.html"] = assets["/"]
        return LivePage(assets: assets)
    }
}

/// Why the HTTP endpoint cannot start.
public struct HTTPServerError: Error, Sendable, CustomStringConvertible {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case missingPage = "missing_page"
            case cannotBind = "cannot_bind"
            case tokenRequired = "token_required"
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The page's files are not installed next to vigied.
        public static let missingPage = Code(.missingPage)
        /// The address cannot be bound or the passed descriptor used.
        public static let cannotBind = Code(.cannotBind)
        /// A non-loopback address without a token.
        public static let tokenRequired = Code(.tokenRequired)

        public var description: String { base.rawValue }
    }

    public var code: Code
    public var message: String
    public var cause: (any Error)?

    init(_ code: Code, _ message: String, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    public var description: String {
        "\(code): \(message)" + (cause.map { " (\($0))" } ?? "")
    }
}
