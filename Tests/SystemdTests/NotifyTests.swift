import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// sd_notify through `SystemdNotifier` and the services, against a real NOTIFY_SOCKET listener.
@Suite struct NotifyTests {
    @Test func notifierSendsEveryStateFromTheProcessItself() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let listener = try NotifyListener(path: dir.path("notify.sock"))
        let probe = try Child(
            binDirectory().appendingPathComponent("vigie-systemd-probe").path, ["notify"],
            environment: childEnvironment(["NOTIFY_SOCKET": listener.path]), in: dir)
        #expect(await probe.wait() == 0)
        #expect(probe.stdout.contains("enabled=true"))
        #expect(probe.stdout.contains("ready=sent"))
        #expect(probe.stdout.contains("stopping=sent"))

        var received: [Notification] = []
        while let next = await listener.receive(timeout: .seconds(2)) { received.append(next) }
        try #require(received.count == 5)
        #expect(received.allSatisfy { $0.pid == probe.pid })
        #expect(received[0].assignments == ["READY=1", "STATUS=probe ready"])
        #expect(received[1].assignments == ["STATUS=two lines"])
        #expect(received[2].assignments.first == "RELOADING=1")
        let monotonic = try #require(received[2].assignments.last)
        #expect(monotonic.hasPrefix("MONOTONIC_USEC=") && UInt64(monotonic.dropFirst(15)) != nil)
        #expect(received[3].assignments == ["WATCHDOG=1"])
        #expect(received[4].assignments == ["STOPPING=1"])
    }

    @Test func notifierIsANoOpWithoutNotifySocket() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let probe = try Child(
            binDirectory().appendingPathComponent("vigie-systemd-probe").path, ["notify"],
            environment: childEnvironment(), in: dir)
        #expect(await probe.wait() == 0)
        #expect(probe.stdout.contains("enabled=false"))
        #expect(probe.stdout.contains("ready=notConfigured"))
        #expect(probe.stdout.contains("watchdog=notConfigured"))
    }

    @Test func notifierReportsAManagerThatWentAway() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let probe = try Child(
            binDirectory().appendingPathComponent("vigie-systemd-probe").path, ["notify"],
            environment: childEnvironment(["NOTIFY_SOCKET": dir.path("nobody-listens.sock")]), in: dir)
        #expect(await probe.wait() == 0)
        #expect(probe.stdout.contains("ready=failed(errno: \(ENOENT))"))
    }

    @Test(arguments: [
        ([String: String](), "interval=none"),
        (["WATCHDOG_USEC": "3000000"], "interval=3s+0us"),
        (["WATCHDOG_USEC": "1500000", "WATCHDOG_PID": "1"], "interval=none"),
        (["WATCHDOG_USEC": "nonsense"], "interval=none"),
    ])
    func watchdogIntervalFollowsWatchdogUsecAndPid(environment: [String: String], expected: String) async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let probe = try Child(
            binDirectory().appendingPathComponent("vigie-systemd-probe").path, ["watchdog-interval"],
            environment: childEnvironment(environment), in: dir)
        #expect(await probe.wait() == 0)
        #expect(probe.stdout.contains(expected), "\(probe.stdout)")
    }

    /// The whole life of a notify-type service: READY=1 first (never a status before it), the
    /// status updating, a SIGHUP reload framed by RELOADING=1 and READY=1, STOPPING=1 on SIGTERM.
    @Test func serviceLifecycleReadyStatusReloadStopping() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let listener = try NotifyListener(path: dir.path("notify.sock"))
        let probe = try Child(
            binDirectory().appendingPathComponent("vigie-systemd-probe").path,
            ["service", "--ready-after-ms", "300"],
            environment: childEnvironment(["NOTIFY_SOCKET": listener.path]), in: dir)
        defer { probe.signal(SIGKILL) }

        let first = try #require(await listener.receive(), "no notification; stderr: \(probe.stderr)")
        #expect(first.assignments.first == "READY=1")
        #expect(first.pid == probe.pid)
        // Status lines follow and change (the probe's counter moves on each refresh).
        let statusOne = try #require(await listener.receive())
        let statusTwo = try #require(await listener.receive())
        #expect(statusOne.assignments.count == 1 && statusOne.assignments[0].hasPrefix("STATUS=probe: "))
        #expect(statusTwo.assignments.count == 1 && statusTwo.assignments[0] != statusOne.assignments[0])

        probe.signal(SIGHUP)
        let reload = try #require(await listener.receive(until: "READY=1"))
        let reloading = try #require(reload.firstIndex { $0.assignments.contains("RELOADING=1") })
        #expect(reload.last?.assignments.contains("STATUS=probe reloaded 1 times") == true)
        #expect(reloading < reload.count - 1)
        #expect(reload[reloading].assignments.contains { $0.hasPrefix("MONOTONIC_USEC=") })

        probe.signal(SIGTERM)
        #expect(await listener.receive(until: "STOPPING=1") != nil)
        #expect(await probe.wait() == 0)
    }

    /// Stopped before start-up finished: no READY=1 ever, STOPPING=1 still sent.
    @Test func serviceStoppedBeforeReadyNeverSendsReady() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let listener = try NotifyListener(path: dir.path("notify.sock"))
        let probe = try Child(
            binDirectory().appendingPathComponent("vigie-systemd-probe").path,
            ["service", "--ready-after-ms", "60000"],
            environment: childEnvironment(["NOTIFY_SOCKET": listener.path]), in: dir)
        defer { probe.signal(SIGKILL) }
        // Let it install its signal handlers; nothing must be sent meanwhile.
        #expect(await listener.receive(timeout: .milliseconds(500)) == nil)
        probe.signal(SIGTERM)
        let messages = try #require(await listener.receive(until: "STOPPING=1"))
        #expect(!messages.contains { $0.assignments.contains("READY=1") })
        #expect(await probe.wait() == 0)
    }

    /// WATCHDOG=1 only while the health probe answers: after VIGIE_TEST_WEDGE_AFTER answers the
    /// probe wedges and the pings stop, which is what makes systemd kill a stuck daemon.
    @Test func watchdogPingsOnlyWhileHealthy() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let listener = try NotifyListener(path: dir.path("notify.sock"))
        let probe = try Child(
            binDirectory().appendingPathComponent("vigie-systemd-probe").path, ["service"],
            environment: childEnvironment([
                "NOTIFY_SOCKET": listener.path, "WATCHDOG_USEC": "400000", "VIGIE_TEST_WEDGE_AFTER": "3",
            ]), in: dir)
        defer { probe.signal(SIGKILL) }
        var pings = 0
        // 3 answers at 0.2 s intervals, then silence; listen well past the point pings would go on.
        let end = ContinuousClock.now + .seconds(3)
        while ContinuousClock.now < end, let next = await listener.receive(timeout: end - ContinuousClock.now) {
            if next.assignments.contains("WATCHDOG=1") { pings += 1 }
            #expect(next.pid == probe.pid)
        }
        #expect(pings == 3)
        #expect(probe.stderr.contains("withholding watchdog pings"), "\(probe.stderr)")
    }
}
