import Foundation
import VigieProtocol

// libFuzzer entry for the subscriber protocol: every line a client or a server may send goes
// through the decoders. Whatever parses must encode and parse back to the same value; whatever
// is refused must be refused with a message. Anything else (a trap, an ASan report) is a bug.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzProtocolLine(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let line = start.map { [UInt8](UnsafeRawBufferPointer(start: $0, count: count)) } ?? []
    do {
        let request = try LineCodec.decodeClientRequest(line)
        let again = try LineCodec.decodeClientRequest(LineCodec.encodeLine(request).dropLast())
        precondition(again == request, "re-encoding changed the request \(request)")
    } catch {
        precondition(!error.message.isEmpty, "a refusal without a message: \(error.code)")
    }
    if let message = try? LineCodec.decodeServerMessage(line) {
        let again = try? LineCodec.decodeServerMessage(LineCodec.encodeLine(message).dropLast())
        precondition(again == message, "re-encoding changed the server message \(message)")
    }
    if let record = try? LineCodec.decodeRecord(line) {
        let again = try? LineCodec.decodeRecord(LineCodec.encode(record))
        precondition(again == record, "re-encoding changed the record \(record.id)")
    }
    return 0
}
