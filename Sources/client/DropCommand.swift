import ArgumentParser

#if canImport(Glibc)
    import Glibc
#endif

/// `vigie drop FILE...`: hand dispatches to the daemon safely.
///
/// Each file is copied to a hidden temporary name inside the drop directory (the daemon ignores
/// dotfiles), flushed to disk, then renamed to its own name: the daemon never sees half a file.
struct DropCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drop", abstract: "Copy dispatch files into the daemon's drop directory, atomically.")

    @Argument(help: "Dispatch files to hand to the daemon.")
    var files: [String]

    @Option(
        name: .customLong("drop"),
        help: "The drop directory (default: $VIGIE_DROP, /var/spool/vigie/drop, ./.vigie/drop).")
    var dropDirectory: String?

    @Flag(help: "Replace a file of the same name already in the drop directory.")
    var force = false

    func run() throws {
        let directory = Self.resolveDirectory(dropDirectory)
        var st = stat()
        guard stat(directory, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR else {
            printError(
                "vigie: the drop directory \(directory) does not exist: is vigied set up? Give it with --drop or $VIGIE_DROP"
            )
            throw ExitCode(1)
        }
        var failed = 0
        for file in files {
            do {
                let target = try DispatchDrop(directory: directory).drop(file, replace: force)
                printError("vigie: dropped \(file) as \(target)")
            } catch {
                printError("\(error)")
                failed += 1
            }
        }
        if failed > 0 { throw ExitCode(1) }
    }

    static func resolveDirectory(_ option: String?) -> String {
        if let option, !option.isEmpty { return option }
        if let env = getenv("VIGIE_DROP"), let path = String(validatingCString: env), !path.isEmpty { return path }
        // The system service's drop directory when it exists, else the first-run one.
        var st = stat()
        if stat(systemDirectory, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR { return systemDirectory }
        return "./.vigie/drop"
    }

    static let systemDirectory = "/var/spool/vigie/drop"
}

/// Copy to a temporary dotfile, fsync, rename, fsync the directory.
struct DispatchDrop {
    var directory: String

    func drop(_ source: String, replace: Bool) throws -> String {
        let name = source.split(separator: "/").last.map(String.init) ?? source
        guard !name.isEmpty, !name.hasPrefix(".") else {
            throw ClientError(
                message: "vigie: \(source): the daemon ignores hidden files; rename it without the leading dot")
        }
        let target = directory + "/" + name
        var st = stat()
        if !replace, lstat(target, &st) == 0 {
            throw ClientError(message: "vigie: \(target) already exists; rename the file or pass --force to replace it")
        }
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw failure(source, "cannot read") }
        defer { close(input) }
        let temporary = directory + "/.\(name).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        let output = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard output >= 0 else { throw failure(temporary, "cannot create") }
        var done = false
        defer {
            close(output)
            if !done { unlink(temporary) }
        }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(input, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw failure(source, "cannot read")
            }
            if n == 0 { break }
            var offset = 0
            while offset < n {
                let w = chunk.withUnsafeBytes { write(output, $0.baseAddress! + offset, n - offset) }
                if w < 0 {
                    if errno == EINTR { continue }
                    throw failure(temporary, "cannot write")
                }
                offset += w
            }
        }
        guard fsync(output) == 0 else { throw failure(temporary, "cannot flush") }
        guard rename(temporary, target) == 0 else { throw failure(target, "cannot rename into place") }
        done = true
        let dir = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dir >= 0 {
            fsync(dir)
            close(dir)
        }
        return target
    }

    private func failure(_ path: String, _ what: String) -> ClientError {
        ClientError(message: "vigie: \(what) \(path): \(String(cString: strerror(errno)))")
    }
}
