import Foundation
import Testing

/// `bcplan apply --format json` on the built binary: one document on standard output, checked
/// against `schema/apply.schema.json`, with the plan and progress on standard error.
@Suite struct ApplyJSONTests {
    static let now = ["BCPLAN_NOW": "2026-11-21T12:00:00Z"]

    @Test(arguments: StateBackend.available)
    func aSuccessfulApplyListsEveryOutcome(_ backend: StateBackend) throws {
        let folder = try BinaryRunner.copyOfExample("brand-with-agency")
        defer { try? FileManager.default.removeItem(at: folder) }
        let setup = try backend.prepare(folder)
        #expect(try setup.run(["plan", "--out", "plan.json"], environment: Self.now).status == 0)
        let applied = try setup.run(["apply", "plan.json", "--format", "json"], environment: Self.now)
        #expect(applied.status == 0, "\(applied.stderr)")
        try SchemaCheck.expectValid(applied.stdout, against: "apply.schema.json")
        #expect(applied.stderr.contains("[5/5] done    "), "progress goes to standard error: \(applied.stderr)")
        let document = try SchemaCheck.parse(applied.stdout)
        #expect(document["exit_code"] as? Int == 0)
        #expect(document["interrupted"] is NSNull)
        let apply = try #require((document["applies"] as? [[String: Any]])?.first)
        #expect(apply["saved_plan"] as? String == "plan.json")
        #expect(apply["calls"] as? Int == 5)
        let outcomes = try #require(apply["outcomes"] as? [[String: Any]])
        #expect(outcomes.count == 5)
        #expect(outcomes.allSatisfy { $0["result"] as? String == "succeeded" && $0["request_id"] is String })
        let share = try #require(outcomes.first { $0["kind"] as? String == "share" })
        #expect(share["partner_name"] as? String == "Summit Peak Media")
        #expect((share["asset"] as? [String: Any])?["key"] as? String == "nw-ca")
        #expect(apply["summary"] as? [String: Int] == ["succeeded": 5, "failed": 0, "skipped": 0, "manual": 0, "not_started": 0])
        // The plan's action ids, in its order.
        let plan = try SchemaCheck.parse(try BinaryRunner.read("plan.json", in: folder))
        #expect(outcomes.compactMap { $0["id"] as? String } == (plan["actions"] as? [[String: Any]])?.compactMap { $0["id"] as? String })
    }

    @Test func aFailedActionIsInTheDocumentWithItsMessage() throws {
        // As in ApplyCommandTests: the partner rejects the request while the apply runs, so the
        // share that needs it fails for good and the invitation still succeeds.
        let folder = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try BinaryRunner.write("""
            version: 1
            business_center: {id: "7000000000000000001", name: Acme}
            provider: {kind: mock, store: store.json, caller: ana@acme.example, latency_ms: 700}
            assets:
              - {key: us, type: ad_account, id: "7100000000000000001"}
            members:
              - {email: ana@acme.example, role: admin}
              - {email: bo@acme.example, role: admin}
              - {email: cy@acme.example, role: standard}
            partners:
              - {bc_id: "7000000000000000099", name: Blue Agency, shares: {us: analyst}}

            """, "bcplan.yaml", in: folder)
        try BinaryRunner.write("""
            {"business_center": {"id": "7000000000000000001", "name": "Acme"},
             "members": [{"email": "ana@acme.example", "user_id": "1", "status": "active", "role": "admin", "finance": null, "invited_at": null, "resends": 0, "assets": []},
                         {"email": "bo@acme.example", "user_id": "2", "status": "active", "role": "admin", "finance": null, "invited_at": null, "resends": 0, "assets": []}],
             "partners": [], "assets": [{"type": "ad_account", "id": "7100000000000000001", "name": "US", "owner_bc_id": "7000000000000000001"}]}
            """, "store.json", in: folder)
        let apply = try BinaryRunner.start(
            ["apply", "--auto-approve", "--parallelism", "1", "--format", "json"], in: folder, label: "apply", environment: Self.now)
        let deadline = Date().addingTimeInterval(20)
        while ((try? BinaryRunner.read("store.requests.jsonl", in: folder)) ?? "").isEmpty, Date() < deadline { usleep(10_000) }
        #expect(try BinaryRunner.run(["mock", "reject", "7000000000000000099"], in: folder).status == 0)
        apply.waitUntilExit()
        let stdout = try BinaryRunner.read("apply.out", in: folder)
        #expect(apply.terminationStatus == 1, "\(stdout)")
        try SchemaCheck.expectValid(stdout, against: "apply.schema.json")
        let document = try SchemaCheck.parse(stdout)
        #expect(document["exit_code"] as? Int == 1)
        let apply1 = try #require((document["applies"] as? [[String: Any]])?.first)
        let outcomes = try #require(apply1["outcomes"] as? [[String: Any]])
        #expect(outcomes.map { "\($0["id"] ?? "") \($0["result"] ?? "")" } == [
            "add_partner:7000000000000000099 succeeded", "invite:cy@acme.example succeeded",
            "share:7000000000000000099:ad_account:7100000000000000001 failed",
        ])
        let failed = try #require(outcomes.last)
        #expect(failed["message"] as? String == "7000000000000000099 is not a partner of the Business Center")
        #expect(failed["partner_name"] as? String == "Blue Agency")
        #expect(apply1["summary"] as? [String: Int] == ["succeeded": 2, "failed": 1, "skipped": 0, "manual": 0, "not_started": 0])
        #expect(apply1["calls"] as? Int == 3)
    }

    @Test func aStopBeforeTheFirstActionIsAFailureInTheDocument() throws {
        let folder = try BinaryRunner.copyOfExample("brand-with-agency")
        defer { try? FileManager.default.removeItem(at: folder) }
        // Without approval and without a terminal, nothing starts: exit 64, and the document says so.
        let refused = try BinaryRunner.run(["apply", "--format", "json"], in: folder, environment: Self.now)
        #expect(refused.status == 64)
        try SchemaCheck.expectValid(refused.stdout, against: "apply.schema.json")
        let document = try SchemaCheck.parse(refused.stdout)
        #expect((document["applies"] as? [Any])?.isEmpty == true)
        let failure = try #require((document["failures"] as? [[String: Any]])?.first)
        #expect(failure["exit_code"] as? Int == 64)
        #expect((failure["message"] as? String)?.hasPrefix("error: apply needs approval") == true)
    }

    @Test func aDirectoryGivesOneDocumentAndItsGroupsGoToStandardError() throws {
        let folder = try BinaryRunner.folderOfBusinessCenters(extraMembers: ["new@acme.example"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let applied = try BinaryRunner.run(["apply", "-c", "bcs", "--auto-approve", "--format", "json"], in: folder, environment: Self.now)
        #expect(applied.status == 1)
        try SchemaCheck.expectValid(applied.stdout, against: "apply.schema.json")
        #expect(applied.stderr.contains("== bcs/acme.yaml: Acme (7000000000000000001) =="), "\(applied.stderr)")
        #expect(applied.stderr.contains("Total: 3 Business Centers: 2 applied (2 actions), 1 failed (bcs/broken.yaml)."), "\(applied.stderr)")
        let document = try SchemaCheck.parse(applied.stdout)
        let applies = try #require(document["applies"] as? [[String: Any]])
        #expect(applies.compactMap { $0["config"] as? String } == ["bcs/acme.yaml", "bcs/globex.yaml"])
        #expect((document["failures"] as? [[String: Any]])?.compactMap { $0["config"] as? String } == ["bcs/broken.yaml"])
        #expect(document["exit_code"] as? Int == 1)
    }
}
