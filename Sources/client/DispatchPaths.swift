import VigieDispatchFile
import VigieExtractor
import VigieFormats
import VigieProtocol

#if canImport(Glibc)
    import Glibc
#endif

/// Expands command-line paths into dispatch files.
enum DispatchPaths {
    struct PathError: Error, CustomStringConvertible {
        var path: String
        var message: String
        var description: String { "vigie: \(path): \(message)" }
    }

    /// A file stays itself; a directory gives its regular, non-hidden files sorted by name.
    static func expand(_ path: String) throws -> [String] {
        var st = stat()
        guard stat(path, &st) == 0 else {
            throw PathError(path: path, message: String(cString: strerror(errno)))
        }
        guard (st.st_mode & S_IFMT) == S_IFDIR else { return [path] }
        guard let dir = opendir(path) else {
            throw PathError(path: path, message: "cannot list: \(String(cString: strerror(errno)))")
        }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name.hasPrefix(".") { continue }
            let full = path.hasSuffix("/") ? path + name : path + "/" + name
            var fst = stat()
            if stat(full, &fst) == 0, (fst.st_mode & S_IFMT) == S_IFREG { names.append(full) }
        }
        return names.sorted()
    }

    /// Extracts every dispatch under `paths` in order, handing each record to `emit`. A path or a
    /// file that fails is reported on stderr and the rest go on; returns how many failed.
    static func extractEach(
        _ paths: [String], reader: DispatchReader, extractor: Extractor, command: String,
        skip: (String) -> Bool = { _ in false }, emit: (EventRecord) -> Void
    ) -> Int {
        var failed = 0
        for path in paths {
            let files: [String]
            do {
                files = try expand(path)
            } catch {
                printError("\(error)")
                failed += 1
                continue
            }
            for file in files where !skip(file) {
                do {
                    let decoded = try reader.readFile(path: file)
                    for skipped in decoded.skipped { printError("\(command): skipped: \(skipped)") }
                    for dispatch in decoded.dispatches {
                        for record in extractor.extract(dispatch) { emit(record) }
                    }
                } catch {
                    printError("\(command): \(error)")
                    failed += 1
                }
            }
        }
        return failed
    }
}
