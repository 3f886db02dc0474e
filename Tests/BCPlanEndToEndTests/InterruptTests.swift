import BCPlanCore
import Foundation
import Testing

/// SIGINT and SIGTERM during `apply` on the built binary, with the state in either backend
/// (DESIGN §6): the first signal lets what is in flight finish, records it, releases the lock and
/// exits 130 (SIGINT) or 143 (SIGTERM); the rerun does exactly the rest. A second signal stops at
/// once and leaves nothing corrupt: the lock stays for the next run to take over, and what was
/// recorded verifies.
@Suite struct InterruptTests {
    static let now = ["BCPLAN_NOW": "2026-11-21T12:00:00Z"]

    /// A Business Center in `folder/<name>.yaml`, its mock store `<name>.mock.json`: `members`
    /// actions, none in a batch with another, each call taking `latency` milliseconds.
    private func writeBusinessCenter(_ name: String, id: String, members: Int, latency: Int, in folder: URL) throws {
        try AssigningBusinessCenter(id: id, name: name.uppercased(), members: members, latency: latency)
            .write(config: "\(name).yaml", store: "\(name).mock.json", in: folder)
    }

    /// Every action id the mock committed, in order (its request journal), once per call.
    private func committed(_ store: String, in folder: URL) -> [String] {
        guard let text = try? BinaryRunner.read("\(store).requests.jsonl", in: folder) else { return [] }
        return text.split(separator: "\n").flatMap { line -> [String] in
            let entry = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
            return entry?["actions"] as? [String] ?? []
        }
    }

    /// Waits until the mock committed at least `count` actions in each store (the apply is under way).
    private func waitForCommits(_ count: Int, stores: [String], in folder: URL) throws {
        let deadline = Date().addingTimeInterval(60)
        while stores.contains(where: { committed($0, in: folder).count < count }), Date() < deadline { usleep(20_000) }
        for store in stores { #expect(committed(store, in: folder).count >= count, "\(store): the apply never got going") }
    }

    /// The exit status of a process that ended, and that it ended by exiting (not by a signal).
    private func exitStatus(_ process: Process) -> Int32? {
        process.waitUntilExit()
        return process.terminationReason == .exit ? process.terminationStatus : nil
    }

    private static let allAssignments = (0..<16).map { "assign:m\($0)@acme.example:ad_account:7100000000000000001" }

    @Test(arguments: StateBackend.available, StopSignal.allCases)
    func theFirstSignalFinishesWhatIsInFlightRecordsItReleasesTheLockAndTheRerunDoesTheRest(
        _ backend: StateBackend, _ signal: StopSignal
    ) throws {
        let folder = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try writeBusinessCenter("bcplan", id: "7000000000000000001", members: 16, latency: 300, in: folder)
        let setup = try backend.prepare(folder)
        let apply = try setup.start(["apply", "--auto-approve", "--parallelism", "2"], label: "apply", environment: Self.now)
        try waitForCommits(2, stores: ["bcplan.mock"], in: folder)
        // The next calls are then on the wire (300 ms each).
        usleep(100_000)
        kill(apply.processIdentifier, signal.number)
        let status = exitStatus(apply)
        let stdout = try BinaryRunner.read("apply.out", in: folder)
        let stderr = try BinaryRunner.read("apply.err", in: folder)
        #expect(status == signal.exitCode, "\(stdout)\(stderr)")
        #expect(stderr.contains("\(signal.name) received: no new action starts; the calls in flight finish (up to 30 s), then the state and the audit log are recorded and the lock is released."), "\(stderr)")
        #expect(stdout.contains("stopping: \(signal.name) received; no new action starts, waiting for "), "\(stdout)")

        // What was done: each committed call was recorded, with its audit entry; nothing else.
        let done = committed("bcplan.mock", in: folder)
        #expect(done.count >= 2 && done.count < 16, "\(done)")
        #expect(Set(done).count == done.count, "no action was sent twice")
        #expect(stdout.contains("Not started (the run was interrupted; the next apply does them):"), "\(stdout)")
        #expect(stdout.hasSuffix(
            "Apply interrupted by \(signal.name): \(done.count) done, \(16 - done.count) not started (\(done.count) provider calls).\n"),
            "\(stdout)")
        #expect(try !setup.isLocked(), "the lock is released")
        let verified = try setup.run(["log", "--verify"])
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
        let audit = try setup.auditEntries()
        #expect(audit.compactMap { $0["action"] as? String }.sorted() == done.sorted())
        #expect(audit.allSatisfy { $0["result"] as? String == "succeeded" })
        let state = try #require(try setup.state())
        let assigned = try #require(state["members"] as? [[String: Any]])
            .filter { !(($0["assets"] as? [Any]) ?? []).isEmpty }.compactMap { $0["email"] as? String }
        #expect(assigned.count == done.count, "the state holds what was done")

        // The rerun does exactly the rest.
        let rerun = try setup.run(["apply", "--auto-approve"], environment: Self.now)
        #expect(rerun.status == 0, "\(rerun.stdout)\(rerun.stderr)")
        #expect(rerun.stdout.hasSuffix("Apply complete: \(16 - done.count) done (\(16 - done.count) provider calls).\n"), "\(rerun.stdout)")
        let all = committed("bcplan.mock", in: folder)
        #expect(all.sorted() == Self.allAssignments.sorted(), "every action committed exactly once over both runs")
        #expect(try setup.run(["log", "--verify"]).status == 0)
        #expect(try setup.run(["plan", "--detailed-exitcode"], environment: Self.now).status == 0)
    }

    @Test(arguments: StateBackend.available)
    func aSecondSignalStopsAtOnceLeavingNothingCorruptAndTheNextRunTakesTheLockOver(_ backend: StateBackend) throws {
        let folder = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try writeBusinessCenter("bcplan", id: "7000000000000000001", members: 16, latency: 1500, in: folder)
        let setup = try backend.prepare(folder)
        let apply = try setup.start(["apply", "--auto-approve", "--parallelism", "2"], label: "apply", environment: Self.now)
        try waitForCommits(2, stores: ["bcplan.mock"], in: folder)
        // The next two calls are then on the wire for 1.5 s: both signals come well before they end.
        usleep(300_000)
        kill(apply.processIdentifier, SIGINT)
        usleep(300_000)
        kill(apply.processIdentifier, SIGTERM)
        let status = exitStatus(apply)
        let stderr = try BinaryRunner.read("apply.err", in: folder)
        #expect(status == 143, "\(stderr)")
        #expect(stderr.contains("SIGTERM received, a second signal: stopping at once. What was recorded stays;"), "\(stderr)")
        // Stopped at once: the lock stays, and what was recorded is whole.
        #expect(try setup.isLocked())
        let verified = try setup.run(["log", "--verify"])
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
        let done = committed("bcplan.mock", in: folder)
        #expect(done.count < 16)
        #expect(try setup.auditEntries().compactMap { $0["action"] as? String }.sorted() == done.sorted())

        // The next run on this machine takes the lock of the process that is gone and does the rest.
        let config = try BinaryRunner.read("bcplan.yaml", in: folder)
        try BinaryRunner.write(config.replacingOccurrences(of: "latency_ms: 1500", with: "latency_ms: 10"), "bcplan.yaml", in: folder)
        let rerun = try setup.run(["apply", "--auto-approve"], environment: Self.now)
        #expect(rerun.status == 0, "\(rerun.stdout)\(rerun.stderr)")
        #expect(rerun.stderr.contains("notice: "), "the lock of the stopped run is taken over with a notice: \(rerun.stderr)")
        #expect(rerun.stdout.hasSuffix("Apply complete: \(16 - done.count) done (\(16 - done.count) provider calls).\n"), "\(rerun.stdout)")
        #expect(committed("bcplan.mock", in: folder).sorted() == Self.allAssignments.sorted())
        #expect(try !setup.isLocked())
        #expect(try setup.run(["log", "--verify"]).status == 0)
    }

    /// Two Business Centers of one folder, each with its state in `backend`.
    private func directory(_ backend: StateBackend, latency: Int) throws -> (URL, [StateSetup]) {
        let folder = try BinaryRunner.temporaryFolder()
        let configs = folder.appendingPathComponent("bcs")
        try FileManager.default.createDirectory(at: configs, withIntermediateDirectories: true)
        try writeBusinessCenter("a", id: "7000000000000000001", members: 16, latency: latency, in: configs)
        try writeBusinessCenter("b", id: "7000000000000000002", members: 16, latency: latency, in: configs)
        return (folder, try ["bcs/a.yaml", "bcs/b.yaml"].map { try backend.prepare(folder, config: $0) })
    }

    @Test(arguments: StateBackend.available)
    func aSignalStopsEveryBusinessCenterOfADirectoryAndEachKeepsItsProgress(_ backend: StateBackend) throws {
        let (folder, setups) = try directory(backend, latency: 300)
        defer { try? FileManager.default.removeItem(at: folder) }
        let bcs = folder.appendingPathComponent("bcs")
        let apply = try setups[0].start(
            ["apply", "-c", "bcs", "--auto-approve", "--parallelism", "2", "--jobs", "2"], label: "apply", environment: Self.now)
        try waitForCommits(2, stores: ["a.mock", "b.mock"], in: bcs)
        kill(apply.processIdentifier, SIGTERM)
        let status = exitStatus(apply)
        let stdout = try BinaryRunner.read("apply.out", in: folder)
        #expect(status == 143, "\(stdout)")
        for (name, setup) in zip(["a", "b"], setups) {
            let done = committed("\(name).mock", in: bcs)
            // Each group is printed whole: its heading, its progress, what is left, its summary.
            let heading = "== bcs/\(name).yaml: \(name.uppercased()) (700000000000000000\(name == "a" ? 1 : 2)) =="
            let group = try #require(stdout.components(separatedBy: heading).dropFirst().first, "\(stdout)")
            #expect(group.contains("[ 1/16] done    assign "), "\(group)")
            #expect(group.contains("stopping: SIGTERM received"), "\(group)")
            #expect(group.contains("Apply interrupted by SIGTERM: \(done.count) done, \(16 - done.count) not started"), "\(group)")
            #expect(try !setup.isLocked(), "\(name): the lock is released")
            #expect(try setup.run(["log", "--verify", "-c", setup.config]).status == 0)
            #expect(try setup.auditEntries().count == done.count)
        }
        #expect(stdout.hasSuffix("Total: 2 Business Centers: 2 interrupted (bcs/a.yaml, bcs/b.yaml).\n"), "\(stdout)")

        let rerun = try setups[0].run(["apply", "-c", "bcs", "--auto-approve"], environment: Self.now)
        #expect(rerun.status == 0, "\(rerun.stdout)\(rerun.stderr)")
        for name in ["a", "b"] {
            #expect(committed("\(name).mock", in: bcs).sorted() == Self.allAssignments.sorted(), "\(name)")
        }
    }

    @Test(arguments: StateBackend.available)
    func aBusinessCenterNotBegunWhenTheSignalCameDoesNotBegin(_ backend: StateBackend) throws {
        let (folder, setups) = try directory(backend, latency: 300)
        defer { try? FileManager.default.removeItem(at: folder) }
        let bcs = folder.appendingPathComponent("bcs")
        // One at a time: b waits for a.
        let apply = try setups[0].start(
            ["apply", "-c", "bcs", "--auto-approve", "--parallelism", "2", "--jobs", "1"], label: "apply", environment: Self.now)
        try waitForCommits(2, stores: ["a.mock"], in: bcs)
        kill(apply.processIdentifier, SIGINT)
        let status = exitStatus(apply)
        let stdout = try BinaryRunner.read("apply.out", in: folder)
        #expect(status == 130, "\(stdout)")
        #expect(stdout.contains("== bcs/b.yaml: B (7000000000000000002) ==\n\nNot started: SIGINT stopped the run before this Business Center began.\n"), "\(stdout)")
        #expect(committed("b.mock", in: bcs).isEmpty)
        #expect(try setups[1].state() == nil, "b was never touched")
        #expect(stdout.hasSuffix("Total: 2 Business Centers: 2 interrupted (bcs/a.yaml, bcs/b.yaml).\n"), "\(stdout)")
        #expect(try !setups[0].isLocked())
    }

    @Test(arguments: StateBackend.available)
    func aSecondSignalDuringADirectoryRunStillPrintsWhatEachBusinessCenterDid(_ backend: StateBackend) throws {
        let (folder, setups) = try directory(backend, latency: 1500)
        defer { try? FileManager.default.removeItem(at: folder) }
        let bcs = folder.appendingPathComponent("bcs")
        let apply = try setups[0].start(
            ["apply", "-c", "bcs", "--auto-approve", "--parallelism", "2", "--jobs", "2"], label: "apply", environment: Self.now)
        try waitForCommits(2, stores: ["a.mock", "b.mock"], in: bcs)
        usleep(300_000)
        kill(apply.processIdentifier, SIGINT)
        usleep(300_000)
        kill(apply.processIdentifier, SIGINT)
        let status = exitStatus(apply)
        let stdout = try BinaryRunner.read("apply.out", in: folder)
        #expect(status == 130, "\(stdout)")
        for name in ["a", "b"] {
            let heading = "== bcs/\(name).yaml: \(name.uppercased()) (700000000000000000\(name == "a" ? 1 : 2)) =="
            let group = try #require(stdout.components(separatedBy: heading).dropFirst().first, "\(stdout)")
            #expect(group.contains("[ 1/16] done    assign "), "the progress so far is kept: \(group)")
            #expect(group.contains("Stopped at once by a second signal; what it recorded stays."), "\(group)")
        }
        for setup in setups {
            #expect(try setup.run(["log", "--verify", "-c", setup.config]).status == 0)
        }
        let rerun = try setups[0].run(["apply", "-c", "bcs", "--auto-approve"], environment: Self.now)
        #expect(rerun.status == 0, "\(rerun.stdout)\(rerun.stderr)")
        for name in ["a", "b"] {
            #expect(committed("\(name).mock", in: bcs).sorted() == Self.allAssignments.sorted(), "\(name)")
        }
    }

    @Test func aSignalBeforeTheFirstActionChangesNothingAndReleasesTheLock() throws {
        // The lock is held by another run: this one waits, and the signal ends the wait.
        let folder = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try writeBusinessCenter("bcplan", id: "7000000000000000001", members: 4, latency: 1000, in: folder)
        let first = try BinaryRunner.start(["apply", "--auto-approve", "--parallelism", "1"], in: folder, label: "first", environment: Self.now)
        try waitForCommits(1, stores: ["bcplan.mock"], in: folder)
        let second = try BinaryRunner.start(
            ["apply", "--auto-approve", "--lock-timeout", "60s"], in: folder, label: "second", environment: Self.now)
        usleep(500_000)
        let started = Date()
        kill(second.processIdentifier, SIGINT)
        let status = exitStatus(second)
        #expect(Date().timeIntervalSince(started) < 10, "the wait for the lock ends at the signal")
        #expect(status == 130)
        #expect(try BinaryRunner.read("second.err", in: folder).hasSuffix(
            "Interrupted by SIGINT before anything was applied; nothing was changed.\n"))
        #expect(exitStatus(first) == 0)
        #expect(committed("bcplan.mock", in: folder).count == 4, "only the first run applied")
    }
}
