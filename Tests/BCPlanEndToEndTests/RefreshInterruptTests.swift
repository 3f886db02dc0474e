import BCPlanCore
import Foundation
import Testing

/// SIGINT and SIGTERM during `refresh` on the built binary, with the state in either backend
/// (DESIGN §6): the mock's `latency_ms` holds the read of the Business Center on the wire, the
/// signal comes while the lock is held; the first one cancels the read, writes nothing, releases
/// the lock and exits 130 / 143; a second one stops at once and leaves nothing corrupt.
@Suite struct RefreshInterruptTests {
    static let now = ["BCPLAN_NOW": "2026-11-21T12:00:00Z"]

    /// `folder/<name>.yaml` and its mock store: two admins, read in `latency` milliseconds.
    private func writeBusinessCenter(_ name: String, id: String, latency: Int, in folder: URL) throws {
        try BinaryRunner.write("""
            version: 1
            business_center: {id: "\(id)", name: \(name.uppercased())}
            provider: {kind: mock, store: \(name).mock.json, caller: ana@acme.example, latency_ms: \(latency)}
            members:
              - {email: ana@acme.example, role: admin}
              - {email: bo@acme.example, role: admin}

            """, "\(name).yaml", in: folder)
        try BinaryRunner.write("""
            {"business_center": {"id": "\(id)", "name": "\(name.uppercased())"},
             "members": [{"email": "ana@acme.example", "user_id": "1", "status": "active", "role": "admin", "finance": null, "invited_at": null, "resends": 0, "assets": []},
                         {"email": "bo@acme.example", "user_id": "2", "status": "active", "role": "admin", "finance": null, "invited_at": null, "resends": 0, "assets": []}],
             "partners": [], "assets": []}
            """, "\(name).mock.json", in: folder)
    }

    private func setLatency(_ latency: Int, of config: String, in folder: URL) throws {
        let text = try BinaryRunner.read(config, in: folder)
        let changed = text.replacingOccurrences(of: #"latency_ms: \d+"#, with: "latency_ms: \(latency)", options: .regularExpression)
        try BinaryRunner.write(changed, config, in: folder)
    }

    /// Someone adds an admin by hand: the next refresh has drift to record.
    private func addMemberByHand(to store: String, in folder: URL) throws {
        let url = folder.appendingPathComponent(store)
        var snapshot = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        var members = snapshot["members"] as? [[String: Any]] ?? []
        members.append(["email": "eve@acme.example", "user_id": "9", "status": "active", "role": "admin", "finance": NSNull(),
                        "invited_at": NSNull(), "resends": 0, "assets": [Any]()])
        snapshot["members"] = members
        try JSONSerialization.data(withJSONObject: snapshot).write(to: url)
    }

    /// True while a run holds the lock; for PostgreSQL also before the workspace's first state
    /// (`state list` names only workspaces that have one).
    private func isLocked(_ setup: StateSetup) throws -> Bool {
        guard setup.backend == .postgres, let workspace = setup.workspace else { return try setup.isLocked() }
        let held = try? setup.sql("SELECT lock_id FROM bcplan.locks WHERE workspace = $1 AND lock_id IS NOT NULL", [workspace])
        return (held?.rowCount ?? 0) > 0
    }

    /// Waits until the run holds the lock: it is then reading the Business Center (for `latency_ms`).
    /// A lock file exists before its holder has written it, so for the file backend this waits
    /// until it reads whole; a run stopped at once in between would leave a lock the next run
    /// must wait out.
    private func waitForLock(_ setup: StateSetup) throws {
        let deadline = Date().addingTimeInterval(60)
        func held() throws -> Bool {
            guard try isLocked(setup) else { return false }
            guard setup.backend == .file else { return true }
            let state = setup.stateName as NSString
            let lock = setup.folder.appendingPathComponent(state.deletingLastPathComponent)
                .appendingPathComponent(".bcplan/\(state.lastPathComponent).lock")
            guard let data = try? Data(contentsOf: lock) else { return false }
            return ((try? JSONSerialization.jsonObject(with: data)) as? [String: Any])?["id"] != nil
        }
        while try !held(), Date() < deadline { usleep(20_000) }
        #expect(try held(), "the refresh never took the lock")
    }

    /// The exit status of a process that ended, and that it ended by exiting (not by a signal).
    private func exitStatus(_ process: Process) -> Int32? {
        process.waitUntilExit()
        return process.terminationReason == .exit ? process.terminationStatus : nil
    }

    /// Every file and, for PostgreSQL, the state, log and history; without the output of the run.
    private func recorded(_ setup: StateSetup) throws -> [String: Data] {
        try setup.everything().filter { !$0.key.hasSuffix(".out") && !$0.key.hasSuffix(".err") }
    }

    /// A Business Center recorded at serial 1, then changed by hand (the next refresh has drift to
    /// record), whose reads now take 20 s.
    private func recordedThenChangedByHand(_ backend: StateBackend) throws -> (URL, StateSetup) {
        let folder = try BinaryRunner.temporaryFolder()
        try writeBusinessCenter("bcplan", id: "7000000000000000001", latency: 0, in: folder)
        let setup = try backend.prepare(folder)
        #expect(try setup.run(["refresh"], environment: Self.now).status == 0)
        try addMemberByHand(to: "bcplan.mock.json", in: folder)
        try setLatency(20_000, of: "bcplan.yaml", in: folder)
        return (folder, setup)
    }

    @Test(arguments: StateBackend.available, StopSignal.allCases)
    func theFirstSignalCancelsTheReadWritesNothingAndReleasesTheLock(_ backend: StateBackend, _ signal: StopSignal) throws {
        let (folder, setup) = try recordedThenChangedByHand(backend)
        defer { try? FileManager.default.removeItem(at: folder) }
        let before = try recorded(setup)

        let started = Date()
        let refresh = try setup.start(["refresh"], label: "refresh", environment: Self.now)
        try waitForLock(setup)
        kill(refresh.processIdentifier, signal.number)
        let status = exitStatus(refresh)
        let stdout = try BinaryRunner.read("refresh.out", in: folder)
        let stderr = try BinaryRunner.read("refresh.err", in: folder)
        #expect(status == signal.exitCode, "\(stdout)\(stderr)")
        #expect(Date().timeIntervalSince(started) < 15, "the read (20 s) was cancelled, not waited for")
        #expect(stderr == """

            \(signal.name) received: the read of the Business Center is cancelled and nothing is written (a state already being written is written whole); the lock is released. \(signal == .interrupt ? "Press Ctrl-C" : "Send SIGTERM or SIGINT") again to stop at once.
            Refresh interrupted by \(signal.name) before the state was written: the state in \(setup.stateName) is as it was (serial 1); the lock is released.

            """, "\(stderr)")
        #expect(stdout == "")
        #expect(try !isLocked(setup), "the lock is released")
        #expect(try recorded(setup) == before, "nothing was written")

        // The next refresh records the drift.
        try setLatency(0, of: "bcplan.yaml", in: folder)
        let rerun = try setup.run(["refresh", "--detailed-exitcode"], environment: Self.now)
        #expect(rerun.status == 2, "\(rerun.stdout)\(rerun.stderr)")
        #expect(rerun.stdout.hasSuffix("  + member eve@acme.example added\nRecorded the live Business Center in \(setup.stateName) (serial 2).\n"), "\(rerun.stdout)")
    }

    @Test(arguments: StateBackend.available)
    func aSignalOfAFirstRefreshInJSONReportsTheInterruptionAndRecordsNothing(_ backend: StateBackend) throws {
        let folder = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try writeBusinessCenter("bcplan", id: "7000000000000000001", latency: 20_000, in: folder)
        let setup = try backend.prepare(folder)
        let refresh = try setup.start(["refresh", "--format", "json"], label: "refresh", environment: Self.now)
        try waitForLock(setup)
        kill(refresh.processIdentifier, SIGTERM)
        #expect(exitStatus(refresh) == 143)
        let stdout = try BinaryRunner.read("refresh.out", in: folder)
        try SchemaCheck.expectValid(stdout, against: "refresh.schema.json")
        let document = try SchemaCheck.parse(stdout)
        #expect(document["exit_code"] as? Int == 143)
        #expect((document["refreshes"] as? [Any])?.isEmpty == true)
        let failure = try #require((document["failures"] as? [[String: Any]])?.first)
        #expect(failure["exit_code"] as? Int == 143)
        #expect(failure["message"] as? String
            == "Refresh interrupted by SIGTERM before the state was written: no state was recorded in \(setup.stateName); the lock is released.\n")
        #expect(try setup.state() == nil, "no state was recorded")
        #expect(try !isLocked(setup))
    }

    @Test(arguments: StateBackend.available)
    func aSecondSignalStopsAtOnceLeavingTheStateWholeAndTheNextRefreshTakesTheLockOver(_ backend: StateBackend) throws {
        let (folder, setup) = try recordedThenChangedByHand(backend)
        defer { try? FileManager.default.removeItem(at: folder) }

        // The first signal ends a refresh within milliseconds, so the second can come too late to
        // matter: both are sent while the process is stopped, so they arrive together, and the
        // attempt is repeated until one was handled as a second signal. Every attempt, either
        // way, leaves the state as it was.
        var stoppedAtOnce = false
        for attempt in 1...8 where !stoppedAtOnce {
            let label = "refresh\(attempt)"
            let refresh = try setup.start(["refresh"], label: label, environment: Self.now)
            try waitForLock(setup)
            kill(refresh.processIdentifier, SIGSTOP)
            usleep(100_000)
            kill(refresh.processIdentifier, SIGINT)
            kill(refresh.processIdentifier, SIGTERM)
            kill(refresh.processIdentifier, SIGCONT)
            let status = exitStatus(refresh)
            let stderr = try BinaryRunner.read("\(label).err", in: folder)
            if let second = StopSignal.allCases.first(where: { stderr.contains("\($0.name) received, a second signal: stopping at once. What was recorded stays;") }) {
                stoppedAtOnce = true
                #expect(status == second.exitCode, "the exit code is the second signal's: \(stderr)")
                #expect(!stderr.contains("Refresh interrupted by"), "stopped at once, before the first could end the run: \(stderr)")
            } else {
                #expect(status == 130 || status == 143, "\(stderr)")
                #expect(stderr.contains("before the state was written: the state in \(setup.stateName) is as it was (serial 1)"), "\(stderr)")
            }
            #expect(try setup.state()?["serial"] as? Int == 1, "the state is as it was")
            #expect(try setup.run(["log", "--verify"]).status == 0)
        }
        #expect(stoppedAtOnce, "no attempt had its second signal handled before the run ended")

        // The next refresh on this machine takes over a lock left by a process that is gone.
        try setLatency(0, of: "bcplan.yaml", in: folder)
        let rerun = try setup.run(["refresh"], environment: Self.now)
        #expect(rerun.status == 0, "\(rerun.stdout)\(rerun.stderr)")
        #expect(rerun.stdout.hasSuffix("Recorded the live Business Center in \(setup.stateName) (serial 2).\n"), "\(rerun.stdout)")
        #expect(try setup.state()?["serial"] as? Int == 2)
        #expect(try !isLocked(setup))
    }

    @Test(arguments: StateBackend.available)
    func aSignalStopsADirectoryRefreshAndReportsTheBusinessCentersNotBegun(_ backend: StateBackend) throws {
        let folder = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let bcs = folder.appendingPathComponent("bcs")
        try FileManager.default.createDirectory(at: bcs, withIntermediateDirectories: true)
        try writeBusinessCenter("a", id: "7000000000000000001", latency: 20_000, in: bcs)
        try writeBusinessCenter("b", id: "7000000000000000002", latency: 20_000, in: bcs)
        let setups = try ["bcs/a.yaml", "bcs/b.yaml"].map { try backend.prepare(folder, config: $0) }
        // One at a time: b waits for a.
        let refresh = try setups[0].start(["refresh", "-c", "bcs", "--jobs", "1"], label: "refresh", environment: Self.now)
        try waitForLock(setups[0])
        kill(refresh.processIdentifier, SIGINT)
        let status = exitStatus(refresh)
        let stdout = try BinaryRunner.read("refresh.out", in: folder)
        let stateOfA = backend == .file ? "a.state.json" : setups[0].stateName
        #expect(status == 130, "\(stdout)")
        #expect(stdout == """
            == bcs/a.yaml: A (7000000000000000001) ==

            Refresh interrupted by SIGINT before the state was written: no state was recorded in \(stateOfA); the lock is released.

            == bcs/b.yaml: B (7000000000000000002) ==

            Not started: SIGINT stopped the run before this Business Center began.

            Total: 2 Business Centers: 2 interrupted (bcs/a.yaml, bcs/b.yaml).

            """, "\(stdout)")
        for setup in setups {
            #expect(try setup.state() == nil, "\(setup.config): nothing was recorded")
            #expect(try !isLocked(setup), "\(setup.config): the lock is released")
        }
    }
}
