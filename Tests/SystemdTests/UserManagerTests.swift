import Foundation
import Testing

/// deploy/'s units under a real systemd user manager (scripts/systemd-integration.sh): socket
/// activation, READY, STATUS, reload, SIGKILL restart, watchdog restart. Needs root and a
/// writable cgroup2 hierarchy; otherwise the test is skipped with the reason printed.
@Suite struct UserManagerTests {
    @Test func deployUnitsUnderARealUserManager() async throws {
        let script = packageRoot().appendingPathComponent("scripts/systemd-integration.sh").path
        let result = try await run("/bin/bash", [script, try binDirectory().path, "probe"])
        if result.status == 77 {
            let reason = result.output.split(separator: "\n").last { $0.hasPrefix("SKIP: ") } ?? "skipped"
            print("UserManagerTests: \(reason)")
            try Test.cancel(Comment(rawValue: String(reason)))
        }
        print(result.output)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("PASS"))
    }
}
