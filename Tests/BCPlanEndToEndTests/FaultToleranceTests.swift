import BCPlanPostgres
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
         "error: northwind.state.json: not a valid bcplan state file: it is empty (cut short?); the file was left as it is"),
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
        // A refresh writes only when the Business Center changed: the invitees accept.
        #expect(try BinaryRunner.run(["mock", "accept", "--all"], in: folder).status == 0)
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
        // A state write keeps a backup; this refresh writes, as the invitees accepted.
        #expect(try BinaryRunner.run(["mock", "accept", "--all"], in: folder).status == 0)
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
        // The accepted invitees get their TikTok account now; then nothing is left to do.
        #expect(try BinaryRunner.run(["apply", "--auto-approve"], in: folder, environment: Self.now).status == 0)
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
    private func runLimited(_ arguments: [String], bytes: Int, _ setup: StateSetup) throws -> BinaryRunner.Outcome {
        try BinaryRunner.run(
            ["--fsize=\(bytes)", BinaryRunner.binary.path] + arguments, in: setup.folder,
            environment: setup.environment.merging(Self.now) { $1 }, executable: URL(fileURLWithPath: "/usr/bin/prlimit"))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/prlimit")), arguments: StateBackend.available)
    func aStateThatCannotBeWrittenStopsApplyBeforeTheFirstAction(_ backend: StateBackend) throws {
        let folder = try BinaryRunner.copyOfExample("brand-with-agency")
        defer { try? FileManager.default.removeItem(at: folder) }
        let setup = try backend.prepare(folder)
        let before = try setup.everything()
        let refused: BinaryRunner.Outcome
        switch backend {
        case .file:
            // The state is 8 KB and more; the lock file (200 bytes) still fits in 512 bytes.
            refused = try runLimited(["apply", "--auto-approve"], bytes: 512, setup)
            #expect(refused.stderr.hasPrefix(
                "error: cannot write the state, so nothing was applied: northwind.state.json.journal: File too large"), "\(refused.stderr)")
        case .postgres:
            let full = try DatabaseFullTrap(setup, table: "workspaces", afterAuditRows: 0)
            defer { full.remove() }
            refused = try setup.run(["apply", "--auto-approve"], environment: Self.now)
            #expect(refused.stderr.hasPrefix(
                "error: cannot write the state, so nothing was applied: the PostgreSQL database of \(setup.stateName) refused a statement (53100): could not extend file"), "\(refused.stderr)")
            #expect(try !setup.isLocked(), "the lock is released")
        }
        #expect(refused.status == 1)
        #expect(refused.stderr.split(separator: "\n").count == 1, "\(refused.stderr)")
        // Nothing was written: no audit log, no journal, no provider call.
        #expect(try setup.everything() == before)
        guard backend == .file else { return }
        // A state path under a regular file: no directory to write in (root ignores permissions).
        let blocked = try BinaryRunner.businessCenter(state: "blocker/bcplan.state.json")
        defer { try? FileManager.default.removeItem(at: blocked) }
        try BinaryRunner.write("not a folder\n", "blocker", in: blocked)
        let failed = try BinaryRunner.run(["apply", "--auto-approve"], in: blocked, environment: Self.now)
        #expect(failed.status == 1)
        #expect(failed.stderr == "error: cannot lock the state blocker/bcplan.state.json: blocker/.bcplan: Not a directory\n")
        #expect(!FileManager.default.fileExists(atPath: blocked.appendingPathComponent("store.requests.jsonl").path))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/prlimit")), arguments: StateBackend.available)
    func aDiskFullMidApplyStopsTheRunLosesNothingAndTheRerunConverges(_ backend: StateBackend) throws {
        // 60 active members, each to be given an ad account: 60 assigns, each its own provider call,
        // each adding a line of about 600 bytes to the state's journal (the file backend).
        let folder = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try AssigningBusinessCenter(name: "Acme", members: 60).write(config: "bcplan.yaml", store: "store.json", in: folder)
        let setup = try backend.prepare(folder)
        #expect(try setup.run(["refresh"], environment: Self.now).status == 0)
        let limited: BinaryRunner.Outcome
        let reason: String
        switch backend {
        case .file:
            // The journal may grow to 12 KB (the state file, 14 KB, is written only at the end): reached
            // after about 20 actions; the end's state write does not fit either.
            limited = try runLimited(["apply", "--auto-approve", "--parallelism", "1"], bytes: 12_000, setup)
            reason = "bcplan.state.json.journal: File too large"
        case .postgres:
            // The database fills up once the audit log holds 6 entries.
            let full = try DatabaseFullTrap(setup, table: "audit", afterAuditRows: 6)
            defer { full.remove() }
            limited = try setup.run(["apply", "--auto-approve", "--parallelism", "1"], environment: Self.now)
            reason = "the PostgreSQL database of \(setup.stateName) refused a statement (53100): could not extend file"
        }
        #expect(limited.status == 1, "\(limited.stderr)")
        #expect(limited.stdout.contains("not started: the run stopped because the state could not be written (\(reason)"), "\(limited.stdout)")
        #expect(limited.stdout.range(of: #"Apply incomplete: [1-9][0-9]* done, [1-9][0-9]* skipped"#, options: .regularExpression) != nil, "\(limited.stdout)")
        // Everything whole: the state reads back, the store parses, the audit log verifies against the state.
        let state = try #require(try setup.state())
        #expect((state["serial"] as? Int ?? 0) > 1)
        #expect((try? JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("store.json")))) != nil)
        let verified = try setup.run(["log", "--verify"], environment: Self.now)
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            + ((try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent(".bcplan").path)) ?? [])
        #expect(!names.contains { $0.hasSuffix(".tmp") }, "temporary files left: \(names.sorted())")
        // With room again, apply does the rest and nothing twice.
        let rerun = try setup.run(["apply", "--auto-approve"], environment: Self.now)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        let planned = try setup.run(["plan", "--detailed-exitcode"], environment: Self.now)
        #expect(planned.status == 0, "\(planned.stdout)")
        var performed: [String] = []
        for line in try BinaryRunner.read("store.requests.jsonl", in: folder).split(separator: "\n") {
            let entry = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            performed += entry["actions"] as? [String] ?? []
        }
        #expect(performed.count == 60)
        #expect(Set(performed).count == 60, "an action was performed twice")
        #expect(try setup.run(["log", "--verify"]).status == 0)
        #expect(try setup.auditEntries().filter { $0["result"] as? String == "succeeded" }.count >= 59,
                "every action done is in the audit log, but the one whose write failed")
    }
}

/// A database that refuses to grow, as PostgreSQL does when its disk is full: a trigger on one of
/// bcplan's tables raises SQLSTATE 53100 (disk_full, https://www.postgresql.org/docs/15/errcodes-appendix.html)
/// with the message and hint PostgreSQL gives when it cannot extend a file (mdextend in
/// src/backend/storage/smgr/md.c: "could not extend file \"%s\": %m", "Check free disk space.")
/// for one test's workspace only, once its audit log holds `afterAuditRows` entries.
struct DatabaseFullTrap {
    private let name: String

    init(_ setup: StateSetup, table: String, afterAuditRows: Int) throws {
        name = "test_full_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let workspace = try #require(setup.workspace)
        // bcplan creates its schema on first use; make sure the table is there.
        try PostgresTestDatabase.ensureSchema()
        let column = table == "workspaces" ? "name" : "workspace"
        let connection = try PostgresTestDatabase.connect()
        try connection.query("""
            CREATE FUNCTION bcplan.\(name)() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.\(column) = '\(workspace)'
                   AND (SELECT count(*) FROM bcplan.audit WHERE workspace = '\(workspace)') >= \(afterAuditRows) THEN
                    RAISE EXCEPTION 'could not extend file "base/16384/16402": No space left on device'
                        USING ERRCODE = 'disk_full', HINT = 'Check free disk space.';
                END IF;
                RETURN NEW;
            END
            $$
            """)
        try connection.query("CREATE TRIGGER \(name) BEFORE INSERT OR UPDATE ON bcplan.\(table) FOR EACH ROW EXECUTE FUNCTION bcplan.\(name)()")
    }

    func remove() {
        guard let connection = try? PostgresTestDatabase.connect() else { return }
        _ = try? connection.query("DROP FUNCTION bcplan.\(name)() CASCADE")
    }
}
