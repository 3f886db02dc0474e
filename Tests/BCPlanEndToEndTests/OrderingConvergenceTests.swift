import Foundation
import Synchronization
import Testing

/// The two ordering bugs of issue 13 on the built binary: each scenario is applied, the other side
/// accepts what is pending, and it is applied again until a plan has nothing left; every apply
/// must succeed. Once per state backend.
@Suite struct OrderingConvergenceTests {
    static let now = ["BCPLAN_NOW": "2026-11-21T12:00:00Z"]

    /// A copy of a plan golden scenario (its `bcplan.yaml` and `store.json`) in a fresh folder.
    private func copyOfScenario(_ name: String) throws -> URL {
        let folder = try BinaryRunner.temporaryFolder()
        let source = BinaryRunner.repositoryRoot.appendingPathComponent("Tests/BCPlanCoreTests/Fixtures/plans/\(name)")
        for file in ["bcplan.yaml", "store.json"] {
            try FileManager.default.copyItem(at: source.appendingPathComponent(file), to: folder.appendingPathComponent(file))
        }
        return folder
    }

    /// Applies, then (with `accept`) accepts everything pending, until a plan shows no changes, at
    /// most `rounds` applies; returns each apply's outcome and whether it converged.
    private func applyUntilConverged(
        _ setup: StateSetup, rounds: Int = 4, arguments: [String] = [], accept: Bool = true
    ) throws -> (applies: [BinaryRunner.Outcome], converged: Bool) {
        var applies: [BinaryRunner.Outcome] = []
        for _ in 0..<rounds {
            applies.append(try setup.run(["apply", "--auto-approve"] + arguments, environment: Self.now))
            if accept { _ = try setup.run(["mock", "accept", "--all"], environment: Self.now) }
            let plan = try setup.run(["plan", "--detailed-exitcode"], environment: Self.now)
            if plan.status != 2 { return (applies, plan.status == 0) }
        }
        return (applies, false)
    }

    @Test(arguments: StateBackend.available)
    func aPromotionAtTheAdminLimitGoesAfterTheRevokeThatMakesRoom(_ backend: StateBackend) throws {
        let folder = try copyOfScenario("promotion-at-admin-limit")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (applies, converged) = try applyUntilConverged(try backend.prepare(folder))
        #expect(converged)
        #expect(applies.count == 1, "one apply does it all")
        for apply in applies {
            #expect(apply.status == 0, "\(apply.stdout)\(apply.stderr)")
            #expect(apply.stdout.contains("Apply complete: 2 done (2 provider calls)."), "\(apply.stdout)")
        }
        let journal = try BinaryRunner.read("store.requests.jsonl", in: folder)
        #expect(journal.range(of: "revoke:admin20")!.lowerBound < journal.range(of: "update_role:ben")!.lowerBound)
    }

    @Test(arguments: StateBackend.available)
    func adminInvitationsAndResendsAtTheLimitWaitForTheRevokesThatMakeRoom(_ backend: StateBackend) throws {
        let folder = try copyOfScenario("admin-limit-swap")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (applies, converged) = try applyUntilConverged(try backend.prepare(folder), arguments: ["--parallelism", "8"])
        #expect(converged)
        #expect(applies.count == 1)
        for apply in applies { #expect(apply.status == 0, "\(apply.stdout)\(apply.stderr)") }
        let store = try #require(JSONSerialization.jsonObject(with: Data(BinaryRunner.read("store.json", in: folder).utf8)) as? [String: Any])
        let admins = (store["members"] as? [[String: Any]] ?? []).filter { $0["role"] as? String == "admin" }
        #expect(admins.count == 20, "20 admins in the end: 17 kept, ben, carla and dana")
    }

    /// A Business Center where this one holds analyst on an agency's ad account that the config
    /// declares as its own: the plan transfers it in, and two invitations, a resend and an
    /// assignment grant operator on it. Every one of them must wait for the transfer.
    private func transferScenario() throws -> URL {
        let folder = try BinaryRunner.temporaryFolder()
        try BinaryRunner.write("""
            version: 1
            business_center: {id: "7000000000000000001", name: Acme}
            provider: {kind: mock, store: store.json, caller: ana@acme.example, latency_ms: 5}
            assets:
              - {key: us-main, type: ad_account, id: "7100000000000000001"}
            members:
              - {email: ana@acme.example, role: admin}
              - {email: bo@acme.example, role: admin, assets: {us-main: operator}}
              - {email: carla@acme.example, role: standard, assets: {us-main: operator}}
              - {email: erin@acme.example, role: standard, finance: analyst, assets: {us-main: operator}}
              - {email: dana@acme.example, role: standard, assets: {us-main: operator}}
            """, "bcplan.yaml", in: folder)
        try BinaryRunner.write("""
            {"business_center": {"id": "7000000000000000001", "name": "Acme"},
             "members": [
               {"email": "ana@acme.example", "user_id": "1", "status": "active", "role": "admin", "finance": null, "invited_at": null, "resends": 0, "assets": []},
               {"email": "bo@acme.example", "user_id": "2", "status": "active", "role": "admin", "finance": null, "invited_at": null, "resends": 0, "assets": []},
               {"email": "dana@acme.example", "user_id": null, "status": "pending", "role": "standard", "finance": null, "invited_at": "2026-10-01T09:00:00Z", "resends": 0, "assets": []}],
             "partners": [],
             "assets": [{"type": "ad_account", "id": "7100000000000000001", "name": "US", "owner_bc_id": "7000000000000000099", "access": "analyst"}]}
            """, "store.json", in: folder)
        return folder
    }

    @Test(arguments: StateBackend.available)
    func grantsOnAnAssetTransferredInNeverRaceTheTransfer(_ backend: StateBackend) throws {
        let trials = 40
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: trials) { trial in
            var problems: [String] = []
            do {
                let folder = try transferScenario()
                defer { try? FileManager.default.removeItem(at: folder) }
                let (applies, converged) = try applyUntilConverged(
                    try backend.prepare(folder), arguments: ["--parallelism", "8"], accept: false)
                problems += applies.filter { $0.status != 0 }.map { "exit \($0.status): \($0.stdout.suffix(300))" }
                if !converged { problems.append("no convergence") }
                if applies.count != 1 { problems.append("\(applies.count) applies") }
            } catch {
                problems.append("\(error)")
            }
            guard !problems.isEmpty else { return }
            failures.withLock { $0.append("trial \(trial): " + problems.joined(separator: "; ")) }
        }
        let failed = failures.withLock { $0 }
        #expect(failed.isEmpty, "\(failed.count) of \(trials) applies at parallelism 8 failed:\n\(failed.prefix(3).joined(separator: "\n"))")
    }
}
