import BCPlanPostgres
import Foundation
import Testing

/// What only the PostgreSQL backend has to show (issue 15): many processes on one database, the
/// lease lock's take-over and fencing, a server restarted mid-apply, moving a state between
/// backends, and a connection string that is never printed. Each scenario is one case of one
/// test, so that without a server the whole suite is one skipped line saying how to run it.
@Suite(.serialized) struct PostgresStateTests {
    enum Scenario: String, CaseIterable, Sendable, CustomStringConvertible {
        case eightAppliesOfOneBusinessCenterFailNamingTheHolder
        case eightAppliesOfOneBusinessCenterWaitAndFindNothingLeft
        case eightBusinessCentersAtOnceOnANewSchema
        case aStoppedHolderLosesItsLeaseAndCannotWrite
        case forceUnlockFreesTheLockAndFencesItsHolder
        case aServerRestartedMidApplyStopsItAndTheRerunConverges
        case pullAndPushMoveAStateByteForByte
        case theConnectionStringIsNeverPrinted
        case everythingWorksThroughPgBouncerInTransactionMode
        case theGitOpsExampleRunsWithNothingCommittedBack

        var description: String { rawValue }

        /// Every scenario; PgBouncer's only where there is one (always in CI).
        static var available: [Scenario] {
            let bouncer = !(ProcessInfo.processInfo.environment["BCPLAN_TEST_PGBOUNCER_URL"] ?? "").isEmpty
            return allCases.filter { $0 != .everythingWorksThroughPgBouncerInTransactionMode || bouncer || PostgresTestDatabase.inCI }
        }
    }

    static let now = ["BCPLAN_NOW": "2026-11-21T12:00:00Z"]

    @Test(.enabled(if: PostgresTestDatabase.enabled, Comment(rawValue: PostgresTestDatabase.howToRun)), arguments: Scenario.available)
    func scenario(_ scenario: Scenario) throws {
        switch scenario {
        case .eightAppliesOfOneBusinessCenterFailNamingTheHolder: try eightAppliesOfOneBusinessCenter(lockTimeout: "0")
        case .eightAppliesOfOneBusinessCenterWaitAndFindNothingLeft: try eightAppliesOfOneBusinessCenter(lockTimeout: "120")
        case .eightBusinessCentersAtOnceOnANewSchema: try eightBusinessCentersAtOnce()
        case .aStoppedHolderLosesItsLeaseAndCannotWrite: try aStoppedHolderLosesItsLease()
        case .forceUnlockFreesTheLockAndFencesItsHolder: try forceUnlockFencesTheHolder()
        case .aServerRestartedMidApplyStopsItAndTheRerunConverges: try aServerRestartedMidApply()
        case .pullAndPushMoveAStateByteForByte: try pullAndPush()
        case .theConnectionStringIsNeverPrinted: try theConnectionStringIsNeverPrinted()
        case .theGitOpsExampleRunsWithNothingCommittedBack: try theGitOpsExample()
        case .everythingWorksThroughPgBouncerInTransactionMode:
            // The same statements as directly: a first run's migration of a new schema, waiting
            // for and taking over locks, outcomes, pull and push.
            let url = try PostgresTestDatabase.requirePgBouncerURL()
            try eightBusinessCentersAtOnce(url: url)
            try eightAppliesOfOneBusinessCenter(lockTimeout: "120", url: url)
            try pullAndPush(url: url)
        }
    }

    // MARK: Fixtures

    /// A Business Center `id` whose `members` active standard members each get one ad account:
    /// `members` assigns, none batchable; e-mails in `domain`, so another's would stand out.
    static func assignments(
        members: Int, id: String = "7000000000000000001", domain: String = "acme.example", provider extra: String = "",
        state: String
    ) throws -> URL {
        let folder = try BinaryRunner.temporaryFolder()
        var yaml = """
            version: 1
            business_center: {id: "\(id)", name: Acme}
            provider: {kind: mock, store: store.json, caller: ana@\(domain)\(extra.isEmpty ? "" : ", " + extra)}
            state: \(state)
            assets:
              - {key: us, type: ad_account, id: "7100000000000000001"}
            members:
              - {email: ana@\(domain), role: admin}
              - {email: bo@\(domain), role: admin}

            """
        var stored = [
            #"{"email": "ana@\#(domain)", "user_id": "1", "status": "active", "role": "admin", "finance": null, "invited_at": null, "resends": 0, "assets": []}"#,
            #"{"email": "bo@\#(domain)", "user_id": "2", "status": "active", "role": "admin", "finance": null, "invited_at": null, "resends": 0, "assets": []}"#,
        ]
        for index in 0..<members {
            yaml += "  - {email: m\(index)@\(domain), role: standard, assets: {us: analyst}}\n"
            stored.append(#"{"email": "m\#(index)@\#(domain)", "user_id": "\#(100 + index)", "status": "active", "role": "standard", "finance": null, "invited_at": null, "resends": 0, "assets": []}"#)
        }
        try BinaryRunner.write(yaml, "bcplan.yaml", in: folder)
        try BinaryRunner.write("""
            {"business_center": {"id": "\(id)", "name": "Acme"}, "members": [\(stored.joined(separator: ",\n"))],
             "partners": [], "assets": [{"type": "ad_account", "id": "7100000000000000001", "name": "US", "owner_bc_id": "\(id)"}]}
            """, "store.json", in: folder)
        return folder
    }

    static func postgresState(workspace: String, schema: String = "bcplan") -> String {
        "{backend: postgres, url_env: BCPLAN_DATABASE_URL, schema: \(schema), workspace: \"\(workspace)\"}"
    }

    /// The mock's committed calls in `folder`.
    static func journal(in folder: URL) throws -> [[String: Any]] {
        guard let text = try? BinaryRunner.read("store.requests.jsonl", in: folder) else { return [] }
        return try text.split(separator: "\n").map {
            try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    static func output(_ label: String, in folder: URL) -> (stdout: String, stderr: String) {
        ((try? BinaryRunner.read("\(label).out", in: folder)) ?? "", (try? BinaryRunner.read("\(label).err", in: folder)) ?? "")
    }

    /// The snapshot's members as "email role assets" lines, sorted: what must agree between the
    /// recorded state and the store.
    static func members(_ document: [String: Any]?) -> [String] {
        ((document?["members"] as? [[String: Any]]) ?? []).map { member in
            let assets = ((member["assets"] as? [[String: Any]]) ?? []).map { "\($0["id"] ?? "")=\($0["permission"] ?? "")" }.sorted()
            return "\(member["email"] ?? "") \(member["role"] ?? "") \(assets.joined(separator: ","))"
        }.sorted()
    }

    // MARK: Concurrency on one database

    /// 8 processes apply one Business Center at once: exactly one applies; with no lock timeout
    /// the others fail naming it, with a long one they wait and then find nothing left to do.
    func eightAppliesOfOneBusinessCenter(lockTimeout: String, url: String? = nil) throws {
        let workspace = PostgresTestDatabase.freshWorkspace()
        let folder = try Self.assignments(members: 12, provider: "latency_ms: 150", state: Self.postgresState(workspace: workspace))
        defer { try? FileManager.default.removeItem(at: folder) }
        let environment = Self.now.merging(["BCPLAN_DATABASE_URL": try url ?? PostgresTestDatabase.requireURL()]) { $1 }
        let processes = try (0..<8).map { index in
            try BinaryRunner.start(
                ["apply", "--auto-approve", "--parallelism", "1", "--lock-timeout", lockTimeout], in: folder,
                label: "apply\(index)", environment: environment)
        }
        for process in processes { process.waitUntilExit() }
        var applied = 0
        var named = 0
        var nothingLeft = 0
        for (index, process) in processes.enumerated() {
            let (stdout, stderr) = Self.output("apply\(index)", in: folder)
            if process.terminationStatus == 0, stdout.hasSuffix("Apply complete: 12 done (12 provider calls).\n") {
                applied += 1
            } else if process.terminationStatus == 0, stdout.hasSuffix("Apply complete: no changes.\n") {
                nothingLeft += 1
            } else if process.terminationStatus == 1,
                      stderr.hasPrefix("error: the state (workspace '\(workspace)' in PostgreSQL ($BCPLAN_DATABASE_URL, schema bcplan)) is locked by apply (lock "),
                      stderr.contains("bcplan force-unlock ") {
                named += 1
            } else {
                Issue.record("apply \(index) exited \(process.terminationStatus): \(stdout.suffix(300)) \(stderr)")
            }
        }
        #expect(applied == 1, "exactly one applies")
        if lockTimeout == "0" {
            #expect(named >= 6, "the others fail naming the holder (\(named) did; \(nothingLeft) started after it ended)")
        } else {
            #expect(nothingLeft == 7, "the others wait, then find nothing left")
        }
        #expect(try Self.journal(in: folder).count == 12, "each assignment was made once")
        let verified = try BinaryRunner.run(["log", "--verify"], in: folder, environment: environment)
        #expect(verified.stdout.hasPrefix("Audit log workspace '\(workspace)' (PostgreSQL, schema bcplan): 12 entries, hash chain intact"), "\(verified.stdout)\(verified.stderr)")
        let history = try PostgresTestDatabase.connect().query(
            "SELECT count(*) FROM bcplan.history WHERE workspace = $1 AND action IS NOT NULL", [workspace])
        #expect(history.int(0, 0) == 12, "one serial per outcome, each by the run that applied")
    }

    /// 8 Business Centers in 8 workspaces of a schema no run created yet, applied at once: every
    /// first run races to create the schema (one migration, under the advisory lock), all succeed,
    /// each state and audit log holds only its own Business Center's.
    func eightBusinessCentersAtOnce(url given: String? = nil) throws {
        let schema = "bcplan_race_" + UUID().uuidString.lowercased().prefix(8)
        let url = try given ?? PostgresTestDatabase.requireURL()
        defer { _ = try? PostgresTestDatabase.connect().query("DROP SCHEMA \"\(schema)\" CASCADE") }
        let centers = try (0..<8).map { index in
            try Self.assignments(
                members: 6, id: "700000000000000010\(index)", domain: "bc\(index).example", provider: "latency_ms: 50",
                state: Self.postgresState(workspace: "bc-\(index)", schema: schema))
        }
        defer { for folder in centers { try? FileManager.default.removeItem(at: folder) } }
        let environment = Self.now.merging(["BCPLAN_DATABASE_URL": url]) { $1 }
        let processes = try centers.map { folder in
            try BinaryRunner.start(["apply", "--auto-approve", "--parallelism", "2"], in: folder, label: "apply", environment: environment)
        }
        for process in processes { process.waitUntilExit() }
        for (index, folder) in centers.enumerated() {
            let (stdout, stderr) = Self.output("apply", in: folder)
            #expect(processes[index].terminationStatus == 0, "bc \(index): \(stderr)")
            #expect(stdout.hasSuffix("Apply complete: 6 done (6 provider calls).\n"), "bc \(index): \(stdout.suffix(200))")
            let verified = try BinaryRunner.run(["log", "--verify"], in: folder, environment: environment)
            #expect(verified.status == 0 && verified.stdout.contains(": 6 entries, hash chain intact"), "bc \(index): \(verified.stdout)\(verified.stderr)")
            let shown = try BinaryRunner.run(["state", "show"], in: folder, environment: environment)
            let state = try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any]
            let store = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("store.json"))) as? [String: Any]
            #expect(Self.members(state) == Self.members(store), "bc \(index): the state is its own store's")
            #expect(Self.members(state).allSatisfy { $0.contains("@bc\(index).example ") }, "bc \(index): no other Business Center's members")
            let log = try BinaryRunner.run(["log"], in: folder, environment: environment)
            #expect(log.stdout.split(separator: "\n").allSatisfy { $0.contains("@bc\(index).example") }, "bc \(index): \(log.stdout)")
            #expect(try BinaryRunner.run(["plan", "--detailed-exitcode"], in: folder, environment: environment).status == 0)
        }
        let versions = try PostgresTestDatabase.connect().query("SELECT version FROM \"\(schema)\".schema_version ORDER BY version")
        #expect((0..<versions.rowCount).map { versions.int($0, 0) } == [1, 2], "each migration was applied once")
        let listed = try BinaryRunner.run(["state", "list"], in: centers[0], environment: environment)
        #expect(listed.stdout.split(separator: "\n").dropFirst().map { String($0.prefix(4)) } == (0..<8).map { "bc-\($0)" }, "\(listed.stdout)")
    }

    // MARK: Leases and fencing

    /// A holder stopped with SIGSTOP past its lease is taken over; once resumed, its next write is
    /// refused, it exits 1 saying its lock was taken over, and the state holds only the second
    /// run's writes from the take-over on.
    func aStoppedHolderLosesItsLease() throws {
        let workspace = PostgresTestDatabase.freshWorkspace()
        let folder = try Self.assignments(members: 12, provider: "latency_ms: 400", state: Self.postgresState(workspace: workspace))
        defer { try? FileManager.default.removeItem(at: folder) }
        let environment = Self.now.merging(
            ["BCPLAN_DATABASE_URL": try PostgresTestDatabase.requireURL(), "BCPLAN_LOCK_LEASE_SECONDS": "2"]) { $1 }
        // Under bash, so that stopping it sends no SIGCHLD to this process (Foundation's Process can
        // lose track of a child that was stopped); bash writes its exit status to first.status.
        let first = try BinaryRunner.start(
            ["-c", #""$0" "$@" & echo $! > first.pid; wait $!; echo $? > first.status"#, BinaryRunner.binary.path,
             "apply", "--auto-approve", "--parallelism", "1"],
            in: folder, label: "first", environment: environment, executable: URL(fileURLWithPath: "/bin/bash"))
        // Stop it just after its second call was committed and recorded, while it waits out the next call's latency.
        let deadline = Date().addingTimeInterval(30)
        while try Self.journal(in: folder).count < 2, Date() < deadline { usleep(10_000) }
        usleep(60_000)
        let pid = try #require(Int32(BinaryRunner.read("first.pid", in: folder).trimmingCharacters(in: .whitespacesAndNewlines)))
        kill(pid, SIGSTOP)
        defer { kill(pid, SIGCONT) }
        sleep(4)
        let second = try BinaryRunner.run(["apply", "--auto-approve", "--lock-timeout", "20"], in: folder, environment: environment)
        #expect(second.status == 0, "\(second.stdout)\(second.stderr)")
        #expect(second.stderr.hasPrefix("notice: took over the lock of apply (lock "), "\(second.stderr)")
        #expect(second.stderr.contains("pid \(pid)") && second.stderr.contains("its lease ended at "), "\(second.stderr)")
        kill(pid, SIGCONT)
        let ended = Date().addingTimeInterval(60)
        while (try? BinaryRunner.read("first.status", in: folder)) == nil, Date() < ended { usleep(50_000) }
        let status = try? BinaryRunner.read("first.status", in: folder).trimmingCharacters(in: .whitespacesAndNewlines)
        let (stdout, stderr) = Self.output("first", in: folder)
        #expect(status == "1", "\(stdout)\(stderr)")
        first.waitUntilExit()
        #expect(stdout.contains("The run stopped: this run's lock "), "\(stdout)")
        #expect(stdout.contains(" was taken from it (another run took it over once its lease ran out, or bcplan force-unlock removed it); the write was refused"), "\(stdout)")
        // The history's writers: the first run's lock, then only the second's.
        let rows = try PostgresTestDatabase.connect().query(
            "SELECT lock_id, serial FROM bcplan.history WHERE workspace = $1 ORDER BY id", [workspace])
        let locks = (0..<rows.rowCount).compactMap { rows.string($0, 0) }
        let changes = zip(locks, locks.dropFirst()).filter { $0 != $1 }.count
        #expect(Set(locks).count == 2 && changes == 1, "one hand-over, never back: \(locks)")
        let serials = (0..<rows.rowCount).compactMap { rows.int($0, 1) }
        #expect(serials == Array(1...serials.count), "serials one by one: \(serials)")
        #expect(try BinaryRunner.run(["plan", "--detailed-exitcode"], in: folder, environment: environment).status == 0)
        #expect(try BinaryRunner.run(["log", "--verify"], in: folder, environment: environment).status == 0)
        let listed = try BinaryRunner.run(["state", "list"], in: folder, environment: environment)
        #expect(listed.stdout.hasSuffix(" -\n"), "nobody holds the lock: \(listed.stdout)")
    }

    /// `force-unlock ID` frees a lock whose holder still runs (someone judged it gone) and fences
    /// that holder out: its next write is refused and it exits 1.
    func forceUnlockFencesTheHolder() throws {
        let workspace = PostgresTestDatabase.freshWorkspace()
        let folder = try Self.assignments(members: 10, provider: "latency_ms: 300", state: Self.postgresState(workspace: workspace))
        defer { try? FileManager.default.removeItem(at: folder) }
        let environment = Self.now.merging(["BCPLAN_DATABASE_URL": try PostgresTestDatabase.requireURL()]) { $1 }
        let apply = try BinaryRunner.start(["apply", "--auto-approve", "--parallelism", "1"], in: folder, label: "apply", environment: environment)
        let deadline = Date().addingTimeInterval(30)
        while try Self.journal(in: folder).count < 1, Date() < deadline { usleep(10_000) }
        let listed = try BinaryRunner.run(["state", "list"], in: folder, environment: environment)
        let start = try #require(listed.stdout.range(of: "apply (lock "), "\(listed.stdout)")
        let id = String(listed.stdout[start.upperBound...].prefix { $0 != "," })
        #expect(try BinaryRunner.run(["force-unlock", "0000"], in: folder, environment: environment).stderr
            == "error: the lock on the state (workspace '\(workspace)' in PostgreSQL ($BCPLAN_DATABASE_URL, schema bcplan)) has id \(id), not 0000; nothing was removed\n")
        let removed = try BinaryRunner.run(["force-unlock", id.lowercased()], in: folder, environment: environment)
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(removed.stdout.hasPrefix("Removed the lock \(id) (apply by "), "\(removed.stdout)")
        apply.waitUntilExit()
        let (stdout, _) = Self.output("apply", in: folder)
        #expect(apply.terminationStatus == 1)
        #expect(stdout.contains("The run stopped: this run's lock \(id) on the state (workspace '\(workspace)' in PostgreSQL ($BCPLAN_DATABASE_URL, schema bcplan)) was taken from it"), "\(stdout)")
        let again = try BinaryRunner.run(["force-unlock", id], in: folder, environment: environment)
        #expect(again.status == 1 && again.stderr.hasSuffix("is not locked; nothing was removed\n"), "\(again.stderr)")
        // The next run does the rest.
        #expect(try BinaryRunner.run(["apply", "--auto-approve"], in: folder, environment: environment).status == 0)
        #expect(try BinaryRunner.run(["plan", "--detailed-exitcode"], in: folder, environment: environment).status == 0)
    }

    // MARK: A restart

    /// `pg_ctl restart -m fast` while apply runs: apply stops with one clear sentence and nothing
    /// recorded is lost; the rerun reclaims the lock and converges. A cluster of its own, so the
    /// restart disturbs no other test.
    func aServerRestartedMidApply() throws {
        let cluster = try BinaryRunner.run(
            ["Tests/Postgres/cluster.sh", "start"], executable: URL(fileURLWithPath: "/bin/bash"))
        try #require(cluster.status == 0, "\(cluster.stderr)")
        var variables: [String: String] = [:]
        for line in cluster.stdout.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { variables[parts[0]] = parts[1] }
        }
        let data = try #require(variables["BCPLAN_TEST_PGDATA"])
        defer { _ = try? BinaryRunner.run(["Tests/Postgres/cluster.sh", "stop", data], executable: URL(fileURLWithPath: "/bin/bash")) }
        let url = try #require(variables["BCPLAN_TEST_DATABASE_URL"])
        let folder = try Self.assignments(members: 30, provider: "latency_ms: 150", state: Self.postgresState(workspace: "restart"))
        defer { try? FileManager.default.removeItem(at: folder) }
        let environment = Self.now.merging(["BCPLAN_DATABASE_URL": url]) { $1 }
        let apply = try BinaryRunner.start(["apply", "--auto-approve", "--parallelism", "1"], in: folder, label: "apply", environment: environment)
        let deadline = Date().addingTimeInterval(30)
        while try Self.journal(in: folder).count < 5, Date() < deadline { usleep(10_000) }
        let restarted = try BinaryRunner.run(["Tests/Postgres/cluster.sh", "restart", data], executable: URL(fileURLWithPath: "/bin/bash"))
        #expect(restarted.status == 0, "\(restarted.stdout)\(restarted.stderr)")
        apply.waitUntilExit()
        let (stdout, stderr) = Self.output("apply", in: folder)
        #expect(apply.terminationStatus == 1, "\(stdout)\(stderr)")
        let stopped = stdout.split(separator: "\n").filter { $0.hasPrefix("The run stopped: ") }
        #expect(stopped.count == 1, "\(stdout)")
        #expect(stopped.first?.contains("the state could not be written (the PostgreSQL server of workspace 'restart' in PostgreSQL ($BCPLAN_DATABASE_URL, schema bcplan) ended the connection")
            == true || stopped.first?.contains("the state could not be written (the connection to the PostgreSQL database of workspace 'restart'") == true,
            "\(stopped)")
        #expect(!stdout.contains(url) && !stderr.contains(url))
        // What was recorded stays: a state whose serial counts the recorded outcomes, and a log that verifies.
        let recorded = try BinaryRunner.run(["state", "show"], in: folder, environment: environment)
        let serial = (try JSONSerialization.jsonObject(with: Data(recorded.stdout.utf8)) as? [String: Any])?["serial"] as? Int ?? 0
        #expect(serial >= 5, "\(recorded.stdout.prefix(200))\(recorded.stderr)")
        #expect(try BinaryRunner.run(["log", "--verify"], in: folder, environment: environment).status == 0)
        // The rerun takes the lock the stopped run could not release, and does only the rest.
        let rerun = try BinaryRunner.run(["apply", "--auto-approve"], in: folder, environment: environment)
        #expect(rerun.status == 0, "\(rerun.stdout)\(rerun.stderr)")
        #expect(rerun.stderr.isEmpty || rerun.stderr.hasPrefix("notice: reclaimed the lock "), "\(rerun.stderr)")
        #expect(try BinaryRunner.run(["plan", "--detailed-exitcode"], in: folder, environment: environment).status == 0)
        let performed = try Self.journal(in: folder).flatMap { $0["actions"] as? [String] ?? [] }
        #expect(performed.count == 30 && Set(performed).count == 30, "each action once: \(performed.count)")
        #expect(try BinaryRunner.run(["log", "--verify"], in: folder, environment: environment).status == 0)
    }

    // MARK: Moving a state

    /// `state pull` then `state push` round-trip a state byte for byte, PostgreSQL to a file and
    /// back; a push of another lineage or a lower serial is refused without --force.
    func pullAndPush(url given: String? = nil) throws {
        let url = try given ?? PostgresTestDatabase.requireURL()
        let environment = Self.now.merging(["BCPLAN_DATABASE_URL": url]) { $1 }
        let source = PostgresTestDatabase.freshWorkspace()
        let folder = try Self.assignments(members: 5, state: Self.postgresState(workspace: source))
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try BinaryRunner.run(["apply", "--auto-approve"], in: folder, environment: environment).status == 0)
        let pulled = try BinaryRunner.run(["state", "pull", "--out", "pulled.json"], in: folder, environment: environment)
        #expect(pulled.stdout == "Wrote the state (serial 6) to pulled.json and its audit log (5 entries) to pulled.audit.jsonl.\n", "\(pulled.stdout)\(pulled.stderr)")
        let first = try BinaryRunner.read("pulled.json", in: folder)
        // Into a file backend, then into another workspace, then out again: the same bytes.
        try BinaryRunner.write(
            try BinaryRunner.read("bcplan.yaml", in: folder).replacingOccurrences(of: Self.postgresState(workspace: source), with: "moved.state.json"),
            "file.yaml", in: folder)
        let intoFile = try BinaryRunner.run(["state", "push", "pulled.json", "-c", "file.yaml"], in: folder, environment: environment)
        #expect(intoFile.status == 0, "\(intoFile.stderr)")
        #expect(try BinaryRunner.read("moved.state.json", in: folder) == first)
        #expect(try BinaryRunner.read("moved.state.audit.jsonl", in: folder) == BinaryRunner.read("pulled.audit.jsonl", in: folder))
        #expect(try BinaryRunner.run(["log", "--verify", "-c", "file.yaml"], in: folder, environment: environment).status == 0)
        let target = PostgresTestDatabase.freshWorkspace()
        try BinaryRunner.write(
            try BinaryRunner.read("bcplan.yaml", in: folder).replacingOccurrences(of: source, with: target), "other.yaml", in: folder)
        let intoPostgres = try BinaryRunner.run(["state", "push", "moved.state.json", "-c", "other.yaml"], in: folder, environment: environment)
        #expect(intoPostgres.stdout == "Pushed moved.state.json into workspace '\(target)' in PostgreSQL ($BCPLAN_DATABASE_URL, schema bcplan): serial 6, 5 audit entries.\n", "\(intoPostgres.stdout)\(intoPostgres.stderr)")
        let again = try BinaryRunner.run(["state", "pull", "-c", "other.yaml"], in: folder, environment: environment)
        #expect(again.stdout == first, "byte for byte")
        #expect(try BinaryRunner.run(["plan", "--detailed-exitcode", "-c", "other.yaml"], in: folder, environment: environment).status == 0)
        // Refusals: a lower serial, another lineage; --force pushes anyway.
        let older = first.replacingOccurrences(of: "\"serial\": 6", with: "\"serial\": 3")
        try BinaryRunner.write(older, "older.json", in: folder)
        try BinaryRunner.write(try BinaryRunner.read("pulled.audit.jsonl", in: folder), "older.audit.jsonl", in: folder)
        let refused = try BinaryRunner.run(["state", "push", "older.json", "-c", "other.yaml"], in: folder, environment: environment)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("older.json has serial 3, lower than the recorded 6: it is older. Nothing was changed; --force pushes it anyway"), "\(refused.stderr)")
        let lineage = try #require((try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])?["lineage"] as? String)
        try BinaryRunner.write(first.replacingOccurrences(of: lineage, with: UUID().uuidString.lowercased()), "stranger.json", in: folder)
        try BinaryRunner.write(try BinaryRunner.read("pulled.audit.jsonl", in: folder), "stranger.audit.jsonl", in: folder)
        let stranger = try BinaryRunner.run(["state", "push", "stranger.json", "-c", "other.yaml"], in: folder, environment: environment)
        #expect(stranger.status == 1 && stranger.stderr.contains("it is another state"), "\(stranger.stderr)")
        #expect(try BinaryRunner.run(["state", "pull", "-c", "other.yaml"], in: folder, environment: environment).stdout == first, "refusals change nothing")
        let forced = try BinaryRunner.run(["state", "push", "older.json", "--force", "-c", "other.yaml"], in: folder, environment: environment)
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try BinaryRunner.run(["state", "pull", "-c", "other.yaml"], in: folder, environment: environment).stdout == older)
        let history = try BinaryRunner.run(["state", "history", "--limit", "2", "-c", "other.yaml"], in: folder, environment: environment)
        #expect(history.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: " ")[0] + " " + $0.split(separator: " ")[2] }
            == ["3 push", "6 push"], "\(history.stdout)")
    }

    // MARK: The GitOps example

    /// `examples/gitops/business-centers-postgres` as its page says to try it: validate, plan with
    /// --out, apply the plans, plan again; the state and the audit logs are in the database, and
    /// no file of the repository is written but the simulated Business Centers'.
    func theGitOpsExample() throws {
        let url = try PostgresTestDatabase.requireURL()
        let root = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent("gitops")
        try FileManager.default.copyItem(at: BinaryRunner.repositoryRoot.appendingPathComponent("examples/gitops"), to: folder)
        let configs = folder.appendingPathComponent("business-centers-postgres")
        for name in try FileManager.default.contentsOfDirectory(atPath: configs.path) where name.hasSuffix(".yaml") {
            let url = configs.appendingPathComponent(name)
            let text = try String(contentsOf: url, encoding: .utf8)
            try text.replacingOccurrences(of: "  workspace: ", with: "  workspace: \(PostgresTestDatabase.freshWorkspace())-")
                .write(to: url, atomically: true, encoding: .utf8)
        }
        let before = Set(try BinaryRunner.snapshot(of: folder).keys)
        let environment = ["BCPLAN_NOW": "2026-11-21T12:00:00Z", "BCPLAN_DATABASE_URL": url]
        let validated = try BinaryRunner.run(["validate", "-c", "business-centers-postgres"], in: folder, environment: environment)
        #expect(validated.status == 0, "\(validated.stdout)\(validated.stderr)")
        let planned = try BinaryRunner.run(
            ["plan", "-c", "business-centers-postgres", "--out", "plans", "--detailed-exitcode"], in: folder, environment: environment)
        #expect(planned.status == 2, "\(planned.stdout)\(planned.stderr)")
        let applied = try BinaryRunner.run(["apply", "plans", "-c", "business-centers-postgres"], in: folder, environment: environment)
        #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
        let again = try BinaryRunner.run(["plan", "-c", "business-centers-postgres", "--detailed-exitcode"], in: folder, environment: environment)
        #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
        for config in ["northwind", "blueharbor"] {
            let verified = try BinaryRunner.run(
                ["log", "--verify", "-c", "business-centers-postgres/\(config).yaml"], in: folder, environment: environment)
            #expect(verified.status == 0 && verified.stdout.contains("hash chain intact"), "\(config): \(verified.stdout)\(verified.stderr)")
        }
        let written = Set(try BinaryRunner.snapshot(of: folder).keys).subtracting(before).sorted()
        #expect(written.allSatisfy { $0.hasPrefix("plans/") || $0.hasPrefix("business-centers/") && $0.hasSuffix(".requests.jsonl") },
                "only the plans and the simulated Business Centers' journals: \(written)")
    }

    // MARK: Secrets

    /// The connection string and its password appear in no output: not when connecting works, not
    /// when the password is wrong, not when the string is malformed, not with the server away.
    func theConnectionStringIsNeverPrinted() throws {
        let url = try PostgresTestDatabase.requireURL()
        let password = try #require(URLComponents(string: url)?.password)
        let workspace = PostgresTestDatabase.freshWorkspace()
        let folder = try Self.assignments(members: 2, state: Self.postgresState(workspace: workspace))
        defer { try? FileManager.default.removeItem(at: folder) }
        let wrong = url.replacingOccurrences(of: password, with: password + "x")
        let malformed = url + "?nonsense=\(password)"
        let away = "postgresql://bcplan:\(password)@127.0.0.1:1/bcplan"
        let cases: [(String, [String], String)] = [
            (url, ["apply", "--auto-approve"], ""),
            (url, ["state", "list"], ""),
            (wrong, ["plan"], "error: cannot connect to the PostgreSQL database of workspace '\(workspace)' in PostgreSQL ($BCPLAN_DATABASE_URL, schema bcplan): "),
            (malformed, ["state", "show"], "error: the environment variable BCPLAN_DATABASE_URL does not hold a PostgreSQL connection string or URI"),
            (away, ["refresh"], "error: cannot connect to the PostgreSQL database of workspace '\(workspace)'"),
        ]
        for (value, command, expected) in cases {
            let outcome = try BinaryRunner.run(command, in: folder, environment: Self.now.merging(["BCPLAN_DATABASE_URL": value]) { $1 })
            #expect(!outcome.stdout.contains(password) && !outcome.stderr.contains(password), "\(command): \(outcome.stdout)\(outcome.stderr)")
            if expected.isEmpty {
                #expect(outcome.status == 0, "\(command): \(outcome.stderr)")
            } else {
                #expect(outcome.status == 1)
                #expect(outcome.stderr.hasPrefix(expected), "\(command): \(outcome.stderr)")
                #expect(outcome.stderr.split(separator: "\n").count == 1, "one sentence: \(outcome.stderr)")
            }
        }
        let unset = try BinaryRunner.run(["plan"], in: folder, environment: Self.now.merging(["BCPLAN_DATABASE_URL": ""]) { $1 })
        #expect(unset.stderr == "error: the state is kept in workspace '\(workspace)' in PostgreSQL ($BCPLAN_DATABASE_URL, schema bcplan), but the environment variable BCPLAN_DATABASE_URL is not set; set it to the database's connection string (postgresql://user@host:port/database)\n")
        for (name, data) in try BinaryRunner.snapshot(of: folder) {
            #expect(!String(decoding: data, as: UTF8.self).contains(password), "\(name) holds the password")
        }
    }
}
