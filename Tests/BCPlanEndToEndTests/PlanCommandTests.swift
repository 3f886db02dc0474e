import Foundation
import Testing

@Suite struct PlanCommandTests {
    static let now = ["BCPLAN_NOW": "2026-11-21T12:00:00Z"]

    private func copyOfExample(_ name: String) throws -> URL { try BinaryRunner.copyOfExample(name) }

    private func write(_ text: String, _ name: String, in folder: URL) throws { try BinaryRunner.write(text, name, in: folder) }

    /// A Business Center whose store already matches its config.
    private func matchingBusinessCenter() throws -> URL {
        let folder = try BinaryRunner.businessCenter()
        try write("""
            {"business_center": {"id": "7000000000000000001", "name": "Acme"},
             "members": [
               {"email": "ana@acme.example", "user_id": "1", "status": "active", "role": "admin", "finance": null,
                "invited_at": null, "resends": 0, "assets": []},
               {"email": "bo@acme.example", "user_id": "2", "status": "active", "role": "admin", "finance": null,
                "invited_at": null, "resends": 0, "assets": []}],
             "partners": [], "assets": []}
            """, "store.json", in: folder)
        return folder
    }

    @Test func planOfAnExamplePrintsTheChangesAndWritesNothing() throws {
        let folder = try copyOfExample("brand-with-agency")
        defer { try? FileManager.default.removeItem(at: folder) }
        let before = try BinaryRunner.snapshot(of: folder)
        let outcome = try BinaryRunner.run(["plan"], in: folder, environment: Self.now)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr == "")
        #expect(outcome.stdout.hasSuffix("Plan: 1 to invite, 1 to resend, 1 to revoke, 1 role to update, 1 to share.\n"))
        #expect(!outcome.stdout.contains("\u{1B}"), "no colour without a terminal")
        #expect(try BinaryRunner.snapshot(of: folder) == before)
    }

    @Test func detailedExitCodeIsTwoWithChangesAndZeroWithout() throws {
        let changes = try copyOfExample("reclaim-from-agency")
        let none = try matchingBusinessCenter()
        defer {
            try? FileManager.default.removeItem(at: changes)
            try? FileManager.default.removeItem(at: none)
        }
        let withChanges = try BinaryRunner.run(["plan", "--detailed-exitcode"], in: changes, environment: Self.now)
        #expect(withChanges.status == 2)
        let without = try BinaryRunner.run(["plan", "--detailed-exitcode"], in: none, environment: Self.now)
        #expect(without.status == 0, "\(without.stderr)")
        #expect(without.stdout == "No changes. The Business Center matches the configuration.\n")
    }

    @Test func outWritesTheJSONPlanPrivatelyAndShowReadsItBack() throws {
        let folder = try copyOfExample("agency-side")
        defer { try? FileManager.default.removeItem(at: folder) }
        let planned = try BinaryRunner.run(["plan", "--out", "plan.json", "--format", "json"], in: folder, environment: Self.now)
        #expect(planned.status == 0, "\(planned.stderr)")
        let saved = try String(contentsOf: folder.appendingPathComponent("plan.json"), encoding: .utf8)
        #expect(saved == planned.stdout)
        let attributes = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent("plan.json").path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let shown = try BinaryRunner.run(["show", "plan.json", "--format", "json"], in: folder)
        #expect(shown.status == 0)
        #expect(shown.stdout == saved, "show must reproduce the saved plan byte for byte")
        let text = try BinaryRunner.run(["show", "plan.json"], in: folder)
        #expect(text.stdout.hasSuffix("Plan: 1 to invite, 1 to assign, 2 access requests.\n"))
    }

    @Test func jsonOutputIsByteIdenticalAcrossRuns() throws {
        let folder = try copyOfExample("brand-with-agency")
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try BinaryRunner.run(["plan", "--format", "json"], in: folder, environment: Self.now)
        let second = try BinaryRunner.run(["plan", "--format", "json"], in: folder, environment: Self.now)
        #expect(first.status == 0)
        #expect(first.stdout == second.stdout)
        #expect(first.stdout.contains("\"format_version\": 1"))
    }

    @Test func invalidConfigExitsOneAndWritesNoPlan() throws {
        let folder = try matchingBusinessCenter()
        defer { try? FileManager.default.removeItem(at: folder) }
        try write("version: 1\nbusiness_center: {id: \"7000000000000000001\"}\nmembers: [{email: x, role: admin}]\n",
                  "bcplan.yaml", in: folder)
        let outcome = try BinaryRunner.run(["plan", "--out", "plan.json"], in: folder, environment: Self.now)
        #expect(outcome.status == 1)
        #expect(outcome.stdout == "")
        #expect(outcome.stderr.hasPrefix("bcplan.yaml:3:19: error: 'x' is not a valid e-mail address\n"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("plan.json").path))
    }

    @Test func corruptStoreIsNamedAndLeftAlone() throws {
        let folder = try matchingBusinessCenter()
        defer { try? FileManager.default.removeItem(at: folder) }
        try write("{\"business_center\": {\"id\": ", "store.json", in: folder)
        let outcome = try BinaryRunner.run(["plan"], in: folder, environment: Self.now)
        #expect(outcome.status == 1)
        #expect(outcome.stderr == "error: store.json: not a valid mock store: the file ends where a value should be (truncated?) at line 1, column 28; the file was left as it is\n")
        #expect(try String(contentsOf: folder.appendingPathComponent("store.json"), encoding: .utf8) == "{\"business_center\": {\"id\": ")
    }

    @Test func policyViolationExitsOneAndWritesNoPlan() throws {
        let folder = try matchingBusinessCenter()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Dropping bo leaves one admin and removes half the members.
        try write("""
            version: 1
            business_center: {id: "7000000000000000001", name: Acme}
            provider: {kind: mock, store: store.json, caller: ana@acme.example}
            policy: {min_admins: 1}
            members:
              - {email: ana@acme.example, role: admin}
            """, "bcplan.yaml", in: folder)
        let outcome = try BinaryRunner.run(["plan", "--out", "plan.json"], in: folder, environment: Self.now)
        #expect(outcome.status == 1)
        // The error is printed once, with the plan, at the policy it breaks (max_revoke_fraction is
        // not written, so the policy: mapping); standard error says only that nothing may be applied.
        let error = "bcplan.yaml:4:9: error: the plan removes 1 of 2 members and partners (50%), more than policy.max_revoke_fraction (25%); review it, then pass --allow-mass-revoke\n"
        #expect(outcome.stdout.components(separatedBy: error).count == 2, "\(outcome.stdout)")
        #expect(outcome.stderr == "error: the plan breaks a rule, shown with it; nothing may be applied\n")
        // As JSON the document holds the error; standard error says it in full, for the person.
        let json = try BinaryRunner.run(["plan", "--format", "json"], in: folder, environment: Self.now)
        #expect(json.status == 1)
        #expect(json.stderr == error + "error: the plan breaks a rule above; nothing may be applied\n")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("plan.json").path))
        let allowed = try BinaryRunner.run(["plan", "--allow-mass-revoke", "--out", "plan.json"], in: folder, environment: Self.now)
        #expect(allowed.status == 0, "\(allowed.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("plan.json").path))
    }

    @Test func usageErrorsExitSixtyFour() throws {
        let folder = try matchingBusinessCenter()
        defer { try? FileManager.default.removeItem(at: folder) }
        let badFormat = try BinaryRunner.run(["plan", "--format", "yaml"], in: folder)
        #expect(badFormat.status == 64)
        let badNow = try BinaryRunner.run(["plan"], in: folder, environment: ["BCPLAN_NOW": "yesterday"])
        #expect(badNow.status == 64)
        #expect(badNow.stderr == "error: BCPLAN_NOW='yesterday' is not an RFC 3339 time such as 2026-11-21T12:00:00Z\n")
    }

    @Test func noRefreshWithoutStateIsAClearError() throws {
        let folder = try matchingBusinessCenter()
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try BinaryRunner.run(["plan", "--no-refresh"], in: folder, environment: Self.now)
        #expect(outcome.status == 1)
        #expect(outcome.stderr == "error: --no-refresh needs recorded state, and bcplan.state.json does not exist yet; run without --no-refresh\n")
    }

    @Test func missingStoreIsAnEmptyBusinessCenter() throws {
        let folder = try matchingBusinessCenter()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.removeItem(at: folder.appendingPathComponent("store.json"))
        let outcome = try BinaryRunner.run(["plan", "--format", "json"], in: folder, environment: Self.now)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("\"invite\": 2"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("store.json").path))
    }
}
