import VigieFormats

// libFuzzer entry for an agency wire file (NewsML-G2, NITF, ninjs, HTML): its bytes are
// detected and read. A refusal must say why; what is read must be clean text the coder can use.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWire(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = start.map { [UInt8](UnsafeRawBufferPointer(start: $0, count: count)) } ?? []
    let document: WireDocument?
    do {
        document = try WireReader.read(bytes)
    } catch {
        precondition(!error.message.isEmpty, "a refusal without a message: \(error.code)")
        return 0
    }
    let detected = WireReader.detect(bytes)
    guard let document else {
        precondition(detected == .text, "plain text detected as \(detected)")
        return 0
    }
    precondition(document.format != .text, "a document read as plain text")
    precondition(!document.items.isEmpty, "a document without items was not refused")
    for item in document.items {
        precondition(!item.text.isEmpty, "an item without text")
        for paragraph in item.paragraphs {
            // Collapsed: single plain spaces between words, none at either end.
            let scalars = Array(paragraph.unicodeScalars)
            precondition(!scalars.isEmpty, "an empty paragraph")
            var previousIsSpace = true
            for scalar in scalars {
                let isSpace = scalar.properties.isWhitespace
                precondition(!isSpace || (scalar == " " && !previousIsSpace), "white space left in \(scalars)")
                previousIsSpace = isSpace
            }
            precondition(!previousIsSpace, "a paragraph ending in a space: \(scalars)")
        }
        if let day = item.published {
            let parts = day.split(separator: "-")
            precondition(
                parts.map(\.count) == [4, 2, 2] && parts.allSatisfy { $0.allSatisfy(\.isASCII) },
                "a published day that is not YYYY-MM-DD: \(day)")
        }
    }
    for refusal in document.rejected {
        precondition(!refusal.message.isEmpty && refusal.item != nil, "a rejected item without message or index")
    }
    return 0
}
