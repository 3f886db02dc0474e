import Foundation
import Testing

@Suite struct ApplyCommandTests {
    static let now = ["BCPLAN_NOW": "2026-11-21T12:00:00Z"]

    /// A Business Center with two active admins and `members` active standard members, and a config
    /// that gives every member two ad accounts: `2 × members` assignments to apply, none batchable.
    private func generatedBusinessCenter(members: Int, provider extra: String = "", invitations: Int = 0) throws -> URL {
        let folder = try BinaryRunner.temporaryFolder()
        var yaml = """
            version: 1
            business_center: {id: "7000000000000000001", name: Acme}
            provider: {kind: mock, store: store.json, caller: ana@acme.example\(extra.isEmpty ? "" : ", " + extra)}
            policy: {max_revoke_fraction: 1.0}
            assets:
              - {key: us, type: ad_account, id: "7100000000000000001"}
              - {key: eu, type: ad_account, id: "7100000000000000002"}
            members:
              - {email: ana@acme.example, role: admin}
              - {email: bo@acme.example, role: admin}

            """
        var stored: [String] = [
            #"{"email": "ana@acme.example", "user_id": "1", "status": "active", "role": "admin", "finance": null, "invited_at": null, "resends": 0, "assets": []}"#,
            #"{"email": "bo@acme.example", "user_id": "2", "status": "active", "role": "admin", "finance": null, "invited_at": null, "resends": 0, "assets": []}"#,
        ]
        for index in 0..<members {
            yaml += "  - {email: m\(index)@acme.example, role: standard, assets: {us: \(["analyst", "operator"][index % 2]), eu: analyst}}\n"
            stored.append(#"{"email": "m\#(index)@acme.example", "user_id": "\#(100 + index)", "status": "active", "role": "standard", "finance": null, "invited_at": null, "resends": 0, "assets": []}"#)
        }
        for index in 0..<invitations {
            yaml += "  - {email: new\(index)@acme.example, role: standard}\n"
        }
        try BinaryRunner.write(yaml, "bcplan.yaml", in: folder)
        try BinaryRunner.write("""
            {"business_center": {"id": "7000000000000000001", "name": "Acme"},
             "members": [\(stored.joined(separator: ",\n"))],
             "partners": [],
             "assets": [{"type": "ad_account", "id": "7100000000000000001", "name": "US", "owner_bc_id": "7000000000000000001"},
                        {"type": "ad_account", "id": "7100000000000000002", "name": "EU", "owner_bc_id": "7000000000000000001"}]}
            """, "store.json", in: folder)
        return folder
    }

    private func journal(in folder: URL, store: String = "store") throws -> [[String: Any]] {
        try BinaryRunner.read("\(store).requests.jsonl", in: folder).split(separator: "\n").map {
            try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    @Test(arguments: ["brand-with-agency", "reclaim-from-agency", "agency-side"])
    func everyExampleAppliesAndThenPlansNoChanges(_ example: String) throws {
        let folder = try BinaryRunner.copyOfExample(example)
        defer { try? FileManager.default.removeItem(at: folder) }
        let applied = try BinaryRunner.run(["apply", "--auto-approve"], in: folder, environment: Self.now)
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(applied.stdout.contains("Apply complete: "))
        let planned = try BinaryRunner.run(["plan", "--detailed-exitcode"], in: folder, environment: Self.now)
        #expect(planned.status == 0, "\(planned.stdout)\(planned.stderr)")
        #expect(planned.stdout.hasSuffix("No changes.\n") || planned.stdout.hasSuffix("No changes. The Business Center matches the configuration.\n"))
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".json") || name.hasSuffix(".jsonl") {
            let attributes = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(name).path)
            if name.contains("state") || name.contains("audit") {
                #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600, "\(name)")
            }
        }
    }

    @Test func acceptedInvitationsGetTheirWaitingPermissions() throws {
        let folder = try BinaryRunner.copyOfExample("brand-with-agency")
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try BinaryRunner.run(["apply", "--auto-approve"], in: folder, environment: Self.now).status == 0)
        let accepted = try BinaryRunner.run(["mock", "accept", "noah.fischer@northwind.example"], in: folder)
        #expect(accepted.status == 0, "\(accepted.stderr)")
        #expect(accepted.stdout == "invitation of noah.fischer@northwind.example accepted\n")
        let planned = try BinaryRunner.run(["plan", "--detailed-exitcode"], in: folder, environment: Self.now)
        #expect(planned.status == 2)
        #expect(planned.stdout.contains("+ assign nw-tiktok (tiktok_account 6958213377401234561) to noah.fischer@northwind.example: [post]"))
        let applied = try BinaryRunner.run(["apply", "--auto-approve"], in: folder, environment: Self.now)
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(applied.stdout.hasSuffix("Apply complete: 1 done (1 provider call).\n"))
        #expect(try BinaryRunner.run(["plan", "--detailed-exitcode"], in: folder, environment: Self.now).status == 0)
        let unknown = try BinaryRunner.run(["mock", "reject", "nobody@northwind.example"], in: folder)
        #expect(unknown.status == 1)
        #expect(unknown.stderr.hasPrefix("error: nothing pending matches nobody@northwind.example in northwind.mock.json"))
    }

    @Test func withoutATerminalApplyNeedsAutoApproveAndChangesNothing() throws {
        let folder = try BinaryRunner.copyOfExample("brand-with-agency")
        defer { try? FileManager.default.removeItem(at: folder) }
        let before = try BinaryRunner.snapshot(of: folder)
        let refused = try BinaryRunner.run(["apply"], in: folder, environment: Self.now)
        #expect(refused.status == 64)
        #expect(refused.stdout == "")
        #expect(refused.stderr.hasPrefix("error: apply needs approval, and there is no terminal to ask on;"))
        #expect(try BinaryRunner.snapshot(of: folder) == before)
    }

    @Test func anUnchangedSavedPlanAppliesExactlyWhatWasReviewed() throws {
        let folder = try BinaryRunner.copyOfExample("brand-with-agency")
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try BinaryRunner.run(["plan", "--out", "plan.json"], in: folder, environment: Self.now).status == 0)
        let plan = try #require(JSONSerialization.jsonObject(with: Data(BinaryRunner.read("plan.json", in: folder).utf8)) as? [String: Any])
        let planned = try #require(plan["actions"] as? [[String: Any]]).compactMap { $0["id"] as? String }
        let applied = try BinaryRunner.run(["apply", "plan.json"], in: folder, environment: Self.now)
        #expect(applied.status == 0, "\(applied.stderr)")
        let performed = try journal(in: folder, store: "northwind.mock").flatMap { $0["actions"] as? [String] ?? [] }
        #expect(performed.sorted() == planned.sorted())
        // Applied once, the same plan is stale: the state moved on.
        let again = try BinaryRunner.run(["apply", "plan.json"], in: folder, environment: Self.now)
        #expect(again.status == 1)
    }

    @Test(arguments: ["config edited", "state written", "object changed"])
    func aStalePlanIsRefusedWithItsCauseAndNothingChanges(_ cause: String) throws {
        let folder = try BinaryRunner.copyOfExample("brand-with-agency")
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try BinaryRunner.run(["plan", "--out", "plan.json"], in: folder, environment: Self.now).status == 0)
        let expected: String
        switch cause {
        case "config edited":
            try BinaryRunner.write(try BinaryRunner.read("bcplan.yaml", in: folder) + "# reviewed\n", "bcplan.yaml", in: folder)
            expected = "  - bcplan.yaml was edited since the plan was made"
        case "state written":
            #expect(try BinaryRunner.run(["refresh"], in: folder, environment: Self.now).status == 0)
            expected = "  - northwind.state.json was written since the plan was made (no state then, lineage "
        default:
            // Someone changes, by hand, a member the plan revokes.
            let url = folder.appendingPathComponent("northwind.mock.json")
            var store = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
            var members = try #require(store["members"] as? [[String: Any]])
            let index = try #require(members.firstIndex { $0["email"] as? String == "daniel.kim@northwind.example" })
            members[index]["role"] = "admin"
            store["members"] = members
            try JSONSerialization.data(withJSONObject: store).write(to: url)
            expected = "  - member daniel.kim@northwind.example changed in the Business Center since the plan was made\n"
        }
        let before = try BinaryRunner.snapshot(of: folder)
        let refused = try BinaryRunner.run(["apply", "plan.json"], in: folder, environment: Self.now)
        #expect(refused.status == 1)
        #expect(refused.stdout == "")
        #expect(refused.stderr.hasPrefix("error: the saved plan plan.json is stale; nothing was changed:\n"))
        #expect(refused.stderr.contains(expected), "\(refused.stderr)")
        #expect(refused.stderr.hasSuffix("Make a new plan (bcplan plan --out plan.json), review it, and apply that.\n"))
        #expect(try BinaryRunner.snapshot(of: folder) == before)
    }

    @Test func twoConcurrentAppliesOneRunsTheOtherFailsNamingTheHolder() throws {
        let folder = try generatedBusinessCenter(members: 2, provider: "latency_ms: 1500")
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try BinaryRunner.start(["apply", "--auto-approve", "--parallelism", "1"], in: folder, label: "first", environment: Self.now)
        let lock = folder.appendingPathComponent(".bcplan/bcplan.state.json.lock")
        let deadline = Date().addingTimeInterval(20)
        while !FileManager.default.fileExists(atPath: lock.path), Date() < deadline { usleep(20_000) }
        #expect(FileManager.default.fileExists(atPath: lock.path))
        let started = Date()
        let second = try BinaryRunner.run(["apply", "--auto-approve", "--lock-timeout", "1s"], in: folder, environment: Self.now)
        let waited = Date().timeIntervalSince(started)
        first.waitUntilExit()
        let firstErrors = try BinaryRunner.read("first.err", in: folder)
        #expect(first.terminationStatus == 0, "\(firstErrors)")
        #expect(second.status == 1)
        #expect(second.stderr.hasPrefix("error: the state bcplan.state.json is locked by apply (lock "), "\(second.stderr)")
        #expect(second.stderr.contains("pid \(first.processIdentifier)"))
        #expect(second.stderr.contains("bcplan force-unlock "))
        #expect(waited >= 1 && waited < 10, "waited \(waited) s for a 1 s lock timeout")
        #expect(try journal(in: folder).count == 4, "only the first apply called the provider")
        #expect(!FileManager.default.fileExists(atPath: lock.path), "the lock is released at the end")
    }

    @Test func transientFailuresConvergeWithRetries() throws {
        let folder = try generatedBusinessCenter(members: 20, provider: "transient_failure_rate: 0.3, seed: 11")
        defer { try? FileManager.default.removeItem(at: folder) }
        let applied = try BinaryRunner.run(["apply", "--auto-approve", "--parallelism", "4"], in: folder, environment: Self.now)
        #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
        #expect(applied.stdout.contains("Apply complete: 40 done ("))
        let calls = Int(applied.stdout.split(separator: "(").last?.split(separator: " ").first ?? "") ?? 0
        #expect(calls > 40, "some calls failed transiently and were retried")
        #expect(try journal(in: folder).count == 40, "each assignment was committed exactly once")
        #expect(try BinaryRunner.run(["plan", "--detailed-exitcode"], in: folder, environment: Self.now).status == 0)
    }

    @Test func atTheAdminLimitTheInvitationWaitsForTheRevokeThatMakesRoom() throws {
        // Twenty admins, the platform's limit: a new admin is invited and an undeclared one revoked.
        let folder = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var yaml = """
            version: 1
            business_center: {id: "7000000000000000001", name: Acme}
            provider: {kind: mock, store: store.json, caller: a0@acme.example}
            members:

            """
        var stored: [String] = []
        for index in 0..<20 {
            if index < 19 { yaml += "  - {email: a\(index)@acme.example, role: admin}\n" }
            stored.append(#"{"email": "a\#(index)@acme.example", "user_id": "\#(index + 1)", "status": "active", "role": "admin", "finance": null, "invited_at": null, "resends": 0, "assets": []}"#)
        }
        yaml += "  - {email: new@acme.example, role: admin}\n"
        try BinaryRunner.write(yaml, "bcplan.yaml", in: folder)
        try BinaryRunner.write(#"{"business_center": {"id": "7000000000000000001"}, "members": [\#(stored.joined(separator: ","))], "partners": [], "assets": []}"#, "store.json", in: folder)
        // The plan puts grants before revokes; at the platform's limit the invitation waits for room.
        let applied = try BinaryRunner.run(["apply", "--auto-approve", "--parallelism", "4"], in: folder, environment: Self.now)
        #expect(applied.status == 0, "\(applied.stdout)")
        #expect(try journal(in: folder).compactMap { $0["call"] as? String } == ["revoke", "invite"])
        #expect(try BinaryRunner.run(["plan", "--detailed-exitcode"], in: folder, environment: Self.now).status == 0)
    }

    @Test func aPermanentFailureLeavesACorrectReportStateAndAuditLog() throws {
        // The partner rejects the request while the apply runs: sharing with it then fails for good,
        // and the rest of the plan still runs.
        let folder = try generatedBusinessCenter(members: 0, provider: "latency_ms: 700", invitations: 1)
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = try BinaryRunner.read("bcplan.yaml", in: folder)
        try BinaryRunner.write(config + """
            partners:
              - bc_id: "7000000000000000099"
                name: Blue Agency
                shares: {us: analyst}

            """, "bcplan.yaml", in: folder)
        let apply = try BinaryRunner.start(["apply", "--auto-approve", "--parallelism", "1"], in: folder, label: "apply", environment: Self.now)
        let deadline = Date().addingTimeInterval(20)
        while (try? journal(in: folder).count) ?? 0 < 1, Date() < deadline { usleep(10_000) }
        let rejected = try BinaryRunner.run(["mock", "reject", "7000000000000000099"], in: folder)
        #expect(rejected.stdout == "partner request to 7000000000000000099 rejected\n", "\(rejected.stderr)")
        apply.waitUntilExit()
        let stdout = try BinaryRunner.read("apply.out", in: folder)
        #expect(apply.terminationStatus == 1, "\(stdout)")
        #expect(stdout.contains("""
            Failed:
              + share us (ad_account 7100000000000000001) with partner 7000000000000000099: analyst
                  7000000000000000099 is not a partner of the Business Center
            """), "\(stdout)")
        #expect(stdout.hasSuffix("Apply incomplete: 2 done, 1 failed (3 provider calls).\n"))
        // The state records what bcplan did; the audit log each outcome, in a chain that verifies.
        let state = try #require(JSONSerialization.jsonObject(with: Data(BinaryRunner.read("bcplan.state.json", in: folder).utf8)) as? [String: Any])
        let members = try #require(state["members"] as? [[String: Any]]).compactMap { $0["email"] as? String }
        #expect(members.contains("new0@acme.example"))
        #expect(try #require(state["partners"] as? [[String: Any]]).count == 1)
        let audit = try BinaryRunner.read("bcplan.state.audit.jsonl", in: folder).split(separator: "\n").map {
            try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(audit.map { "\($0["action"] ?? "") \($0["result"] ?? "")" } == [
            "add_partner:7000000000000000099 succeeded", "invite:new0@acme.example succeeded",
            "share:7000000000000000099:ad_account:7100000000000000001 failed",
        ])
        #expect(try BinaryRunner.run(["log", "--verify"], in: folder).status == 0)
        // The next plan sees the rejection as drift and asks again.
        let planned = try BinaryRunner.run(["plan", "--detailed-exitcode"], in: folder, environment: Self.now)
        #expect(planned.status == 2)
        #expect(planned.stdout.contains("  - partner 7000000000000000099 removed"), "\(planned.stdout)")
    }

    @Test func refreshRecordsTheLiveBusinessCenterAndReportsDrift() throws {
        let folder = try BinaryRunner.copyOfExample("brand-with-agency")
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try BinaryRunner.run(["refresh"], in: folder, environment: Self.now)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout == "No drift: the Business Center matches the recorded state.\nRecorded the live Business Center in northwind.state.json (serial 1).\n")
        let accepted = try BinaryRunner.run(["mock", "accept", "--all"], in: folder)
        #expect(accepted.status == 0)
        let second = try BinaryRunner.run(["refresh"], in: folder, environment: Self.now)
        #expect(second.status == 0)
        #expect(second.stdout.hasPrefix("Drift: the Business Center changed since the state was recorded (by hand, or by an apply that was interrupted):\n  ~ member hannah.schulz@northwind.example changed: status: pending → active"), "\(second.stdout)")
        #expect(second.stdout.hasSuffix("Recorded the live Business Center in northwind.state.json (serial 2).\n"))
        let state = try BinaryRunner.read("northwind.state.json", in: folder)
        #expect(state.contains("\"serial\": 2"))
        #expect(try BinaryRunner.run(["plan", "--no-refresh", "--detailed-exitcode"], in: folder, environment: Self.now).status == 2)
    }

    /// Runs apply on a pseudo-terminal (util-linux `script`) and answers the question with `answer`.
    private func applyOnATerminal(in folder: URL, answer: String) throws -> BinaryRunner.Outcome {
        let command = "printf '\(answer)\\n' | script -qec '\(BinaryRunner.binary.path) apply' /dev/null"
        return try BinaryRunner.run(["-c", command], in: folder, environment: Self.now, executable: URL(fileURLWithPath: "/bin/sh"))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func onATerminalApplyAsksAndOnlyYesApproves() throws {
        let folder = try BinaryRunner.copyOfExample("brand-with-agency")
        defer { try? FileManager.default.removeItem(at: folder) }
        let before = try BinaryRunner.snapshot(of: folder)
        let declined = try applyOnATerminal(in: folder, answer: "no")
        #expect(declined.status == 1)
        #expect(declined.stdout.contains("Do you want to perform these actions? Only 'yes' will be accepted to approve."))
        #expect(declined.stdout.contains("Apply cancelled; nothing was changed."))
        #expect(try BinaryRunner.snapshot(of: folder) == before)
        let approved = try applyOnATerminal(in: folder, answer: "yes")
        #expect(approved.status == 0, "\(approved.stdout)")
        #expect(approved.stdout.contains("\u{1B}[2K[0/5] "), "a live progress line on a terminal")
        #expect(approved.stdout.contains("Apply complete: 5 done (5 provider calls)."))
    }

    /// `bcplan apply | tee apply.log` on a terminal: the plan goes through the pipe, and the question
    /// is asked on the terminal (/dev/tty), saying what it approves.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func onATerminalApplyAsksWhereverStandardOutputGoes() throws {
        let folder = try BinaryRunner.copyOfExample("brand-with-agency")
        defer { try? FileManager.default.removeItem(at: folder) }
        let before = try BinaryRunner.snapshot(of: folder)
        func apply(answer: String) throws -> BinaryRunner.Outcome {
            let piped = "set -o pipefail; \(BinaryRunner.binary.path) apply | tee apply.log"
            let command = "printf '\(answer)\\n' | script -qec \"bash -c '\(piped)'\" /dev/null"
            return try BinaryRunner.run(["-c", command], in: folder, environment: Self.now, executable: URL(fileURLWithPath: "/bin/sh"))
        }
        // The terminal ends lines with CR LF.
        let question = "Plan: 1 to invite, 1 to resend, 1 to revoke, 1 role to update, 1 to share. (the plan is on standard output)\r\n"
            + "Do you want to perform these actions? Only 'yes' will be accepted to approve."
        let declined = try apply(answer: "no")
        #expect(declined.status == 1, "\(declined.stdout)")
        #expect(declined.stdout.contains(question), "\(declined.stdout)")
        let declinedLog = try BinaryRunner.read("apply.log", in: folder)
        #expect(declinedLog.contains("bcplan will perform these actions"), "the plan went through the pipe")
        #expect(!declinedLog.contains("Do you want"), "the question went to the terminal, not the pipe")
        #expect(try BinaryRunner.snapshot(of: folder).filter { $0.key != "apply.log" } == before)

        let approved = try apply(answer: "yes")
        #expect(approved.status == 0, "\(approved.stdout)")
        #expect(approved.stdout.contains(question))
        let log = try BinaryRunner.read("apply.log", in: folder)
        #expect(log.contains("Apply complete: 5 done (5 provider calls)."), "\(log)")
        #expect(!log.contains("\u{1B}["), "no progress line or colour into a pipe")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("northwind.state.json").path))
    }

    /// Without a terminal to ask on (stdin is not one), apply still refuses, whatever stdout is.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func withoutATerminalOnStandardInputApplyRefuses() throws {
        let folder = try BinaryRunner.copyOfExample("brand-with-agency")
        defer { try? FileManager.default.removeItem(at: folder) }
        let before = try BinaryRunner.snapshot(of: folder)
        // Standard output is the terminal, standard input is not.
        let command = "script -qec '\(BinaryRunner.binary.path) apply < /dev/null' /dev/null < /dev/null"
        let outcome = try BinaryRunner.run(["-c", command], in: folder, environment: Self.now, executable: URL(fileURLWithPath: "/bin/sh"))
        #expect(outcome.status == 64, "\(outcome.stdout)")
        #expect(outcome.stdout.contains("error: apply needs approval, and there is no terminal to ask on"))
        #expect(try BinaryRunner.snapshot(of: folder) == before)
    }

    @Test func theAuditLogVerifiesAndAnEditedLastLineIsCaughtByTheStatesHead() throws {
        let folder = try BinaryRunner.copyOfExample("brand-with-agency")
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try BinaryRunner.run(["apply", "--auto-approve"], in: folder, environment: Self.now).status == 0)
        let verified = try BinaryRunner.run(["log", "--verify"], in: folder)
        #expect(verified.status == 0, "\(verified.stderr)")
        #expect(verified.stdout.contains("5 entries"), "\(verified.stdout)")
        let listed = try BinaryRunner.run(["log"], in: folder)
        #expect(listed.stdout.split(separator: "\n").count == 5)
        #expect(listed.stdout.contains("maja.lindqvist@northwind.example"))
        // Turn the last outcome from a revoke into something else: no later line hashes it.
        let log = try BinaryRunner.read("northwind.state.audit.jsonl", in: folder)
        let edited = log.replacingOccurrences(of: "\"action\":\"revoke:daniel.kim@northwind.example\"", with: "\"action\":\"revoke:someone@northwind.example\"")
        #expect(edited != log)
        try BinaryRunner.write(edited, "northwind.state.audit.jsonl", in: folder)
        let broken = try BinaryRunner.run(["log", "--verify"], in: folder)
        #expect(broken.status == 1)
        #expect(broken.stderr.hasPrefix("error: northwind.state.audit.jsonl:5: "), "\(broken.stderr)")
        let refused = try BinaryRunner.run(["apply", "--auto-approve"], in: folder, environment: Self.now)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("nothing was applied"), "\(refused.stderr)")
    }
}
