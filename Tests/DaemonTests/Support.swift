import Foundation
import VigieProtocol

#if canImport(Glibc)
    import Glibc
#endif

/// A fresh directory under /tmp, unique to the caller.
func makeTempDirectory(_ label: String = "vigie-test") -> String {
    var template = Array("/tmp/\(label)-XXXXXX".utf8CString)
    let path = template.withUnsafeMutableBufferPointer { buf -> String in
        guard let p = mkdtemp(buf.baseAddress!) else { fatalError("mkdtemp failed") }
        return String(cString: p)
    }
    return path
}

func removeTree(_ path: String) {
    try? FileManager.default.removeItem(atPath: path)
}

/// A record with the given id; the other fields do not matter to the log.
func record(_ id: String, event: EventType = .consult, text: String = "Le président a appelé son homologue.")
    -> EventRecord
{
    EventRecord(
        id: id, dispatch: DispatchRef(name: "d.txt", sha256: String(repeating: "a", count: 64), published: "2020-10"),
        event: event, evidence: Evidence(text: text, start: 0, end: text.utf8.count), confidence: 0.8,
        coder: Coder(name: "test", version: "1", lexicon: "none"))
}

func writeFile(_ path: String, _ text: String) {
    _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
}

func fileSize(_ path: String) -> Int {
    var st = stat()
    return stat(path, &st) == 0 ? Int(st.st_size) : -1
}

/// Appends raw bytes to a file (to simulate torn writes).
func appendBytes(_ path: String, _ bytes: [UInt8]) {
    let fd = open(path, O_WRONLY | O_APPEND)
    precondition(fd >= 0)
    _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    close(fd)
}
