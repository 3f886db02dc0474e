@testable import BCPlanCore
import Foundation
import Testing

/// The file backend's journal: each write is one durable line, the state file is written once at
/// the checkpoint, and what a killed run journaled is read back, then folded in by the next writer.
@Suite struct FileStateStoreTests {
    private typealias F = ApplyFixtures

    private func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("bcplan-state-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    private func lock(_ store: FileStateStore) throws -> any StateWriter {
        try store.lock(StateLockRequest(operation: "apply", timeout: 0, configArgument: "bcplan.yaml", now: Date()), notice: { _ in })
    }

    private static let base = F.snapshot(
        members: [F.member("ana@acme.example", .admin), F.member("bo@acme.example", .admin)],
        assets: [F.adAccount("7100000000000000001")])

    /// Starts a run and records `outcomes` invitations; no checkpoint, as a killed run leaves it.
    private func record(_ store: FileStateStore, outcomes: Int) throws -> RecordedState {
        let writer = try lock(store)
        let recorder = StateRecorder(writer: writer, base: Self.base, now: F.now, operation: "apply", actor: "ana@acme.example")
        try recorder.begin()
        for index in 0..<outcomes {
            let action = F.invite("n\(index)@acme.example")
            try recorder.record(
                ActionOutcome(action: action, result: .succeeded, requestID: "mock-\(index)", attempts: 1),
                audit: AuditEntry(time: F.now, actor: "ana@acme.example", action: action.id, kind: "invite", result: .succeeded, attempts: 1))
        }
        writer.release()
        return recorder.state
    }

    @Test func aKilledRunsJournalIsReadBackAndTheNextWriterFoldsItIn() throws {
        let directory = try folder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = FileStateStore(path: directory.appendingPathComponent("bcplan.state.json").path, displayPath: "bcplan.state.json")
        let recorded = try record(store, outcomes: 3)
        #expect(!FileManager.default.fileExists(atPath: store.path), "no checkpoint, no state file")
        let journal = try String(contentsOfFile: store.journalPath, encoding: .utf8)
        #expect(journal.split(separator: "\n").count == 4, "one line per write: the start and 3 outcomes")
        #expect(try store.read() == recorded)
        #expect(try store.history(limit: nil).map(\.serial) == [4, 3, 2, 1])
        #expect(try store.verifyAudit(expectedHead: recorded.auditHead)?.intact == true)
        // A write cut short by the kill: not part of the state.
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: store.journalPath))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"entry": {"serial": 5"#.utf8))
        try handle.close()
        #expect(try store.read() == recorded)
        // The next writer folds it into the state file, writes the history and drops the journal.
        let writer = try lock(store)
        #expect(writer.recorded == recorded)
        writer.release()
        #expect(!FileManager.default.fileExists(atPath: store.journalPath))
        #expect(try StateFile.read(store.path) == recorded)
        #expect(try StateHistoryLog.read(store.historyPath).map(\.entry.serial) == [1, 2, 3, 4])
        let mode = try FileManager.default.attributesOfItem(atPath: store.historyPath)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
    }

    @Test func aCheckpointWritesTheStateOnceAndRepeatingOneAddsNoHistoryTwice() throws {
        let directory = try folder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = FileStateStore(path: directory.appendingPathComponent("s.json").path, displayPath: "s.json")
        let writer = try lock(store)
        let recorder = StateRecorder(writer: writer, base: Self.base, now: F.now, operation: "refresh", actor: "ana@acme.example")
        try recorder.begin()
        try recorder.checkpoint()
        try recorder.checkpoint()
        writer.release()
        #expect(try StateFile.read(store.path) == recorder.state)
        #expect(try StateHistoryLog.read(store.historyPath).map(\.entry.operation) == ["refresh"])
        // A history log that already has the serials (a checkpoint killed after writing it) gets none twice.
        try StateHistoryLog.append(try StateHistoryLog.read(store.historyPath), to: store.historyPath)
        #expect(try StateHistoryLog.read(store.historyPath).count == 1)
    }

    @Test func aJournalThatDoesNotContinueTheStateIsRefusedNamingItsLine() throws {
        let directory = try folder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = FileStateStore(path: directory.appendingPathComponent("bcplan.state.json").path, displayPath: "bcplan.state.json")
        _ = try record(store, outcomes: 1)
        // Its first line (serial 1) goes; the second (serial 2) no longer follows anything.
        let lines = try String(contentsOfFile: store.journalPath, encoding: .utf8).split(separator: "\n")
        try (lines.dropFirst().joined(separator: "\n") + "\n").write(toFile: store.journalPath, atomically: true, encoding: .utf8)
        #expect {
            _ = try store.read()
        } throws: { error in
            "\(error)".hasPrefix("\(store.journalPath):1: the journal does not continue the state (it writes lineage ")
                && "\(error)".contains(", serial 2, but the state file has no state file); the files were left as they are")
        }
    }
}
