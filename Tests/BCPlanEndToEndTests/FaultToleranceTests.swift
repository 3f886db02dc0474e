import Foundation
import Testing

/// Issue 7 on the built binary: corrupt or truncated files are named and left as they were, a
/// tampered saved plan is refused, the state keeps a backup, private files are 0600, and a write
/// failure (an unwritable state path, a file-size limit standing in for a full disk) stops apply
/// with nothing lost.
@Suite struct FaultToleranceTests {
    static let now = ["BCPLAN_NOW": "2026-11-21T12:00:00Z"]
    static let state = "northwind.state.json"
    static let store = "northwind.mock.json"

    /// The brand-with-agency example after one apply: state, backup, audit log, journal present.
    private func appliedExample() throws -> URL {
        let folder = try BinaryRunner.copyOfExample("brand-with-agency")
        let applied = try BinaryRunner.run(["apply", "--auto-approve"], in: folder, environment: Self.now)
        #expect(applied.status == 0, "\(applied.stderr)")
        return folder
    }

    private func mode(of name: String, in folder: URL) throws -> Int? {
        let attributes = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(name).path)
        return (attributes[.posixPermissions] as? NSNumber)?.intValue
    }

    // MARK: - Corrupt and truncated files

    /// (case, file to damage, how, command, what stderr must say).
    static let corruptions: [(String, String, String, [String], String)] = [
        ("state cut short", state, "truncate", ["plan"],
         "error: northwind.state.json: not a valid bcplan state file: the file ends inside "),
        ("state emptied", state, "empty", ["apply", "--auto-approve"],
         "error: northwind.state.json: not a valid bcplan state file: it is empty (cut short?); the file was left as it is; the state before its last write is in .bcplan/northwind.state.json.backup"),
        ("state not JSON", state, "garbage", ["refresh"],
         "error: northwind.state.json: not a valid bcplan state file: it is not JSON: "),
        ("state of the wrong shape", state, "array", ["apply", "--auto-approve"],
         "error: northwind.state.json: not a valid bcplan state file: "),
        ("store cut short", store, "truncate", ["plan"],
         "error: northwind.mock.json: not a valid mock store: the file ends inside "),
        ("store emptied", store, "empty", ["apply", "--auto-approve"],
         "error: northwind.mock.json: not a valid mock store: it is empty (cut short?); the file was left as it is"),
        ("lock not JSON", ".bcplan/northwind.state.json.lock", "old garbage", ["apply", "--auto-approve"],
         "error: the lock file .bcplan/northwind.state.json.lock is corrupt (it is not JSON: "),
        ("saved plan cut short", "plan.json", "truncate", ["apply", "plan.json"],
         "error: plan.json: not a valid bcplan plan file: the file ends "),
        ("saved plan emptied", "plan.json", "empty", ["show", "plan.json"],
         "error: plan.json: not a valid bcplan plan file: it is empty (cut short?); the file was left as it is"),
        ("audit log line cut short", "northwind.state.audit.jsonl", "truncate", ["apply", "--auto-approve"],
         "error: northwind.state.audit.jsonl:"),
    ]

    @Test(arguments: corruptions.indices)
    func aCorruptFileIsNamedAndLeftAsItWas(_ index: Int) throws {
        let (name, file, damage, command, expected) = Self.corruptions[index]
        let folder = try appliedExample()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try BinaryRunner.run(["plan", "--out", "plan.json"], in: folder, environment: Self.now).status == 0)
        let url = folder.appendingPathComponent(file)
        let original = (try? Data(contentsOf: url)) ?? Data()
        switch damage {
        case "truncate": try original.prefix(original.count * 2 / 3).write(to: url)
        case "empty": try Data().write(to: url)
        case "garbage": try Data("state: yes\n".utf8).write(to: url)
        case "array": try Data("[1, 2, 3]\n".utf8).write(to: url)
        default:
            try Data("lock?".utf8).write(to: url)
            // Older than the lock's creation grace: not one being written right now.
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -60)], ofItemAtPath: url.path)
        }
        let before = try BinaryRunner.snapshot(of: folder)
        let outcome = try BinaryRunner.run(command, in: folder, environment: Self.now)
        #expect(outcome.status == 1, "\(name)")
        #expect(outcome.stderr.hasPrefix(expected), "\(name): \(outcome.stderr)")
        #expect(outcome.stderr.split(separator: "\n").count == 1, "\(name): one line: \(outcome.stderr)")
        #expect(try BinaryRunner.snapshot(of: folder) == before, "\(name): a file changed")
    }

    // MARK: - Backup and modes

    @Test func everyStateWriteKeepsThePreviousStateAsAPrivateBackup() throws {
        let folder = try appliedExample()
        defer { try? FileManager.default.removeItem(at: folder) }
        let applied = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent(Self.state))) as? [String: Any]
        #expect(try BinaryRunner.run(["refresh"], in: folder, environment: Self.now).status == 0)
        let backup = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent(".bcplan/" + Self.state + ".backup"))) as? [String: Any]
        let refreshed = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent(Self.state))) as? [String: Any]
        #expect(backup?["serial"] as? Int == applied?["serial"] as? Int)
        #expect((refreshed?["serial"] as? Int) == (applied?["serial"] as? Int).map { $0 + 1 })
        #expect(try BinaryRunner.run(["plan", "--out", "plan.json"], in: folder, environment: Self.now).status == 0)
        for name in [Self.state, ".bcplan/" + Self.state + ".backup", "northwind.state.audit.jsonl", "plan.json"] {
            #expect(try mode(of: name, in: folder) == 0o600, "\(name)")
        }
    }

    @Test func aCorruptStateIsNeverReplacedAndTheBackupRestoresIt() throws {
        let folder = try appliedExample()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try BinaryRunner.run(["refresh"], in: folder, environment: Self.now).status == 0)
        try Data("{\"format_version\": 1, \"lin".utf8).write(to: folder.appendingPathComponent(Self.state))
        for command in [["refresh"], ["apply", "--auto-approve"], ["plan"]] {
            let refused = try BinaryRunner.run(command, in: folder, environment: Self.now)
            #expect(refused.status == 1)
            #expect(refused.stderr.contains("copy it over northwind.state.json and run bcplan refresh"), "\(refused.stderr)")
        }
        #expect(try BinaryRunner.read(Self.state, in: folder) == "{\"format_version\": 1, \"lin")
        // The remedy the message gives works.
        try FileManager.default.removeItem(at: folder.appendingPathComponent(Self.state))
        try FileManager.default.copyItem(
            at: folder.appendingPathComponent(".bcplan/" + Self.state + ".backup"), to: folder.appendingPathComponent(Self.state))
        #expect(try BinaryRunner.run(["refresh"], in: folder, environment: Self.now).status == 0)
        let planned = try BinaryRunner.run(["plan", "--detailed-exitcode"], in: folder, environment: Self.now)
        #expect(planned.status == 0, "\(planned.stdout)")
    }

    // MARK: - Tampered saved plans

    /// Edits of the saved plan's JSON, each of which must get it refused.
    static let tamperings = [
        "a permission raised", "an e-mail changed", "an action removed", "an action duplicated", "an action id changed",
        "the checksum changed", "the checksum removed", "a fingerprint changed",
    ]

    @Test(arguments: tamperings)
    func aTamperedSavedPlanIsRefused(_ tampering: String) throws {
        let folder = try BinaryRunner.copyOfExample("brand-with-agency")
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try BinaryRunner.run(["plan", "--out", "plan.json"], in: folder, environment: Self.now).status == 0)
        let url = folder.appendingPathComponent("plan.json")
        var plan = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        var actions = try #require(plan["actions"] as? [[String: Any]])
        switch tampering {
        case "a permission raised":
            let index = try #require(actions.firstIndex { $0["kind"] as? String == "share" })
            actions[index]["after"] = ["permission": "admin"]
        case "an e-mail changed":
            let index = try #require(actions.firstIndex { $0["member"] is String })
            actions[index]["member"] = "mallory@evil.example"
        case "an action removed": actions.removeLast()
        case "an action duplicated": actions.append(actions[0])
        case "an action id changed": actions[0]["id"] = (actions[0]["id"] as? String ?? "") + "x"
        case "the checksum changed": plan["checksum"] = String(repeating: "0", count: 64)
        case "the checksum removed": plan["checksum"] = nil
        default:
            var fingerprints = try #require(plan["fingerprints"] as? [String: String])
            let key = try #require(fingerprints.keys.sorted().first)
            fingerprints[key] = String(repeating: "f", count: 64)
            plan["fingerprints"] = fingerprints
        }
        plan["actions"] = actions
        try JSONSerialization.data(withJSONObject: plan, options: [.sortedKeys]).write(to: url)
        let before = try BinaryRunner.snapshot(of: folder)
        for command in [["apply", "plan.json"], ["show", "plan.json"]] {
            let refused = try BinaryRunner.run(command, in: folder, environment: Self.now)
            #expect(refused.status == 1, "\(tampering): \(command)")
            #expect(refused.stdout == "")
            let reason = tampering == "the checksum removed" ? "refused: it has no checksum" : "refused: its checksum does not match its content"
            #expect(refused.stderr.hasPrefix("error: plan.json: \(reason)"), "\(tampering): \(refused.stderr)")
        }
        #expect(try BinaryRunner.snapshot(of: folder) == before)
    }

    @Test func aSavedPlanReformattedButUnchangedIsAccepted() throws {
        let folder = try BinaryRunner.copyOfExample("brand-with-agency")
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try BinaryRunner.run(["plan", "--out", "plan.json"], in: folder, environment: Self.now).status == 0)
        let url = folder.appendingPathComponent("plan.json")
        let plan = try JSONSerialization.jsonObject(with: Data(contentsOf: url))
        try JSONSerialization.data(withJSONObject: plan, options: []).write(to: url)
        let applied = try BinaryRunner.run(["apply", "plan.json"], in: folder, environment: Self.now)
        #expect(applied.status == 0, "\(applied.stderr)")
    }

    // MARK: - Unwritable state, full disk

    /// Runs `bcplan` with files limited to `bytes` (`prlimit --fsize`, which counts bytes where
    /// `ulimit -f` counts shell-dependent blocks): past it a write fails with EFBIG, as on a full
    /// disk. Standard output and error are pipes, which the limit does not cover.
    private func runLimited(_ arguments: [String], bytes: Int, in folder: URL) throws -> BinaryRunner.Outcome {
        try BinaryRunner.run(
            ["--fsize=\(bytes)", BinaryRunner.binary.path] + arguments, in: folder,
            environment: Self.now, executable: URL(fileURLWithPath: "/usr/bin/prlimit"))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/prlimit")))
    func aStateThatCannotBeWrittenStopsApplyBeforeTheFirstAction() throws {
        let folder = try BinaryRunner.copyOfExample("brand-with-agency")
        defer { try? FileManager.default.removeItem(at: folder) }
        // The state is 8 KB and more; the lock file (200 bytes) still fits in 512 bytes.
        let before = try BinaryRunner.snapshot(of: folder)
        let refused = try runLimited(["apply", "--auto-approve"], bytes: 512, in: folder)
        #expect(refused.status == 1)
        #expect(refused.stderr.hasPrefix("error: cannot write the state, so nothing was applied: northwind.state.json: File too large"), "\(refused.stderr)")
        var after = try BinaryRunner.snapshot(of: folder)
        // The audit log is opened (created empty) before the state is written.
        #expect(after.removeValue(forKey: "northwind.state.audit.jsonl") == Data())
        #expect(after == before)
        // A state path under a regular file: no directory to write in (root ignores permissions).
        let blocked = try BinaryRunner.businessCenter(state: "blocker/bcplan.state.json")
        defer { try? FileManager.default.removeItem(at: blocked) }
        try BinaryRunner.write("not a folder\n", "blocker", in: blocked)
        let failed = try BinaryRunner.run(["apply", "--auto-approve"], in: blocked, environment: Self.now)
        #expect(failed.status == 1)
        #expect(failed.stderr == "error: cannot lock the state blocker/bcplan.state.json: blocker/.bcplan: Not a directory\n")
        #expect(!FileManager.default.fileExists(atPath: blocked.appendingPathComponent("store.requests.jsonl").path))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/prlimit")))
    func aDiskFullMidApplyStopsTheRunLosesNothingAndTheRerunConverges() throws {
        // 60 active members, each to be given an ad account: 60 assigns, each its own provider call,
        // each growing the state (and the store, which stays ~250 bytes smaller) by ~100 bytes.
        let folder = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var yaml = """
            version: 1
            business_center: {id: "7000000000000000001", name: Acme}
            provider: {kind: mock, store: store.json, caller: ana@acme.example}
            assets:
              - {key: us, type: ad_account, id: "7100000000000000001"}
            members:
              - {email: ana@acme.example, role: admin}
              - {email: bo@acme.example, role: admin}

            """
        var stored = [
            #"{"email": "ana@acme.example", "user_id": "1", "status": "active", "role": "admin", "finance": null, "invited_at": null, "resends": 0, "assets": []}"#,
            #"{"email": "bo@acme.example", "user_id": "2", "status": "active", "role": "admin", "finance": null, "invited_at": null, "resends": 0, "assets": []}"#,
        ]
        for index in 0..<60 {
            yaml += "  - {email: m\(index)@acme.example, role: standard, assets: {us: analyst}}\n"
            stored.append(#"{"email": "m\#(index)@acme.example", "user_id": "\#(100 + index)", "status": "active", "role": "standard", "finance": null, "invited_at": null, "resends": 0, "assets": []}"#)
        }
        try BinaryRunner.write(yaml, "bcplan.yaml", in: folder)
        try BinaryRunner.write("""
            {"business_center": {"id": "7000000000000000001", "name": "Acme"}, "members": [\(stored.joined(separator: ",\n"))],
             "partners": [], "assets": [{"type": "ad_account", "id": "7100000000000000001", "name": "US", "owner_bc_id": "7000000000000000001"}]}
            """, "store.json", in: folder)
        #expect(try BinaryRunner.run(["refresh"], in: folder, environment: Self.now).status == 0)
        // A limit 600 bytes above the state as it starts: reached after a few actions.
        let size = try Data(contentsOf: folder.appendingPathComponent("bcplan.state.json")).count
        let limited = try runLimited(["apply", "--auto-approve", "--parallelism", "1"], bytes: size + 600, in: folder)
        #expect(limited.status == 1, "\(limited.stderr)")
        #expect(limited.stdout.contains("not started: the run stopped because the state could not be written (bcplan.state.json: File too large)"), "\(limited.stdout)")
        #expect(limited.stdout.range(of: #"Apply incomplete: [1-9][0-9]* done, [1-9][0-9]* skipped"#, options: .regularExpression) != nil, "\(limited.stdout)")
        // Every file whole: the state and its backup parse, the audit log verifies against the state.
        for name in ["bcplan.state.json", ".bcplan/bcplan.state.json.backup", "store.json"] {
            #expect((try? JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent(name)))) != nil, "\(name)")
        }
        let verified = try BinaryRunner.run(["log", "--verify"], in: folder, environment: Self.now)
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            + FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent(".bcplan").path)
        #expect(!names.contains { $0.hasSuffix(".tmp") }, "temporary files left: \(names.sorted())")
        // With room again, apply does the rest and nothing twice.
        let rerun = try BinaryRunner.run(["apply", "--auto-approve"], in: folder, environment: Self.now)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        let planned = try BinaryRunner.run(["plan", "--detailed-exitcode"], in: folder, environment: Self.now)
        #expect(planned.status == 0, "\(planned.stdout)")
        var performed: [String] = []
        for line in try BinaryRunner.read("store.requests.jsonl", in: folder).split(separator: "\n") {
            let entry = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            performed += entry["actions"] as? [String] ?? []
        }
        #expect(performed.count == 60)
        #expect(Set(performed).count == 60, "an action was performed twice")
    }
}
