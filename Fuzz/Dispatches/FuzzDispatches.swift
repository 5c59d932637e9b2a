import Foundation
import VigieExtractor
import VigieProtocol

// libFuzzer entry for a dispatch from the drop directory: its bytes are decoded (encoding,
// header, limits) and, when accepted, fully extracted. Every record must point inside the text
// and survive the JSON round trip the log and the subscribers rely on.

// Built once: compiling the lexicons takes far longer than one input.
let extractor: Extractor = {
    do { return try Extractor.bundled() } catch { fatalError("cannot load the lexicons: \(error)") }
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDispatch(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = start.map { [UInt8](UnsafeRawBufferPointer(start: $0, count: count)) } ?? []
    let dispatch: Dispatch
    do {
        dispatch = try DispatchReader().decode(name: "fuzz.txt", bytes: bytes)
    } catch {
        precondition(!error.message.isEmpty, "a refusal without a message: \(error.code)")
        return 0
    }
    let text = Array(dispatch.text.utf8)
    for record in extractor.extract(dispatch) {
        let evidence = record.evidence
        precondition(
            evidence.start >= 0 && evidence.start <= evidence.end && evidence.end <= text.count,
            "evidence \(evidence.start)..<\(evidence.end) outside a \(text.count)-byte text")
        let again = try? LineCodec.decodeRecord(LineCodec.encode(record))
        precondition(again == record, "the record \(record.id) does not survive JSON")
    }
    return 0
}
