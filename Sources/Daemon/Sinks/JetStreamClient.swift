import CNats
import Synchronization
import VigieProtocol

#if canImport(Glibc)
    import Glibc
#endif

/// One message to publish: its subject, payload and the ids the server deduplicates on.
public struct OutgoingMessage: Sendable, Hashable {
    public var subject: String
    public var payload: [UInt8]
    /// Sent as the `Nats-Msg-Id` header: the event id.
    public var messageID: String
    /// Sent as the `Vigie-Seq` header: the seq in the publishing host's log, for diagnosis.
    public var seq: UInt64

    public init(subject: String, payload: [UInt8], messageID: String, seq: UInt64) {
        self.subject = subject
        self.payload = payload
        self.messageID = messageID
        self.seq = seq
    }

    /// The message of one log entry. An event: its record JSON on its subject, its id as
    /// `Nats-Msg-Id` (`id-seq` when it revives a retracted id, which the stream's duplicate
    /// window may still hold). A retraction: the `retract` message JSON on the retraction
    /// subject, `retract-id-seq` as its id.
    public init(_ entry: LoggedEvent, prefix: String) {
        if let retraction = entry.retraction {
            var line = LineCodec.retractLine(seq: entry.seq, retraction: retraction, recordJSON: entry.json)
            line.removeLast()
            self.init(
                subject: Subjects.retractionSubject(for: entry.record, prefix: prefix), payload: line,
                messageID: "retract-\(retraction.id)-\(entry.seq)", seq: entry.seq)
        } else {
            self.init(
                subject: Subjects.subject(for: entry.record, prefix: prefix), payload: entry.json,
                messageID: entry.revives ? "\(entry.record.id)-\(entry.seq)" : entry.record.id, seq: entry.seq)
        }
    }
}

/// What the server answered for a batch.
public struct BatchAck: Sendable, Hashable {
    /// Messages stored by this publish.
    public var stored: Int
    /// Messages the server already had (same `Nats-Msg-Id` within the duplicate window).
    public var duplicates: Int
}

/// How the sink found the stream.
public enum StreamOutcome: Sendable, Hashable {
    case existing(subjects: [String])
    case created
}

/// A message read back from a stream.
public struct StoredMessage: Sendable, Hashable {
    public var subject: String
    public var messageID: String?
    public var payload: [UInt8]
}

/// A NATS connection with its JetStream context, over the NATS C client.
///
/// Every method blocks (network round trips, bounded by the configured timeouts): call them
/// from a thread of your own, never from the cooperative pool. The handles live behind a mutex,
/// so calls from several threads are serialized.
public final class JetStreamClient: Sendable {
    struct Handles {
        var options: OpaquePointer?
        var connection: OpaquePointer?
        var jetStream: OpaquePointer?
    }

    private let handles: Mutex<Handles>
    private let acks: AckTally
    private let ackTimeoutMilliseconds: Int64

    /// Connects to `configuration.servers`. A server that is down is not an error: the client
    /// keeps trying in the background (forever, every `reconnectWait`), and calls fail until it
    /// is reached.
    public init(configuration: JetStreamConfiguration) throws(SinkError) {
        let acks = AckTally()
        let ackTimeout = Self.milliseconds(configuration.ackTimeout)
        var h = Handles()
        do throws(SinkError) {
            try Self.check(natsOptions_Create(&h.options), "create the client options")
            let options = h.options
            try withCStrings(configuration.servers) { (list) throws(SinkError) in
                try Self.check(
                    natsOptions_SetServers(options, list, Int32(configuration.servers.count)),
                    "use the server URLs \(configuration.servers.joined(separator: ","))")
            }
            try Self.check(natsOptions_SetName(options, "vigied"), "name the connection")
            try Self.check(natsOptions_SetMaxReconnect(options, -1), "allow reconnection")
            try Self.check(
                natsOptions_SetReconnectWait(options, Self.milliseconds(configuration.reconnectWait)),
                "set the reconnect wait")
            try Self.check(natsOptions_SetTimeout(options, 2000), "set the connect timeout")
            if let creds = configuration.credentialsFile {
                try Self.check(
                    natsOptions_SetUserCredentialsFromFiles(options, creds, nil),
                    "use the credentials file \(creds) (check that it exists and is readable)")
            }
            // A first, direct attempt reports refusals (bad credentials) with their reason.
            // Only when no server answers is the connection retried in the background; the
            // callback, even one doing nothing, is what keeps that retry from blocking here.
            try Self.check(natsOptions_SetRetryOnFailedConnect(options, false, nil, nil), "set up connecting")
            var status = natsConnection_Connect(&h.connection, options)
            if status == NATS_NO_SERVER {
                try Self.check(
                    natsOptions_SetRetryOnFailedConnect(options, true, { _, _ in }, nil),
                    "retry the first connection")
                status = natsConnection_Connect(&h.connection, options)
            }
            guard status == NATS_OK || status == NATS_NOT_YET_CONNECTED else {
                throw Self.failure(
                    .connection, status,
                    "connect to \(configuration.servers.map(JetStreamSink.redacted)); check the URL and credentials")
            }
            var jsOpts = jsOptions()
            try Self.check(jsOptions_Init(&jsOpts), "set up JetStream options")
            jsOpts.Wait = ackTimeout
            jsOpts.PublishAsync.MaxPending = Int64(configuration.maxInFlight)
            jsOpts.PublishAsync.AckHandler = { _, message, ack, error, closure in
                if let closure {
                    let tally = Unmanaged<AckTally>.fromOpaque(closure).takeUnretainedValue()
                    if let ack {
                        tally.acknowledged(duplicate: ack.pointee.Duplicate)
                    } else {
                        var text = "no acknowledgement"
                        if let error {
                            text = String(cString: natsStatus_GetText(error.pointee.Err))
                            if let detail = error.pointee.ErrText {
                                text += ": " + String(cString: detail)
                            }
                        }
                        tally.failed(text)
                    }
                }
                natsMsg_Destroy(message)
            }
            // The tally outlives the context: both are released together in `close()`.
            jsOpts.PublishAsync.AckHandlerClosure = Unmanaged.passUnretained(acks).toOpaque()
            try Self.check(
                natsConnection_JetStream(&h.jetStream, h.connection, &jsOpts),
                "open the JetStream context")
        } catch {
            Self.release(&h)
            throw error
        }
        self.acks = acks
        self.ackTimeoutMilliseconds = ackTimeout
        self.handles = Mutex(h)
    }

    deinit {
        close()
    }

    /// Closes the connection; later calls fail. Idempotent.
    public func close() {
        handles.withLock { Self.release(&$0) }
    }

    /// True once the connection is closed for good: by `close()`, or by the client after an
    /// error it does not retry (an authorization violation, for instance).
    public var isClosed: Bool {
        handles.withLock { h in h.connection.map { natsConnection_IsClosed($0) } ?? true }
    }

    /// The last error the connection met, such as `Authorization Violation`.
    public func lastConnectionError() -> String? {
        handles.withLock { h -> String? in
            guard let nc = h.connection else { return nil }
            var text: UnsafePointer<CChar>?
            guard natsConnection_GetLastError(nc, &text) != NATS_OK, let text else { return nil }
            return String(cString: text)
        }
    }

    /// The URL of the server the client is connected to, or nil while disconnected.
    public func connectedURL() -> String? {
        handles.withLock { h -> String? in
            guard let nc = h.connection, natsConnection_Status(nc) == NATS_CONN_STATUS_CONNECTED
            else { return nil }
            var buffer = [CChar](repeating: 0, count: 256)
            guard natsConnection_GetConnectedUrl(nc, &buffer, buffer.count) == NATS_OK else {
                return nil
            }
            return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }

    /// Makes sure `name` exists: an existing stream is left as it is; a missing one is created
    /// with `subjects`, file storage, `replicas` and the duplicate window.
    public func ensureStream(
        name: String, subjects: [String], replicas: Int, duplicateWindow: Duration
    ) throws(SinkError) -> StreamOutcome {
        try handles.withLock { (h) throws(SinkError) -> StreamOutcome in
            let js = try Self.context(h)
            var info: UnsafeMutablePointer<jsStreamInfo>?
            var code = jsErrCode(0)
            var status = js_GetStreamInfo(&info, js, name, nil, &code)
            if status == NATS_OK, let info {
                defer { jsStreamInfo_Destroy(info) }
                return .existing(subjects: Self.subjects(of: info))
            }
            guard status == NATS_NOT_FOUND || code == JSStreamNotFoundErr else {
                throw Self.failure(.stream, status, "look up the stream \(name)", code)
            }
            var config = jsStreamConfig()
            try Self.check(jsStreamConfig_Init(&config), "set up the stream configuration")
            status = name.withCString { cName in
                withCStrings(subjects) { list in
                    config.Name = cName
                    config.Subjects = list
                    config.SubjectsLen = Int32(subjects.count)
                    config.Storage = js_FileStorage
                    config.Replicas = Int64(replicas)
                    config.Duplicates = Self.nanoseconds(duplicateWindow)
                    return js_AddStream(&info, js, &config, nil, &code)
                }
            }
            if let info { jsStreamInfo_Destroy(info) }
            if status == NATS_OK { return .created }
            // Another host created it between our look-up and our creation.
            if code == JSStreamNameExistErr { return .existing(subjects: subjects) }
            throw Self.failure(
                .stream, status,
                "create the stream \(name) with subjects \(subjects) and \(replicas) replicas", code)
        }
    }

    /// Publishes `batch` with at most `maxInFlight` messages unacknowledged, and returns once
    /// the server acknowledged every one of them. Throws when a message is refused or the
    /// acknowledgements do not all arrive within the ack timeout; then the caller publishes
    /// the whole batch again and the server drops the copies it already stored.
    public func publish(_ batch: [OutgoingMessage]) throws(SinkError) -> BatchAck {
        try handles.withLock { (h) throws(SinkError) -> BatchAck in
            let js = try Self.context(h)
            acks.reset()
            for message in batch {
                var msg: OpaquePointer?
                var status = message.payload.withUnsafeBufferPointer { payload in
                    natsMsg_Create(
                        &msg, message.subject, nil,
                        UnsafeRawPointer(payload.baseAddress)?.assumingMemoryBound(to: CChar.self),
                        Int32(payload.count))
                }
                if status == NATS_OK { status = natsMsgHeader_Set(msg, "Nats-Msg-Id", message.messageID) }
                if status == NATS_OK { status = natsMsgHeader_Set(msg, "Vigie-Seq", String(message.seq)) }
                if status == NATS_OK { status = js_PublishMsgAsync(js, &msg, nil) }
                // The client takes the message (and clears `msg`) only when the publish succeeds.
                natsMsg_Destroy(msg)
                guard status == NATS_OK else {
                    Self.abandonPending(js)
                    throw Self.failure(.publish, status, "publish to \(message.subject)")
                }
            }
            var options = jsPubOptions()
            jsPubOptions_Init(&options)
            options.MaxWait = ackTimeoutMilliseconds
            let status = js_PublishAsyncComplete(js, &options)
            guard status == NATS_OK else {
                Self.abandonPending(js)
                throw Self.failure(
                    .publish, status, "wait for the acknowledgements of \(batch.count) events")
            }
            let counts = acks.snapshot()
            if let error = counts.firstError {
                throw SinkError(
                    .publish,
                    "the server refused \(counts.failed) of \(batch.count) events; they will be published again",
                    cause: NatsStatusError(status: 0, text: error))
            }
            return BatchAck(stored: counts.acknowledged - counts.duplicates, duplicates: counts.duplicates)
        }
    }

    /// The number of messages in `stream` and its last sequence number.
    public func streamState(_ stream: String) throws(SinkError) -> (messages: UInt64, lastSeq: UInt64) {
        try handles.withLock { (h) throws(SinkError) -> (messages: UInt64, lastSeq: UInt64) in
            let js = try Self.context(h)
            var info: UnsafeMutablePointer<jsStreamInfo>?
            var code = jsErrCode(0)
            let status = js_GetStreamInfo(&info, js, stream, nil, &code)
            guard status == NATS_OK, let info else {
                throw Self.failure(.stream, status, "look up the stream \(stream)", code)
            }
            defer { jsStreamInfo_Destroy(info) }
            return (info.pointee.State.Msgs, info.pointee.State.LastSeq)
        }
    }

    /// The message stored at `seq` in `stream`.
    public func message(stream: String, seq: UInt64) throws(SinkError) -> StoredMessage {
        try handles.withLock { (h) throws(SinkError) -> StoredMessage in
            let js = try Self.context(h)
            var msg: OpaquePointer?
            var code = jsErrCode(0)
            let status = js_GetMsg(&msg, js, stream, seq, nil, &code)
            guard status == NATS_OK, let msg else {
                throw Self.failure(.stream, status, "read message \(seq) of \(stream)", code)
            }
            defer { natsMsg_Destroy(msg) }
            var value: UnsafePointer<CChar>?
            let id: String? =
                natsMsgHeader_Get(msg, "Nats-Msg-Id", &value) == NATS_OK
                ? value.map { String(cString: $0) } : nil
            let length = Int(natsMsg_GetDataLength(msg))
            var payload: [UInt8] = []
            if length > 0, let data = natsMsg_GetData(msg) {
                payload = Array(UnsafeRawBufferPointer(start: data, count: length))
            }
            return StoredMessage(
                subject: String(cString: natsMsg_GetSubject(msg)), messageID: id, payload: payload)
        }
    }

    /// Deletes `stream` (tests and tools only).
    public func deleteStream(_ stream: String) throws(SinkError) {
        try handles.withLock { (h) throws(SinkError) in
            let js = try Self.context(h)
            var code = jsErrCode(0)
            let status = js_DeleteStream(js, stream, nil, &code)
            guard status == NATS_OK else {
                throw Self.failure(.stream, status, "delete the stream \(stream)", code)
            }
        }
    }

    // MARK: Helpers

    private static func context(_ h: Handles) throws(SinkError) -> OpaquePointer {
        guard let js = h.jetStream else {
            throw SinkError(.connection, "the NATS connection is closed")
        }
        return js
    }

    // Takes back the messages still waiting for an acknowledgement, so that late acks are
    // ignored and the memory is released; the caller republishes the batch.
    private static func abandonPending(_ js: OpaquePointer) {
        var pending = natsMsgList()
        if js_PublishAsyncGetPendingList(&pending, js) == NATS_OK {
            natsMsgList_Destroy(&pending)
        }
    }

    private static func release(_ h: inout Handles) {
        if let js = h.jetStream { jsCtx_Destroy(js) }
        if let nc = h.connection { natsConnection_Destroy(nc) }
        if let options = h.options { natsOptions_Destroy(options) }
        h = Handles()
    }

    private static func subjects(of info: UnsafeMutablePointer<jsStreamInfo>) -> [String] {
        guard let config = info.pointee.Config, let list = config.pointee.Subjects else { return [] }
        return (0..<Int(config.pointee.SubjectsLen)).compactMap { i in
            list[i].map { String(cString: $0) }
        }
    }

    private static func check(_ status: natsStatus, _ action: String) throws(SinkError) {
        guard status == NATS_OK else { throw failure(.connection, status, action) }
    }

    static func failure(
        _ code: SinkError.Code, _ status: natsStatus, _ action: String,
        _ jsCode: jsErrCode = jsErrCode(0)
    ) -> SinkError {
        var text = String(cString: natsStatus_GetText(status))
        var lastStatus = NATS_OK
        if let last = nats_GetLastError(&lastStatus), last.pointee != 0 {
            let detail = String(cString: last)
            if !detail.isEmpty, detail != text { text += ": " + detail }
        }
        let cause = NatsStatusError(
            status: Int(status.rawValue), text: text, jetStreamCode: Int(jsCode.rawValue))
        return SinkError(code, "cannot \(action)", cause: cause)
    }

    static func milliseconds(_ d: Duration) -> Int64 {
        let (seconds, attoseconds) = d.components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }

    static func nanoseconds(_ d: Duration) -> Int64 {
        let (seconds, attoseconds) = d.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}

/// Counts the acknowledgements of the current batch; the client calls it from its own thread.
final class AckTally: Sendable {
    struct Counts {
        var acknowledged = 0
        var duplicates = 0
        var failed = 0
        var firstError: String?
    }

    private let counts = Mutex(Counts())

    func reset() { counts.withLock { $0 = Counts() } }

    func acknowledged(duplicate: Bool) {
        counts.withLock {
            $0.acknowledged += 1
            if duplicate { $0.duplicates += 1 }
        }
    }

    func failed(_ text: String) {
        counts.withLock {
            $0.failed += 1
            if $0.firstError == nil { $0.firstError = text }
        }
    }

    func snapshot() -> Counts { counts.withLock { $0 } }
}

/// Calls `body` with a C array of C strings that lives for the duration of the call.
func withCStrings<R, E: Error>(
    _ strings: [String], _ body: (UnsafeMutablePointer<UnsafePointer<CChar>?>) throws(E) -> R
) throws(E) -> R {
    let copies = strings.map { strdup($0) }
    defer { copies.forEach { free($0) } }
    var pointers: [UnsafePointer<CChar>?] = copies.map { $0.map { UnsafePointer($0) } }
    pointers.append(nil)
    return try pointers.withUnsafeMutableBufferPointer { (buffer) throws(E) -> R in
        try body(buffer.baseAddress!)
    }
}
