import BCPlanCore
import FakeTikTokAPI
import Foundation
import Testing

/// `bcplan doctor` as a person runs it before trusting a pipeline: one ok or FAIL line per check,
/// exit 1 on any FAIL, nothing written and nothing sent but reads.
@Suite struct DoctorCommandTests {
    /// The output with the fake's port taken out.
    private func lines(_ outcome: BinaryRunner.Outcome, _ fixture: BackendFixture) -> [String] {
        let url = fixture.fake?.baseURL ?? ""
        return outcome.stdout.split(separator: "\n").map { String($0).replacingOccurrences(of: url, with: "FAKE") }
    }

    @Test func aHealthyTikTokBusinessCenterPassesEveryCheck() throws {
        let fixture = try BackendFixture(.fake, seed: GeneratedBusinessCenter.seed)
        try BinaryRunner.write(GeneratedBusinessCenter.config(
            providerLine: fixture.providerLine(caller: "ana@acme.example", extra: "requests_per_second: 100")), "bcplan.yaml", in: fixture.folder)
        let before = try fixture.filesLeft()
        let checked = try fixture.run(["doctor"])
        #expect(checked.status == 0, "\(checked.stdout)\(checked.stderr)")
        #expect(checked.stderr.isEmpty)
        #expect(lines(checked, fixture) == [
            "ok    config bcplan.yaml: valid (Business Center 7000000000000000001, provider tiktok)",
            "ok    TikTok API: FAKE (from BCPLAN_TIKTOK_BASE_URL, not provider.base_url)",
            "ok    access token: BCPLAN_TEST_TOKEN is set",
            "ok    token's user: an admin of Business Center 7000000000000000001 (Acme)",
            "ok    GET /bc/get/: answered (2 requests)",
            "ok    GET /bc/member/get/: answered (2 requests)",
            "ok    GET /bc/partner/get/: answered (1 request)",
            "ok    GET /bc/partner/asset/get/: answered (3 requests)",
            "ok    GET /bc/asset/admin/get/: answered (4 requests)",
            "ok    GET /bc/asset/get/: answered (69 requests)",
            "ok    GET /bc/asset/member/get/: answered (5 requests)",
            "ok    GET /bc/asset/partner/get/: answered (2 requests)",
            "ok    request quota: no answer said the app is over its quota, in 88 requests at 100 a second",
            "ok    caller ana@acme.example: an active admin of the Business Center (TikTok does not say whose token this is)",
            "ok    state bcplan.state.json: none yet: the first apply or refresh writes it",
            "ok    lock .bcplan/bcplan.state.json.lock: free",
            "16 checks, 0 failed.",
        ])
        #expect(fixture.fake!.counters.byEndpoint.keys.allSatisfy { $0.hasPrefix("GET ") }, "read-only")
        #expect(try fixture.filesLeft() == before, "nothing written")
    }

    @Test func aMissingTokenFailsAndSaysWhereToGetOne() throws {
        let fixture = try BackendFixture(.fake, seed: GeneratedBusinessCenter.hundredAdmins)
        try BinaryRunner.write(GeneratedBusinessCenter.adminsConfig(fixture.providerLine()), "bcplan.yaml", in: fixture.folder)
        let checked = try fixture.run(["doctor"], environment: [ProviderBackend.tokenVariable: ""])
        #expect(checked.status == 1)
        #expect(lines(checked, fixture).contains(
            "FAIL  access token: BCPLAN_TEST_TOKEN (provider.token_env) is not set; set it to a long-lived token from TikTok's developer portal (My Apps), authorized for this Business Center"))
        #expect(lines(checked, fixture).last == "5 checks, 1 failed.")
        #expect(fixture.fake!.counters.requests == 0)
    }

    @Test func aStandardMembersTokenARefusedEndpointAndAnExceededQuotaFail() throws {
        let fixture = try BackendFixture(.fake, seed: GeneratedBusinessCenter.hundredAdmins) { options in
            options.tokenUserRole = "STANDARD"
            options.refusedEndpoints = ["GET /bc/partner/get/": 40001]
            options.scriptedCodes = [40100, 40100]
        }
        try BinaryRunner.write(GeneratedBusinessCenter.adminsConfig(fixture.providerLine()), "bcplan.yaml", in: fixture.folder)
        let checked = try fixture.run(["doctor"])
        #expect(checked.status == 1)
        let output = lines(checked, fixture)
        #expect(output.contains("FAIL  token's user: a standard member of Business Center 7000000000000000001 (Acme); bcplan can read with it but not apply: use an admin's token"), "\(output)")
        #expect(output.contains("FAIL  GET /bc/partner/get/: the TikTok API refused GET /bc/partner/get/ (code 40001: No permission for /bc/partner/get/ (refused by the test).); check the app's permissions in TikTok's developer portal"), "\(output)")
        #expect(output.contains("FAIL  GET /bc/asset/admin/get/: not reached: the read stopped at an earlier failure; fix that first"), "\(output)")
        #expect(output.contains { $0.hasPrefix("FAIL  request quota: 2 of ") && $0.hasSuffix("; set provider.requests_per_second to the app's quota (TikTok's developer portal shows it), or lower") }, "\(output)")
        #expect(output.contains("ok    GET /bc/member/get/: answered (1 request)"), "\(output)")
    }

    /// The mock: its store, the state and a lock another run left (in the run folder, or where
    /// bcplan 0.1.0 took it, beside the state).
    @Test(arguments: [".bcplan/bcplan.state.json.lock", "bcplan.state.json.lock"])
    func theMocksStoreTheStateAndAHeldLock(_ lock: String) throws {
        let fixture = try BackendFixture(.mock, seed: GeneratedBusinessCenter.hundredAdmins)
        try BinaryRunner.write(GeneratedBusinessCenter.adminsConfig(fixture.providerLine()), "bcplan.yaml", in: fixture.folder)
        // Twice, with a change between (bo's finance role set by hand): the second write keeps
        // the first state as the backup. A refresh that finds nothing new writes nothing.
        #expect(try fixture.run(["refresh"]).status == 0)
        let store = fixture.folder.appendingPathComponent("store.json")
        var snapshot = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: store)) as? [String: Any])
        var members = try #require(snapshot["members"] as? [[String: Any]])
        members[1]["finance"] = "analyst"
        snapshot["members"] = members
        try JSONSerialization.data(withJSONObject: snapshot).write(to: store)
        #expect(try fixture.run(["refresh"]).status == 0)
        #expect(try fixture.run(["refresh"]).status == 0)
        let healthy = try fixture.run(["doctor"])
        #expect(healthy.status == 0, "\(healthy.stdout)")
        #expect(lines(healthy, fixture).contains("ok    mock store store.json: readable (2 members, 0 partners, 0 assets)"))
        #expect(lines(healthy, fixture).contains { $0.hasPrefix("ok    state bcplan.state.json: readable (serial 2, lineage ") })
        #expect(lines(healthy, fixture).contains("ok    lock .bcplan/bcplan.state.json.lock: free"))
        let holder = LockInfo(id: "LOCK-1", host: "elsewhere", pid: 4242, user: "ci", createdAt: "2026-11-21T08:00:00Z", operation: "apply")
        try BinaryRunner.write(holder.json.rendered(), lock, in: fixture.folder)
        try BinaryRunner.write("{not json", "bcplan.state.json", in: fixture.folder)
        let sick = try fixture.run(["doctor"])
        #expect(sick.status == 1)
        let output = lines(sick, fixture)
        #expect(output.contains("FAIL  lock \(lock): held by apply (lock LOCK-1, user ci on host elsewhere, pid 4242, since 2026-11-21T08:00:00Z); wait for that run to end; if it is gone, bcplan force-unlock LOCK-1"), "\(output)")
        #expect(output.contains { $0.hasPrefix("FAIL  state bcplan.state.json: ") && $0.hasSuffix("; restore it from .bcplan/bcplan.state.json.backup or version control, then run bcplan refresh") }, "\(output)")
        #expect(output.last == "4 checks, 2 failed.")
    }

    /// -c DIR: each Business Center's checks under its heading, the total, the worst exit code.
    @Test func aDirectoryIsCheckedConfigByConfig() throws {
        let fixture = try BackendFixture(.mock, seed: GeneratedBusinessCenter.hundredAdmins)
        let folder = fixture.folder.appendingPathComponent("bcs")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in ["a", "b"] {
            let config = GeneratedBusinessCenter.adminsConfig("provider: {kind: mock, store: \(name).mock.json}")
                .replacingOccurrences(of: GeneratedBusinessCenter.id, with: name == "a" ? "7000000000000000001" : "7000000000000000002")
                .replacingOccurrences(of: "state: bcplan.state.json", with: "state: \(name).state.json")
            try BinaryRunner.write(config, "\(name).yaml", in: folder)
        }
        try BinaryRunner.write("[]", "b.state.json", in: folder)
        let checked = try fixture.run(["doctor", "-c", "bcs"])
        #expect(checked.status == 1, "\(checked.stdout)\(checked.stderr)")
        #expect(checked.stdout.contains("== bcs/a.yaml: Acme (7000000000000000001) =="))
        #expect(checked.stdout.contains("== bcs/b.yaml: Acme (7000000000000000002) =="))
        #expect(checked.stdout.hasSuffix("Total: 2 Business Centers: 1 healthy, 1 with failed checks (bcs/b.yaml).\n"), "\(checked.stdout)")
    }
}
