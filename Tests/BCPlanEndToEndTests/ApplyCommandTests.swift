import BCPlanPostgres
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

    @Test(arguments: StateBackend.available, ["brand-with-agency", "reclaim-from-agency", "agency-side"])
    func everyExampleAppliesAndThenPlansNoChanges(_ backend: StateBackend, _ example: String) throws {
        let folder = try BinaryRunner.copyOfExample(example)
        defer { try? FileManager.default.removeItem(at: folder) }
        let setup = try backend.prepare(folder)
        let applied = try setup.run(["apply", "--auto-approve"], environment: Self.now)
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(applied.stdout.contains("Apply complete: "))
        let planned = try setup.run(["plan", "--detailed-exitcode"], environment: Self.now)
        #expect(planned.status == 0, "\(planned.stdout)\(planned.stderr)")
        #expect(planned.stdout.hasSuffix("No changes.\n") || planned.stdout.hasSuffix("No changes. The Business Center matches the configuration.\n"))
        #expect(try setup.state() != nil)
        #expect(try setup.run(["log", "--verify"]).status == 0)
        // Nothing is left over from the run: no journal, no lock, no temporary file (here or in
        // the run folder).
        let runFiles = (try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent(".bcplan").path)) ?? []
        #expect(!runFiles.contains { $0.hasSuffix(".lock") || $0.hasSuffix(".tmp") }, "\(runFiles.sorted())")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(!names.contains { $0.hasSuffix(".journal") || $0.hasSuffix(".lock") || $0.hasSuffix(".tmp") }, "\(names.sorted())")
        for name in names where name.hasSuffix(".json") || name.hasSuffix(".jsonl") {
            let attributes = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(name).path)
            if name.contains("state") || name.contains("audit") {
                #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600, "\(name)")
            }
        }
    }

    @Test(arguments: StateBackend.available)
    func acceptedInvitationsGetTheirWaitingPermissions(_ backend: StateBackend) throws {
        let folder = try BinaryRunner.copyOfExample("brand-with-agency")
        defer { try? FileManager.default.removeItem(at: folder) }
        let setup = try backend.prepare(folder)
        #expect(try setup.run(["apply", "--auto-approve"], environment: Self.now).status == 0)
        let accepted = try setup.run(["mock", "accept", "noah.fischer@northwind.example"])
        #expect(accepted.status == 0, "\(accepted.stderr)")
        #expect(accepted.stdout == "invitation of noah.fischer@northwind.example accepted\n")
        let planned = try setup.run(["plan", "--detailed-exitcode"], environment: Self.now)
        #expect(planned.status == 2)
        #expect(planned.stdout.contains("+ assign nw-tiktok (tiktok_account 6958213377401234561) to noah.fischer@northwind.example: [post]"))
        let applied = try setup.run(["apply", "--auto-approve"], environment: Self.now)
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(applied.stdout.hasSuffix("Apply complete: 1 done (1 provider call).\n"))
        #expect(try setup.run(["plan", "--detailed-exitcode"], environment: Self.now).status == 0)
        let unknown = try setup.run(["mock", "reject", "nobody@northwind.example"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.hasPrefix("error: nothing pending matches nobody@northwind.example in northwind.mock.json"))
    }

    @Test(arguments: StateBackend.available)
    func withoutATerminalApplyNeedsAutoApproveAndChangesNothing(_ backend: StateBackend) throws {
        let folder = try BinaryRunner.copyOfExample("brand-with-agency")
        defer { try? FileManager.default.removeItem(at: folder) }
        let setup = try backend.prepare(folder)
        let before = try setup.everything()
        let refused = try setup.run(["apply"], environment: Self.now)
        #expect(refused.status == 64)
        #expect(refused.stdout == "")
        #expect(refused.stderr.hasPrefix("error: apply needs approval, and there is no terminal to ask on;"))
        #expect(try setup.everything() == before)
    }

    @Test(arguments: StateBackend.available)
    func anUnchangedSavedPlanAppliesExactlyWhatWasReviewed(_ backend: StateBackend) throws {
        let folder = try BinaryRunner.copyOfExample("brand-with-agency")
        defer { try? FileManager.default.removeItem(at: folder) }
        let setup = try backend.prepare(folder)
        #expect(try setup.run(["plan", "--out", "plan.json"], environment: Self.now).status == 0)
        let plan = try #require(JSONSerialization.jsonObject(with: Data(BinaryRunner.read("plan.json", in: folder).utf8)) as? [String: Any])
        let planned = try #require(plan["actions"] as? [[String: Any]]).compactMap { $0["id"] as? String }
        let applied = try setup.run(["apply", "plan.json"], environment: Self.now)
        #expect(applied.status == 0, "\(applied.stderr)")
        let performed = try journal(in: folder, store: "northwind.mock").flatMap { $0["actions"] as? [String] ?? [] }
        #expect(performed.sorted() == planned.sorted())
        #expect(try setup.auditEntries().compactMap { $0["action"] as? String }.sorted() == planned.sorted())
        // Applied once, the same plan is stale: the state moved on.
        let again = try setup.run(["apply", "plan.json"], environment: Self.now)
        #expect(again.status == 1)
    }

    @Test(arguments: StateBackend.available, ["config edited", "state written", "object changed"])
    func aStalePlanIsRefusedWithItsCauseAndNothingChanges(_ backend: StateBackend, _ cause: String) throws {
        let folder = try BinaryRunner.copyOfExample("brand-with-agency")
        defer { try? FileManager.default.removeItem(at: folder) }
        let setup = try backend.prepare(folder)
        #expect(try setup.run(["plan", "--out", "plan.json"], environment: Self.now).status == 0)
        let expected: String
        switch cause {
        case "config edited":
            try BinaryRunner.write(try BinaryRunner.read("bcplan.yaml", in: folder) + "# reviewed\n", "bcplan.yaml", in: folder)
            expected = "  - bcplan.yaml was edited since the plan was made"
        case "state written":
            #expect(try setup.run(["refresh"], environment: Self.now).status == 0)
            expected = "  - \(setup.stateName) was written since the plan was made (no state then, lineage "
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
        let before = try setup.everything()
        let refused = try setup.run(["apply", "plan.json"], environment: Self.now)
        #expect(refused.status == 1)
        #expect(refused.stdout == "")
        #expect(refused.stderr.hasPrefix("error: the saved plan plan.json is stale; nothing was changed:\n"))
        #expect(refused.stderr.contains(expected), "\(refused.stderr)")
        #expect(refused.stderr.hasSuffix("Make a new plan (bcplan plan --out plan.json), review it, and apply that.\n"))
        #expect(try setup.everything() == before)
    }

    @Test(arguments: StateBackend.available)
    func twoConcurrentAppliesOneRunsTheOtherFailsNamingTheHolder(_ backend: StateBackend) throws {
        let folder = try generatedBusinessCenter(members: 2, provider: "latency_ms: 1500")
        defer { try? FileManager.default.removeItem(at: folder) }
        let setup = try backend.prepare(folder)
        let first = try setup.start(["apply", "--auto-approve", "--parallelism", "1"], label: "first", environment: Self.now)
        let deadline = Date().addingTimeInterval(20)
        while try !setup.isLocked(), Date() < deadline { usleep(20_000) }
        #expect(try setup.isLocked())
        let started = Date()
        let second = try setup.run(["apply", "--auto-approve", "--lock-timeout", "1s"], environment: Self.now)
        let waited = Date().timeIntervalSince(started)
        first.waitUntilExit()
        let firstErrors = try BinaryRunner.read("first.err", in: folder)
        #expect(first.terminationStatus == 0, "\(firstErrors)")
        #expect(second.status == 1)
        let named = backend == .file ? "error: the state bcplan.state.json is locked by apply (lock "
            : "error: the state (\(setup.stateName)) is locked by apply (lock "
        #expect(second.stderr.hasPrefix(named), "\(second.stderr)")
        #expect(second.stderr.contains("pid \(first.processIdentifier)"))
        #expect(second.stderr.contains("bcplan force-unlock "))
        #expect(waited >= 1 && waited < 10, "waited \(waited) s for a 1 s lock timeout")
        #expect(try journal(in: folder).count == 4, "only the first apply called the provider")
        #expect(try !setup.isLocked(), "the lock is released at the end")
    }

    @Test(arguments: StateBackend.available)
    func transientFailuresConvergeWithRetries(_ backend: StateBackend) throws {
        let folder = try generatedBusinessCenter(members: 20, provider: "transient_failure_rate: 0.3, seed: 11")
        defer { try? FileManager.default.removeItem(at: folder) }
        let setup = try backend.prepare(folder)
        let applied = try setup.run(["apply", "--auto-approve", "--parallelism", "4"], environment: Self.now)
        #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
        #expect(applied.stdout.contains("Apply complete: 40 done ("))
        let calls = Int(applied.stdout.split(separator: "(").last?.split(separator: " ").first ?? "") ?? 0
        #expect(calls > 40, "some calls failed transiently and were retried")
        #expect(try journal(in: folder).count == 40, "each assignment was committed exactly once")
        #expect(try setup.run(["plan", "--detailed-exitcode"], environment: Self.now).status == 0)
    }

    @Test(arguments: StateBackend.available)
    func atTheAdminLimitTheInvitationWaitsForTheRevokeThatMakesRoom(_ backend: StateBackend) throws {
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
        let setup = try backend.prepare(folder)
        // The plan puts grants before revokes; at the platform's limit the invitation waits for room.
        let applied = try setup.run(["apply", "--auto-approve", "--parallelism", "4"], environment: Self.now)
        #expect(applied.status == 0, "\(applied.stdout)")
        #expect(try journal(in: folder).compactMap { $0["call"] as? String } == ["revoke", "invite"])
        #expect(try setup.run(["plan", "--detailed-exitcode"], environment: Self.now).status == 0)
    }

    @Test(arguments: StateBackend.available)
    func aPermanentFailureLeavesACorrectReportStateAndAuditLog(_ backend: StateBackend) throws {
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
        let setup = try backend.prepare(folder)
        let apply = try setup.start(["apply", "--auto-approve", "--parallelism", "1"], label: "apply", environment: Self.now)
        let deadline = Date().addingTimeInterval(20)
        while (try? journal(in: folder).count) ?? 0 < 1, Date() < deadline { usleep(10_000) }
        let rejected = try BinaryRunner.run(["mock", "reject", "7000000000000000099"], in: folder)
        #expect(rejected.stdout == "partner request to 7000000000000000099 rejected\n", "\(rejected.stderr)")
        apply.waitUntilExit()
        let stdout = try BinaryRunner.read("apply.out", in: folder)
        #expect(apply.terminationStatus == 1, "\(stdout)")
        #expect(stdout.contains("""
            Failed:
              + share us (ad_account 7100000000000000001) with partner Blue Agency (7000000000000000099): analyst
                  7000000000000000099 is not a partner of the Business Center
            """), "\(stdout)")
        #expect(stdout.hasSuffix("Apply incomplete: 2 done, 1 failed (3 provider calls).\n"))
        // The state records what bcplan did; the audit log each outcome, in a chain that verifies.
        let state = try #require(try setup.state())
        let members = try #require(state["members"] as? [[String: Any]]).compactMap { $0["email"] as? String }
        #expect(members.contains("new0@acme.example"))
        #expect(try #require(state["partners"] as? [[String: Any]]).count == 1)
        let audit = try setup.auditEntries()
        #expect(audit.map { "\($0["action"] ?? "") \($0["result"] ?? "")" } == [
            "add_partner:7000000000000000099 succeeded", "invite:new0@acme.example succeeded",
            "share:7000000000000000099:ad_account:7100000000000000001 failed",
        ])
        #expect(try setup.run(["log", "--verify"]).status == 0)
        // The next plan sees the rejection as drift and asks again.
        let planned = try setup.run(["plan", "--detailed-exitcode"], environment: Self.now)
        #expect(planned.status == 2)
        #expect(planned.stdout.contains("  - partner 7000000000000000099 removed"), "\(planned.stdout)")
    }

    @Test(arguments: StateBackend.available)
    func refreshRecordsTheLiveBusinessCenterAndReportsDrift(_ backend: StateBackend) throws {
        let folder = try BinaryRunner.copyOfExample("brand-with-agency")
        defer { try? FileManager.default.removeItem(at: folder) }
        let setup = try backend.prepare(folder)
        let first = try setup.run(["refresh"], environment: Self.now)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout == "First refresh: no state was recorded yet, so there is nothing to compare the Business Center with.\nRecorded the live Business Center in \(setup.stateName) for the first time (serial 1).\n")
        let accepted = try setup.run(["mock", "accept", "--all"])
        #expect(accepted.status == 0)
        let second = try setup.run(["refresh"], environment: Self.now)
        #expect(second.status == 0)
        #expect(second.stdout.hasPrefix("Drift: the Business Center changed since the state was recorded (by hand, or by an apply that was interrupted):\n  ~ member hannah.schulz@northwind.example changed: status: pending → active"), "\(second.stdout)")
        #expect(second.stdout.hasSuffix("Recorded the live Business Center in \(setup.stateName) (serial 2).\n"))
        #expect(try setup.state()?["serial"] as? Int == 2)
        let history = try setup.run(["state", "history"])
        #expect(history.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: " ").prefix(3).joined(separator: " ") }
            == ["2 2026-11-21T12:00:00Z refresh", "1 2026-11-21T12:00:00Z refresh"], "\(history.stdout)")
        let listed = try setup.run(["state", "list"])
        // PostgreSQL lists every workspace of the schema; this one's row says the same as the file's.
        let name = setup.workspace ?? setup.stateName
        let row = listed.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: " ").map(String.init) }.first { $0.first == name }
        #expect(row == [name, "2", "-", "-"], "never applied, nobody holds it: \(listed.stdout)")
        #expect(try setup.run(["plan", "--no-refresh", "--detailed-exitcode"], environment: Self.now).status == 2)
    }

    /// Runs apply on a pseudo-terminal (util-linux `script`) and answers the question with `answer`.
    private func applyOnATerminal(_ setup: StateSetup, answer: String) throws -> BinaryRunner.Outcome {
        let command = "printf '\(answer)\\n' | script -qec '\(BinaryRunner.binary.path) apply' /dev/null"
        return try BinaryRunner.run(
            ["-c", command], in: setup.folder, environment: setup.environment.merging(Self.now) { $1 },
            executable: URL(fileURLWithPath: "/bin/sh"))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")), arguments: StateBackend.available)
    func onATerminalApplyAsksAndOnlyYesApproves(_ backend: StateBackend) throws {
        let folder = try BinaryRunner.copyOfExample("brand-with-agency")
        defer { try? FileManager.default.removeItem(at: folder) }
        let setup = try backend.prepare(folder)
        let before = try setup.everything()
        let declined = try applyOnATerminal(setup, answer: "no")
        #expect(declined.status == 1)
        #expect(declined.stdout.contains("Do you want to perform these actions? Only 'yes' will be accepted to approve."))
        #expect(declined.stdout.contains("Apply cancelled; nothing was changed."))
        #expect(try setup.everything() == before)
        let approved = try applyOnATerminal(setup, answer: "yes")
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

    @Test(arguments: StateBackend.available)
    func theAuditLogVerifiesAndAnEditedLastLineIsCaughtByTheStatesHead(_ backend: StateBackend) throws {
        let folder = try BinaryRunner.copyOfExample("brand-with-agency")
        defer { try? FileManager.default.removeItem(at: folder) }
        let setup = try backend.prepare(folder)
        #expect(try setup.run(["apply", "--auto-approve"], environment: Self.now).status == 0)
        let verified = try setup.run(["log", "--verify"])
        #expect(verified.status == 0, "\(verified.stderr)")
        #expect(verified.stdout.contains("5 entries"), "\(verified.stdout)")
        let listed = try setup.run(["log"])
        #expect(listed.stdout.split(separator: "\n").count == 5)
        #expect(listed.stdout.contains("maja.lindqvist@northwind.example"))
        // Turn the last outcome from a revoke into something else: no later line hashes it.
        let logName: String
        switch backend {
        case .file:
            logName = "northwind.state.audit.jsonl"
            let log = try BinaryRunner.read(logName, in: folder)
            let edited = log.replacingOccurrences(of: "\"action\":\"revoke:daniel.kim@northwind.example\"", with: "\"action\":\"revoke:someone@northwind.example\"")
            #expect(edited != log)
            try BinaryRunner.write(edited, logName, in: folder)
        case .postgres:
            // The table refuses updates; an attacker who owns it must first turn its trigger off.
            logName = "workspace '\(setup.workspace!)' (PostgreSQL, schema bcplan)"
            let connection = try PostgresTestDatabase.connect()
            let refusedEdit = #expect(throws: PostgresError.self) {
                try connection.query("UPDATE bcplan.audit SET action = 'revoke:someone@northwind.example' WHERE workspace = $1 AND seq = 5", [setup.workspace!])
            }
            #expect(refusedEdit?.message.hasPrefix("the bcplan audit log is append-only: UPDATE on bcplan.audit is refused") == true, "\(String(describing: refusedEdit))")
            try connection.transaction { (transaction) throws(PostgresError) in
                try transaction.query("ALTER TABLE bcplan.audit DISABLE TRIGGER audit_rows_are_append_only")
                let edited = try transaction.query(
                    "UPDATE bcplan.audit SET action = 'revoke:someone@northwind.example' WHERE workspace = $1 AND seq = 5",
                    [setup.workspace!])
                #expect(edited.affectedRows == 1)
                try transaction.query("ALTER TABLE bcplan.audit ENABLE TRIGGER audit_rows_are_append_only")
            }
        }
        let broken = try setup.run(["log", "--verify"])
        #expect(broken.status == 1)
        #expect(broken.stderr.hasPrefix("error: \(logName):5: "), "\(broken.stderr)")
        let refused = try setup.run(["apply", "--auto-approve"], environment: Self.now)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("nothing was applied"), "\(refused.stderr)")
    }
}
