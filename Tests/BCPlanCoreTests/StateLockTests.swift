import BCPlanCore
import Foundation
import Synchronization
import Testing

@Suite struct StateLockTests {
    static let now = Clock.parse("2026-11-21T12:00:00Z")!

    /// A fresh folder and the state path inside it, with the run folder a lock goes into (as an
    /// earlier run leaves it); the caller removes the folder.
    private func temporaryState() throws -> (folder: URL, state: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bcplan-lock-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent(".bcplan"), withIntermediateDirectories: true)
        return (folder, folder.appendingPathComponent("bcplan.state.json").path)
    }

    private func acquire(
        _ state: String, operation: String = "apply", timeout: Double = 0, notices: Notices? = nil
    ) throws(StateLockError) -> StateLock {
        try StateLock.acquire(
            statePath: state, operation: operation, timeout: timeout, configArgument: "bcplan.yaml", now: Self.now,
            notice: { notices?.append($0) })
    }

    /// The pid of a process that has just ended (reaped), so no process has it.
    private func deadPID() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "exit 0"]
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    /// Writes a lock file by hand, as a holder that no longer holds it open would have left it.
    private func writeLock(_ info: LockInfo, at state: String) throws {
        try info.json.rendered().write(toFile: StateLock.lockPath(forState: state), atomically: false, encoding: .utf8)
    }

    private func foreignLock(host: String, pid: Int32) -> LockInfo {
        LockInfo(
            id: "3F2A0000-0000-4000-8000-000000000042", host: host, pid: pid, user: "alice",
            createdAt: "2026-11-21T11:00:00Z", operation: "apply")
    }

    private func mode(_ path: String) throws -> Int {
        try #require((FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue)
    }

    @Test func acquireWritesThePrivateLockFileAndReleaseRemovesIt() throws {
        let (folder, state) = try temporaryState()
        defer { try? FileManager.default.removeItem(at: folder) }
        let lock = try acquire(state)
        #expect(lock.path == StateLock.lockPath(forState: state))
        #expect(lock.info.pid == getpid())
        #expect(lock.info.host == LockInfo.hostName)
        #expect(lock.info.operation == "apply")
        #expect(lock.info.createdAt == "2026-11-21T12:00:00Z")
        #expect(UUID(uuidString: lock.info.id) != nil)
        let text = try String(contentsOfFile: lock.path, encoding: .utf8)
        #expect(text == lock.info.json.rendered())
        #expect(text.hasPrefix("{\n  \"created_at\": \"2026-11-21T12:00:00Z\",\n  \"host\": "))
        let reread = try LockInfo(json: JSONParser.parse(Array(text.utf8)), path: "")
        #expect(reread == lock.info)
        #expect(try mode(lock.path) == 0o600)
        lock.release()
        #expect(!FileManager.default.fileExists(atPath: lock.path))
        lock.release()
        let again = try acquire(state)
        again.release()
    }

    @Test func aSecondAcquireWaitsForTheTimeoutAndNamesTheHolder() throws {
        let (folder, state) = try temporaryState()
        defer { try? FileManager.default.removeItem(at: folder) }
        let holder = try acquire(state)
        defer { holder.release() }
        let started = ContinuousClock.now
        #expect {
            _ = try acquire(state, operation: "refresh", timeout: 0.5)
        } throws: { error in
            let info = holder.info
            return "\(error)" == "the state \(state) is locked by apply (lock \(info.id), user \(info.user) on host "
                + "\(info.host), pid \(info.pid), since 2026-11-21T12:00:00Z); waited 0.5s. If that run has ended, "
                + "clear the lock with: bcplan force-unlock \(info.id) -c bcplan.yaml"
        }
        let elapsed = ContinuousClock.now - started
        #expect(elapsed >= .milliseconds(500))
        #expect(elapsed < .milliseconds(1500))
        #expect(try String(contentsOfFile: holder.path, encoding: .utf8) == holder.info.json.rendered())
    }

    @Test func aZeroTimeoutFailsAtOnceAndQuotesTheConfigArgument() throws {
        let (folder, state) = try temporaryState()
        defer { try? FileManager.default.removeItem(at: folder) }
        let holder = try acquire(state)
        defer { holder.release() }
        #expect {
            _ = try StateLock.acquire(
                statePath: state, operation: "apply", timeout: 0, configArgument: "my config.yaml", now: Self.now,
                notice: { _ in })
        } throws: { error in
            "\(error)".contains("; did not wait (the lock timeout is 0). If that run has ended, clear the lock with: "
                + "bcplan force-unlock \(holder.info.id) -c 'my config.yaml'")
        }
    }

    @Test func aWaiterGetsTheLockOnceTheHolderReleasesIt() async throws {
        let (folder, state) = try temporaryState()
        defer { try? FileManager.default.removeItem(at: folder) }
        let holder = try acquire(state)
        async let waiter = onThread {
            try StateLock.acquire(
                statePath: state, operation: "refresh", timeout: 10, configArgument: "bcplan.yaml", now: Self.now,
                notice: { _ in })
        }
        try await Task.sleep(for: .milliseconds(400))
        holder.release()
        let lock = try await waiter
        #expect(lock.info.operation == "refresh")
        #expect(lock.info.id != holder.info.id)
        lock.release()
    }

    @Test func manyAcquirersHoldTheLockOneAtATime() async throws {
        let (folder, state) = try temporaryState()
        defer { try? FileManager.default.removeItem(at: folder) }
        let holders = Holders()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<6 {
                group.addTask {
                    try await onThread {
                        let lock = try StateLock.acquire(
                            statePath: state, operation: "apply", timeout: 30, configArgument: "bcplan.yaml",
                            now: Self.now, notice: { _ in })
                        holders.enter()
                        Thread.sleep(forTimeInterval: 0.05)
                        holders.leave()
                        lock.release()
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(holders.counts.turns == 6)
        #expect(holders.counts.most == 1)
        #expect(!FileManager.default.fileExists(atPath: StateLock.lockPath(forState: state)))
    }

    @Test func aLockLeftByADeadProcessOnThisHostIsReclaimedWithANotice() throws {
        let (folder, state) = try temporaryState()
        defer { try? FileManager.default.removeItem(at: folder) }
        let pid = try deadPID()
        let left = foreignLock(host: LockInfo.hostName, pid: pid)
        try writeLock(left, at: state)
        let notices = Notices()
        let lock = try acquire(state, timeout: 0, notices: notices)
        defer { lock.release() }
        #expect(notices.lines == [
            "notice: reclaimed the lock 3F2A0000-0000-4000-8000-000000000042 left by apply "
                + "(pid \(pid) on this host, which no longer runs)",
        ])
        #expect(lock.info.id != left.id)
        #expect(try String(contentsOfFile: lock.path, encoding: .utf8) == lock.info.json.rendered())
    }

    /// Another process holding the file open with `flock` is alive whatever pid the file names;
    /// once it ends, the lock is reclaimed.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/flock")))
    func aLockHeldOpenByAnotherProcessIsNotReclaimedUntilItEnds() throws {
        let (folder, state) = try temporaryState()
        defer { try? FileManager.default.removeItem(at: folder) }
        let lockPath = StateLock.lockPath(forState: state)
        let left = foreignLock(host: LockInfo.hostName, pid: try deadPID())
        try writeLock(left, at: state)
        let holder = Process()
        // The shell becomes `sleep` holding descriptor 9, so terminating it drops the flock.
        holder.executableURL = URL(fileURLWithPath: "/bin/sh")
        holder.arguments = ["-c", "exec 9<\"$0\"; /usr/bin/flock 9 && exec /bin/sleep 30", lockPath]
        try holder.run()
        defer {
            if holder.isRunning { holder.terminate() }
        }
        // Wait until the child holds the flock.
        let probe = open(lockPath, O_RDONLY | O_CLOEXEC)
        defer { close(probe) }
        var held = false
        for _ in 0..<100 where !held {
            if flock(probe, LOCK_EX | LOCK_NB) == 0 {
                flock(probe, LOCK_UN)
                Thread.sleep(forTimeInterval: 0.02)
            } else {
                held = true
            }
        }
        try #require(held)
        let notices = Notices()
        #expect {
            _ = try acquire(state, timeout: 0.3, notices: notices)
        } throws: { error in
            "\(error)".hasPrefix("the state \(state) is locked by apply (lock \(left.id), ")
        }
        #expect(notices.lines.isEmpty)
        holder.terminate()
        holder.waitUntilExit()
        let lock = try acquire(state, timeout: 2, notices: notices)
        lock.release()
        #expect(notices.lines.count == 1)
    }

    @Test func aLockOfALiveProcessIsNotReclaimedEvenWhenNobodyHoldsItOpen() throws {
        let (folder, state) = try temporaryState()
        defer { try? FileManager.default.removeItem(at: folder) }
        let left = foreignLock(host: LockInfo.hostName, pid: getpid())
        try writeLock(left, at: state)
        let notices = Notices()
        #expect {
            _ = try acquire(state, timeout: 0.2, notices: notices)
        } throws: { error in
            "\(error)".hasPrefix("the state \(state) is locked by apply (lock \(left.id), user alice on host \(left.host), ")
        }
        #expect(notices.lines.isEmpty)
    }

    @Test func aLockFromAnotherHostIsNeverReclaimed() throws {
        let (folder, state) = try temporaryState()
        defer { try? FileManager.default.removeItem(at: folder) }
        let left = foreignLock(host: "build-1.other.example", pid: try deadPID())
        try writeLock(left, at: state)
        let before = try Data(contentsOf: URL(fileURLWithPath: StateLock.lockPath(forState: state)))
        let notices = Notices()
        #expect {
            _ = try acquire(state, timeout: 0.3, notices: notices)
        } throws: { error in
            "\(error)" == "the state \(state) is locked by apply (lock 3F2A0000-0000-4000-8000-000000000042, user alice "
                + "on host build-1.other.example, pid \(left.pid), since 2026-11-21T11:00:00Z); waited 0.3s. It was taken "
                + "on another host, where bcplan cannot see whether that run still goes on; if it has ended, clear the "
                + "lock with: bcplan force-unlock 3F2A0000-0000-4000-8000-000000000042 -c bcplan.yaml"
        }
        #expect(notices.lines.isEmpty)
        #expect(try Data(contentsOf: URL(fileURLWithPath: StateLock.lockPath(forState: state))) == before)
    }

    @Test(arguments: [
        ("{\"id\": \"x\", \"host\": \"h\"}", "missing key 'pid' at the top level"),
        ("not a lock", "it is not JSON: invalid literal at line 1, column 1"),
    ])
    func anOldUnreadableLockFileIsReportedAsCorruptAndKept(content: String, reason: String) throws {
        let (folder, state) = try temporaryState()
        defer { try? FileManager.default.removeItem(at: folder) }
        let lockPath = StateLock.lockPath(forState: state)
        try content.write(toFile: lockPath, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -60)], ofItemAtPath: lockPath)
        let started = ContinuousClock.now
        #expect {
            _ = try acquire(state, timeout: 5)
        } throws: { error in
            "\(error)" == "the lock file \(lockPath) is corrupt (\(reason)): no bcplan run is writing it, and it names "
                + "no holder. If no bcplan run uses the state \(state), clear it with: bcplan force-unlock corrupt -c bcplan.yaml"
        }
        #expect(ContinuousClock.now - started < .seconds(1), "a corrupt lock fails at once")
        #expect(try String(contentsOfFile: lockPath, encoding: .utf8) == content)
    }

    @Test(arguments: ["", "{\"id\": \"x\""])
    func anOldUnfinishedLockFileNobodyHoldsIsReclaimed(content: String) throws {
        // What a run killed between creating its lock and finishing writing it leaves behind.
        let (folder, state) = try temporaryState()
        defer { try? FileManager.default.removeItem(at: folder) }
        let lockPath = StateLock.lockPath(forState: state)
        try content.write(toFile: lockPath, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -60)], ofItemAtPath: lockPath)
        var notices: [String] = []
        let lock = try StateLock.acquire(
            statePath: state, operation: "apply", timeout: 0, configArgument: "bcplan.yaml", now: Date(),
            notice: { notices.append($0) })
        defer { lock.release() }
        #expect(notices == ["notice: reclaimed the lock file \(lockPath), which a run that no longer runs left unfinished (\(content.isEmpty ? "it is empty" : "it is cut short"))"])
    }

    @Test func aFreshEmptyLockFileIsTakenForOneBeingWritten() throws {
        let (folder, state) = try temporaryState()
        defer { try? FileManager.default.removeItem(at: folder) }
        let lockPath = StateLock.lockPath(forState: state)
        #expect(FileManager.default.createFile(atPath: lockPath, contents: Data()))
        let started = ContinuousClock.now
        #expect {
            _ = try acquire(state, timeout: 0.3)
        } throws: { error in
            "\(error)" == "the state \(state) is being locked by another run, which has not finished writing "
                + "\(lockPath); waited 0.3s. Try again in a few seconds"
        }
        #expect(ContinuousClock.now - started >= .milliseconds(300))
        #expect(FileManager.default.fileExists(atPath: lockPath))
    }

    @Test func aMissingStateFolderIsAFileError() throws {
        let (folder, _) = try temporaryState()
        defer { try? FileManager.default.removeItem(at: folder) }
        let state = folder.appendingPathComponent("missing/bcplan.state.json").path
        #expect {
            _ = try acquire(state)
        } throws: { error in
            "\(error)" == "cannot lock the state \(state): \(folder.path)/missing/.bcplan: no such file"
        }
    }

    @Test func forceUnlockRemovesTheLockWithTheRightIDOnly() throws {
        let (folder, state) = try temporaryState()
        defer { try? FileManager.default.removeItem(at: folder) }
        let left = foreignLock(host: "build-1", pid: 4242)
        try writeLock(left, at: state)
        #expect {
            try StateLock.forceUnlock(statePath: state, id: "0000")
        } throws: { error in
            "\(error)" == "the lock on \(state) has id 3F2A0000-0000-4000-8000-000000000042, not 0000; nothing was removed"
        }
        #expect(FileManager.default.fileExists(atPath: StateLock.lockPath(forState: state)))
        let removed = try StateLock.forceUnlock(statePath: state, id: left.id.lowercased())
        #expect(removed == left)
        #expect(!FileManager.default.fileExists(atPath: StateLock.lockPath(forState: state)))
        #expect {
            try StateLock.forceUnlock(statePath: state, id: left.id)
        } throws: { error in
            "\(error)" == "the state \(state) is not locked (there is no \(StateLock.lockPath(forState: state))); nothing was removed"
        }
    }

    @Test func forceUnlockRemovesACorruptLockOnlyWithTheCorruptID() throws {
        let (folder, state) = try temporaryState()
        defer { try? FileManager.default.removeItem(at: folder) }
        let lockPath = StateLock.lockPath(forState: state)
        try "garbage".write(toFile: lockPath, atomically: false, encoding: .utf8)
        #expect {
            try StateLock.forceUnlock(statePath: state, id: "3F2A")
        } throws: { error in
            "\(error)" == "the lock file \(lockPath) is corrupt (it is not JSON: unexpected character 'g' at line 1, "
                + "column 1) and has no id, so not 3F2A; nothing was removed. If no bcplan run uses it, remove it with "
                + "the id 'corrupt'"
        }
        #expect(try StateLock.forceUnlock(statePath: state, id: "corrupt") == nil)
        #expect(!FileManager.default.fileExists(atPath: lockPath))
    }

    @Test func theLockLivesInTheRunFolderWhichIgnoresItself() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bcplan-lock-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let state = folder.appendingPathComponent("acme.state.json").path
        let lock = try acquire(state)
        #expect(lock.path == folder.path + "/.bcplan/acme.state.json.lock")
        #expect(try String(contentsOfFile: folder.path + "/.bcplan/.gitignore", encoding: .utf8)
            == "# bcplan's files of one run (state locks, backups, temporary files): never commit them.\n*\n")
        lock.release()
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == [".bcplan"])
    }

    // MARK: Locks where bcplan 0.1.0 took them (`<state>.lock`) still hold

    @Test func aLockAtTheOldNameOfALiveRunStillHolds() throws {
        let (folder, state) = try temporaryState()
        defer { try? FileManager.default.removeItem(at: folder) }
        let legacy = state + ".lock"
        let holder = foreignLock(host: "build-1", pid: 4242)
        try holder.json.rendered().write(toFile: legacy, atomically: false, encoding: .utf8)
        #expect {
            _ = try acquire(state)
        } throws: { error in
            "\(error)".hasPrefix("the state \(state) is locked by apply (lock 3F2A0000-0000-4000-8000-000000000042")
        }
        #expect(!FileManager.default.fileExists(atPath: StateLock.lockPath(forState: state)), "no second lock beside it")
        #expect(StateLock.existingLockPath(forState: state) == legacy)
        #expect(try StateLock.forceUnlock(statePath: state, id: holder.id) == holder)
        #expect(!FileManager.default.fileExists(atPath: legacy))
        let lock = try acquire(state)
        #expect(lock.path == StateLock.lockPath(forState: state))
    }

    @Test func aLockAtTheOldNameLeftByADeadRunIsReclaimed() throws {
        let (folder, state) = try temporaryState()
        defer { try? FileManager.default.removeItem(at: folder) }
        let legacy = state + ".lock"
        let left = foreignLock(host: LockInfo.hostName, pid: try deadPID())
        try left.json.rendered().write(toFile: legacy, atomically: false, encoding: .utf8)
        let notices = Notices()
        let lock = try acquire(state, notices: notices)
        #expect(lock.path == StateLock.lockPath(forState: state))
        #expect(!FileManager.default.fileExists(atPath: legacy))
        #expect(notices.lines.count == 1 && notices.lines[0].hasPrefix("notice: reclaimed the lock 3F2A0000-0000-4000-8000-000000000042"))
    }

    @Test func aForcedOutHolderDoesNotRemoveTheNextLockWhenItReleases() throws {
        let (folder, state) = try temporaryState()
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try acquire(state)
        #expect(try StateLock.forceUnlock(statePath: state, id: first.info.id) == first.info)
        let second = try acquire(state)
        first.release()
        #expect(try String(contentsOfFile: second.path, encoding: .utf8) == second.info.json.rendered())
        second.release()
        #expect(!FileManager.default.fileExists(atPath: second.path))
    }
}

/// Runs blocking work (waiting for a lock) on its own thread, off the cooperative pool.
func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}

/// Collects notices from `StateLock.acquire`.
private final class Notices: Sendable {
    private let storage = Mutex<[String]>([])

    func append(_ line: String) {
        storage.withLock { $0.append(line) }
    }

    var lines: [String] {
        storage.withLock { $0 }
    }
}

/// Counts how many threads hold the lock at once.
private final class Holders: Sendable {
    private let storage = Mutex((now: 0, most: 0, turns: 0))

    func enter() {
        storage.withLock { $0.now += 1; $0.most = max($0.most, $0.now); $0.turns += 1 }
    }

    func leave() {
        storage.withLock { $0.now -= 1 }
    }

    var counts: (most: Int, turns: Int) {
        storage.withLock { ($0.most, $0.turns) }
    }
}
