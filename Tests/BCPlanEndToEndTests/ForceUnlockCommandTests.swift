import Foundation
import Testing

@Suite struct ForceUnlockCommandTests {
    static let lockID = "3F2A0000-0000-4000-8000-000000000042"
    static let lock = """
        {
          "created_at": "2026-11-21T12:00:00Z",
          "host": "build-1",
          "id": "3F2A0000-0000-4000-8000-000000000042",
          "operation": "apply",
          "pid": 4242,
          "user": "alice"
        }

        """

    private func businessCenter(config: String = "bcplan.yaml") throws -> URL {
        try BinaryRunner.businessCenter(config: config)
    }

    private func write(_ text: String, _ name: String, in folder: URL) throws {
        let url = folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try BinaryRunner.write(text, name, in: folder)
    }

    private func exists(_ name: String, in folder: URL) -> Bool {
        FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path)
    }

    @Test func theRightIDRemovesTheLockAndSaysWhoseItWas() throws {
        let folder = try businessCenter()
        defer { try? FileManager.default.removeItem(at: folder) }
        try write(Self.lock, ".bcplan/bcplan.state.json.lock", in: folder)
        let outcome = try BinaryRunner.run(["force-unlock", Self.lockID], in: folder)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr == "")
        #expect(outcome.stdout == "Removed the lock \(Self.lockID) (apply by alice on build-1, pid 4242, since 2026-11-21T12:00:00Z).\n")
        #expect(!exists(".bcplan/bcplan.state.json.lock", in: folder))
    }

    @Test func theStateBesideAConfigInAnotherFolderIsUnlocked() throws {
        let folder = try businessCenter(config: "acme/bcplan.yaml")
        defer { try? FileManager.default.removeItem(at: folder) }
        try write(Self.lock, "acme/.bcplan/bcplan.state.json.lock", in: folder)
        let wrong = try BinaryRunner.run(["force-unlock", "0000", "-c", "acme/bcplan.yaml"], in: folder)
        #expect(wrong.status == 1)
        #expect(wrong.stdout == "")
        #expect(wrong.stderr == "error: the lock on acme/bcplan.state.json has id \(Self.lockID), not 0000; nothing was removed\n")
        #expect(exists("acme/.bcplan/bcplan.state.json.lock", in: folder))
        let right = try BinaryRunner.run(["force-unlock", Self.lockID.lowercased(), "-c", "acme/bcplan.yaml"], in: folder)
        #expect(right.status == 0, "\(right.stderr)")
        #expect(!exists("acme/.bcplan/bcplan.state.json.lock", in: folder))
    }

    @Test func noLockIsAnError() throws {
        let folder = try businessCenter()
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try BinaryRunner.run(["force-unlock", Self.lockID], in: folder)
        #expect(outcome.status == 1)
        #expect(outcome.stdout == "")
        #expect(outcome.stderr == "error: the state bcplan.state.json is not locked (there is no .bcplan/bcplan.state.json.lock); nothing was removed\n")
    }

    @Test func aCorruptLockNeedsTheCorruptID() throws {
        let folder = try businessCenter()
        defer { try? FileManager.default.removeItem(at: folder) }
        try write("", ".bcplan/bcplan.state.json.lock", in: folder)
        let refused = try BinaryRunner.run(["force-unlock", Self.lockID], in: folder)
        #expect(refused.status == 1)
        #expect(refused.stderr == "error: the lock file .bcplan/bcplan.state.json.lock is corrupt (it is empty) and has no id, so not "
            + "\(Self.lockID); nothing was removed. If no bcplan run uses it, remove it with the id 'corrupt'\n")
        let removed = try BinaryRunner.run(["force-unlock", "corrupt"], in: folder)
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(removed.stdout == "Removed the corrupt lock file .bcplan/bcplan.state.json.lock.\n")
        #expect(!exists(".bcplan/bcplan.state.json.lock", in: folder))
    }

    /// A lock bcplan 0.1.0 took beside the state (`bcplan.state.json.lock`) still holds after an
    /// upgrade: apply refuses to run beside it, and force-unlock removes it.
    @Test func aLockAtTheOldNameStillHoldsAndForceUnlockRemovesIt() throws {
        let folder = try businessCenter()
        defer { try? FileManager.default.removeItem(at: folder) }
        try write(Self.lock, "bcplan.state.json.lock", in: folder)
        let refused = try BinaryRunner.run(["apply", "--auto-approve"], in: folder)
        #expect(refused.status == 1)
        #expect(refused.stderr.hasPrefix("error: the state bcplan.state.json is locked by apply (lock \(Self.lockID)"), "\(refused.stderr)")
        #expect(!exists("store.requests.jsonl", in: folder), "nothing was applied")
        let removed = try BinaryRunner.run(["force-unlock", Self.lockID], in: folder)
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(!exists("bcplan.state.json.lock", in: folder))
        let applied = try BinaryRunner.run(["apply", "--auto-approve"], in: folder)
        #expect(applied.status == 0, "\(applied.stderr)")
    }

    @Test func anInvalidConfigIsReportedLikeValidateDoes() throws {
        let folder = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try BinaryRunner.run(["force-unlock", Self.lockID, "-c", "nowhere.yaml"], in: folder)
        #expect(outcome.status == 1)
        #expect(outcome.stdout == "")
        #expect(outcome.stderr == "error: cannot read the config file nowhere.yaml: no such file\nnowhere.yaml: 1 error\n")
    }

    @Test func aMissingLockIDIsAUsageError() throws {
        let folder = try businessCenter()
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try BinaryRunner.run(["force-unlock"], in: folder)
        #expect(outcome.status == 64)
        #expect(outcome.stderr.hasPrefix("Error: Missing expected argument '<lock-id>'\n"))
    }
}
