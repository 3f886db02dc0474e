@testable import BCPlanCore
import Foundation
import Testing

@Suite struct AtomicFileTests {
    /// The pid of a process that has ended: it names no running process (for now).
    private func deadPID() throws -> Int32 {
        let ended = Process()
        ended.executableURL = URL(fileURLWithPath: "/bin/true")
        try ended.run()
        ended.waitUntilExit()
        return ended.processIdentifier
    }

    @Test func writesPrivatelyAndSweepsTemporaryFilesOfKilledWriters() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bcplan-atomic-\(UUID().uuidString)")
        let run = folder.appendingPathComponent(".bcplan")
        try FileManager.default.createDirectory(at: run, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let pid = try deadPID()
        let dead = run.appendingPathComponent("state.json.\(pid).42.tmp")
        let alive = run.appendingPathComponent("state.json.1.42.tmp")
        let other = run.appendingPathComponent("store.json.\(pid).42.tmp")
        // Where bcplan 0.1.0 put them: beside the file.
        let deadBefore = folder.appendingPathComponent(".state.\(pid).43.tmp")
        for url in [dead, alive, other, deadBefore] { try Data("{".utf8).write(to: url) }
        let path = folder.appendingPathComponent("state.json").path
        try AtomicFile.write(Data("{}\n".utf8), to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "{}\n")
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(!FileManager.default.fileExists(atPath: dead.path), "left by a writer that no longer runs")
        #expect(!FileManager.default.fileExists(atPath: deadBefore.path), "left under the old name by a writer that no longer runs")
        #expect(FileManager.default.fileExists(atPath: alive.path), "pid 1 runs: maybe still writing")
        #expect(FileManager.default.fileExists(atPath: other.path), "another file's temporary")
    }

    /// The temporary file of a write goes into the run folder, never beside the file, so a write
    /// cut short leaves nothing a commit picks up.
    @Test func aWriteLeavesOnlyTheFileAndTheRunFolder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bcplan-atomic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("state.json").path
        #expect(AtomicFile.temporaryPath(for: path, in: folder.path).hasPrefix(folder.path + "/.bcplan/state.json.\(getpid())."))
        try AtomicFile.write(Data("{}\n".utf8), to: path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == [".bcplan", "state.json"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path + "/.bcplan") == [".gitignore"])
        // A file in the run folder itself (the state backup) keeps its temporary beside it.
        #expect(AtomicFile.temporaryPath(for: folder.path + "/.bcplan/state.json.backup", in: folder.path + "/.bcplan")
            .hasPrefix(folder.path + "/.bcplan/state.json.backup."))
    }
}
