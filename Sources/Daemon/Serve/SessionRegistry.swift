import Synchronization

/// A connection the registry can tell to go: a subscriber session or an HTTP connection.
protocol ServedConnection: AnyObject, Sendable {
    var id: UInt64 { get }
    /// The daemon is stopping: say goodbye and close.
    func shutdown()
}

/// The live connections of the subscriber socket and the HTTP endpoint, which share one limit,
/// and their phase: open, or draining on shutdown.
final class SessionRegistry: Sendable {
    private enum Phase {
        case accepting
        case draining
    }

    private struct State {
        var phase = Phase.accepting
        var sessions: [UInt64: any ServedConnection] = [:]
        var subscribed: Set<UInt64> = []
        var nextID: UInt64 = 0
        var slowConsumers = 0
    }

    /// Why a new connection was refused.
    enum Refusal: Error {
        case draining
        case full
    }

    private let state = Mutex(State())
    private let maxConnections: Int

    init(maxConnections: Int) {
        self.maxConnections = maxConnections
    }

    func nextID() -> UInt64 {
        state.withLock { s in
            s.nextID += 1
            return s.nextID
        }
    }

    func register(_ session: any ServedConnection) -> Result<Void, Refusal> {
        state.withLock { s in
            guard s.phase == .accepting else { return .failure(.draining) }
            guard s.sessions.count < maxConnections else { return .failure(.full) }
            s.sessions[session.id] = session
            return .success(())
        }
    }

    func markSubscribed(_ id: UInt64) {
        _ = state.withLock { $0.subscribed.insert(id) }
    }

    func remove(_ id: UInt64) {
        state.withLock { s in
            s.sessions[id] = nil
            s.subscribed.remove(id)
        }
    }

    func countSlowConsumer() {
        state.withLock { $0.slowConsumers += 1 }
    }

    /// Stops accepting and returns every live connection, to be told goodbye.
    func beginDraining() -> [any ServedConnection] {
        state.withLock { s in
            s.phase = .draining
            return Array(s.sessions.values)
        }
    }

    var connectionCount: Int { state.withLock { $0.sessions.count } }
    var subscribedCount: Int { state.withLock { $0.subscribed.count } }
    var slowConsumerCount: Int { state.withLock { $0.slowConsumers } }
}
