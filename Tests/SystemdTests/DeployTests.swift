import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// deploy/ must pass `systemd-analyze verify` cleanly and score at most 1.5 in
/// `systemd-analyze security --offline=true`.
@Suite struct DeployTests {
    /// The units with ExecStart pointing at a binary that exists here (verify checks it).
    func unitsInTempDir() throws -> TempDir {
        let dir = try TempDir()
        let deploy = packageRoot().appendingPathComponent("deploy")
        let bin = try binDirectory().path
        for unit in ["vigie.service", "vigie.socket", "vigie-http.socket"] {
            let text = try String(contentsOf: deploy.appendingPathComponent(unit), encoding: .utf8)
            try text.replacingOccurrences(of: "/usr/local/bin/", with: bin + "/")
                .write(toFile: dir.path(unit), atomically: true, encoding: .utf8)
        }
        // verify needs an existing executable; before vigied is built the probe stands in.
        if !FileManager.default.isExecutableFile(atPath: bin + "/vigied") {
            throw SupportError("vigied is not built in \(bin)")
        }
        return dir
    }

    @Test func unitsVerifyClean() async throws {
        let dir = try unitsInTempDir()
        defer { dir.remove() }
        for unit in ["vigie.socket", "vigie-http.socket", "vigie.service"] {
            let result = try await run("/usr/bin/systemd-analyze", ["verify", dir.path(unit)])
            #expect(result.status == 0, "\(unit): \(result.output)")
            #expect(result.output.isEmpty, "\(unit): \(result.output)")
        }
    }

    @Test func serviceExposureIsAtMostOnePointFive() async throws {
        let dir = try unitsInTempDir()
        defer { dir.remove() }
        let result = try await run(
            "/usr/bin/systemd-analyze", ["security", "--offline=true", "--no-pager", dir.path("vigie.service")])
        let marker = "Overall exposure level for vigie.service: "
        let line = try #require(result.output.split(separator: "\n").first { $0.contains(marker) }, "\(result.output)")
        let scoreText = line.components(separatedBy: marker)[1].split(separator: " ")[0]
        let score = try #require(Double(scoreText))
        print("systemd-analyze security: vigie.service exposure \(score)")
        #expect(score <= 1.5)
    }

    /// sysusers then tmpfiles into an empty root: the users, groups and drop directory exist
    /// with the right owner, group and mode.
    @Test func sysusersAndTmpfilesCreateTheUserAndDropDirectory() async throws {
        let deploy = packageRoot().appendingPathComponent("deploy")
        let root = try TempDir()
        defer { root.remove() }
        try FileManager.default.createDirectory(atPath: root.path("etc"), withIntermediateDirectories: true)
        let users = try await run(
            "/usr/bin/systemd-sysusers",
            ["--root", root.url.path, deploy.appendingPathComponent("sysusers.d/vigie.conf").path])
        #expect(users.status == 0, "\(users.output)")
        let groups = try String(contentsOfFile: root.path("etc/group"), encoding: .utf8)
        let producers = try #require(groups.split(separator: "\n").first { $0.hasPrefix("vigie-producers:") })
        #expect(producers.hasSuffix(":vigie"), "the daemon must be in the producers' group: \(producers)")
        let producersGID = try #require(UInt32(producers.split(separator: ":")[2]))
        let passwd = try String(contentsOfFile: root.path("etc/passwd"), encoding: .utf8)
        let vigie = try #require(passwd.split(separator: "\n").first { $0.hasPrefix("vigie:") })
        let vigieUID = try #require(UInt32(vigie.split(separator: ":")[2]))

        let files = try await run(
            "/usr/bin/systemd-tmpfiles",
            ["--create", "--root", root.url.path, deploy.appendingPathComponent("tmpfiles.d/vigie.conf").path])
        #expect(files.status == 0, "\(files.output)")
        var info = stat()
        #expect(stat(root.path("var/spool/vigie/drop"), &info) == 0)
        #expect(info.st_mode & 0o7777 == 0o2770)
        #expect(info.st_uid == vigieUID)
        #expect(info.st_gid == producersGID)
    }
}
