import Foundation
import Testing

/// deploy/'s units under a real systemd user manager (scripts/systemd-integration.sh). Needs root
/// and a writable cgroup2 hierarchy; otherwise each test is skipped with the reason printed.
/// Serialized: each run starts its own manager, user and cgroup, and they are CPU-hungry.
@Suite(.serialized) struct UserManagerTests {
    /// The systemd services on their own (vigie-systemd-probe): socket activation, `activating`
    /// until READY=1, StatusText, reload keeping the client, SIGKILL and watchdog restarts.
    @Test func systemdServicesUnderARealUserManager() async throws {
        try await runIntegration(kind: "probe")
    }

    /// The real vigied: hello on systemd's socket, StatusText counting dispatches, reload keeping
    /// the subscriber, SIGKILL during a burst of 40 dispatches with every dispatch recorded
    /// exactly once afterwards, subscribers resuming, the wedge fault killed by the watchdog.
    @Test func vigiedUnderARealUserManager() async throws {
        try await runIntegration(kind: "vigied")
    }

    func runIntegration(kind: String) async throws {
        let script = packageRoot().appendingPathComponent("scripts/systemd-integration.sh").path
        let result = try await run("/bin/bash", [script, try binDirectory().path, kind])
        if result.status == 77 {
            let reason = result.output.split(separator: "\n").last { $0.hasPrefix("SKIP: ") } ?? "skipped"
            print("UserManagerTests (\(kind)): \(reason)")
            try Test.cancel(Comment(rawValue: String(reason)))
        }
        print(result.output)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("PASS"))
    }
}
