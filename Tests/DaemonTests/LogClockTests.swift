import Foundation
import Testing

@testable import VigieDaemon

/// Log time across wall-clock jumps, with the wall and monotonic readings given by the test.
@Suite struct LogClockTests {
    static let day: Int64 = 86_400_000
    let t0: Int64 = 1_800_000_000_000
    let m0 = ContinuousClock.now

    @Test func followsTheWallClockWhileItBehaves() {
        var clock = LogClock(floor: 0, wall: t0, monotonic: m0)
        #expect(clock.now(wall: t0 + 1_000, monotonic: m0 + .seconds(1)) == t0 + 1_000)
        // An NTP correction of 3 s is followed.
        #expect(clock.now(wall: t0 + 5_000, monotonic: m0 + .seconds(2)) == t0 + 5_000)
    }

    @Test func aForwardJumpDoesNotAgeTheLog() {
        var clock = LogClock(floor: 0, wall: t0, monotonic: m0)
        #expect(clock.now(wall: t0 + 365 * Self.day, monotonic: m0 + .seconds(10)) == t0 + 10_000)
        // For as long as the jump lasts: the monotonic clock goes on counting.
        #expect(clock.now(wall: t0 + 365 * Self.day + 70_000, monotonic: m0 + .seconds(80)) == t0 + 80_000)
    }

    @Test func aBackwardJumpDoesNotStopTheLogAging() {
        var clock = LogClock(floor: 0, wall: t0, monotonic: m0)
        #expect(clock.now(wall: t0 - Self.day, monotonic: m0 + .seconds(10)) == t0 + 10_000)
        #expect(clock.now(wall: t0 - Self.day + 3_600_000, monotonic: m0 + .seconds(3_610)) == t0 + 3_610_000)
        // A wall clock set right again is followed again.
        #expect(clock.now(wall: t0 + 3_611_000, monotonic: m0 + .seconds(3_611)) == t0 + 3_611_000)
    }

    @Test func aClockBehindTheLogAtOpenStartsFromItsNewestStamp() {
        var clock = LogClock(floor: t0, wall: t0 - 30 * Self.day, monotonic: m0)
        #expect(clock.millis == t0)
        #expect(clock.now(wall: t0 - 30 * Self.day + 5_000, monotonic: m0 + .seconds(5)) == t0 + 5_000)
        // A small step back never takes log time backwards.
        var steady = LogClock(floor: 0, wall: t0, monotonic: m0)
        #expect(steady.now(wall: t0 - 2_000, monotonic: m0 + .milliseconds(10)) == t0)
    }
}
