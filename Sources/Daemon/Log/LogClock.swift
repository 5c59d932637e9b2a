import Foundation

/// The time the event log stamps events with and measures retention ages by, in ms since 1970:
/// the wall clock while it behaves, the monotonic clock across its jumps.
///
/// A wall clock set a year ahead would make every segment look a year old and retention would
/// delete the whole log; set back a year, every segment would look younger than the retention
/// age for a year. So each reading is checked against the last one plus the monotonic time
/// elapsed since: a wall clock within `tolerance` of that is followed (NTP corrections), one
/// further away is a jump and the monotonic estimate is used instead, for as long as the jump
/// lasts. Log time never goes backwards, and it starts from the newest stamp in the log when
/// the wall clock is behind it at open. A jump made while vigied is stopped cannot be told
/// from the time it was stopped: log time then starts from the wall clock.
struct LogClock: Sendable {
    /// Wall-clock steps up to this are followed; larger ones are jumps. 5 s.
    static let tolerance: Int64 = 5_000

    /// The last reading.
    private(set) var millis: Int64
    private var at: ContinuousClock.Instant

    /// A clock for a log whose newest event was stamped `floor`.
    init(floor: Int64, wall: Int64 = LogClock.wallMillis(), monotonic: ContinuousClock.Instant = .now) {
        millis = max(wall, floor)
        at = monotonic
    }

    /// The current log time.
    mutating func now(wall: Int64 = LogClock.wallMillis(), monotonic: ContinuousClock.Instant = .now) -> Int64 {
        let elapsed = monotonic - at
        let expected =
            millis + elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        let reading = abs(wall - expected) <= Self.tolerance ? max(wall, millis) : expected
        millis = reading
        at = monotonic
        return reading
    }

    static func wallMillis() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }
}
