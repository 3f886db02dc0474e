import Foundation

/// The file backend (the default; DESIGN §3): the state file is the format of record, beside it
/// the journal of the run in progress (`StateJournal`), the history (`StateHistoryLog`) and the
/// audit log (`AuditLog`), which are state as much as the file is and go wherever it goes (a
/// commit); and in the run folder (`RunFiles`) the lock (`.bcplan/<state>.lock`) and the backup
/// (`.bcplan/<state>.backup`), which belong to one run and to one machine.
public struct FileStateStore: StateStore {
    /// Resolved against the config's folder.
    public let path: String
    /// As the config wrote it, for messages.
    public let displayPath: String

    public init(path: String, displayPath: String) {
        self.path = path
        self.displayPath = displayPath
    }

    public var location: StateLocation { .file(path: path, displayPath: displayPath) }
    var journalPath: String { StateJournal.path(forState: path) }
    var historyPath: String { StateHistoryLog.path(forState: path) }
    var auditPath: String { AuditLog.path(forState: path) }

    public func read() throws(StateStoreError) -> RecordedState? {
        try replayed().state
    }

    /// The state file with the journal of a killed run applied, and the history entries that
    /// journal holds (not yet in the history log).
    func replayed() throws(StateStoreError) -> (state: RecordedState?, pending: [RecordedWrite], journal: Bool) {
        let recorded: RecordedState?
        let lines: [StateJournal.Line]?
        do {
            recorded = try StateFile.read(path)
            lines = try StateJournal.read(journalPath)
        } catch {
            throw .file(error)
        }
        guard let lines else { return (recorded, [], false) }
        do {
            let (state, entries) = try StateJournal.replay(lines, onto: recorded, path: journalPath)
            return (state, entries, true)
        } catch {
            throw .journal(error)
        }
    }

    public func lock(_ request: StateLockRequest, notice: (String) -> Void) throws(StateStoreError) -> any StateWriter {
        let lock: StateLock
        do {
            lock = try StateLock.acquire(
                statePath: path, operation: request.operation, timeout: request.timeout,
                configArgument: request.configArgument, now: request.now, stopRequested: request.stopRequested, notice: notice)
        } catch {
            throw .lock(error)
        }
        // A journal left by a killed run goes into the state file before anything else happens.
        let (state, pending, journal) = try replayed()
        if journal {
            do {
                try StateHistoryLog.append(pending, to: historyPath)
                if let state, !pending.isEmpty { try StateFile.write(state, to: path) }
                try StateJournal.Appender(path: journalPath).remove()
            } catch {
                throw .file(error)
            }
        }
        return FileStateWriter(store: self, lock: lock, recorded: state)
    }

    public func forceUnlock(id: String) throws(StateStoreError) -> LockInfo? {
        do {
            return try StateLock.forceUnlock(statePath: path, id: id)
        } catch {
            throw .lock(error)
        }
    }

    public func auditEntries() throws(StateStoreError) -> [AuditEntry]? {
        do {
            return try AuditLog.read(path: auditPath)
        } catch {
            if case .missing = error { return nil }
            throw .audit(error)
        }
    }

    public func recordedAuditHead() throws(StateStoreError) -> AuditHead? {
        try read()?.auditHead
    }

    public func verifyAudit(expectedHead: AuditHead?) throws(StateStoreError) -> AuditVerification? {
        do {
            return try AuditLog.verify(path: auditPath, expectedHead: expectedHead)
        } catch {
            if case .missing = error { return nil }
            throw .audit(error)
        }
    }

    public func history(limit: Int?) throws(StateStoreError) -> [StateHistoryEntry] {
        let entries = Array(try writes().map(\.entry).reversed())
        return limit.map { Array(entries.prefix($0)) } ?? entries
    }

    public func writes() throws(StateStoreError) -> [RecordedWrite] {
        let written: [RecordedWrite]
        do {
            written = try StateHistoryLog.read(historyPath)
        } catch {
            throw .file(error)
        }
        return written + (try replayed().pending)
    }

    public func workspaces() throws(StateStoreError) -> [WorkspaceSummary] {
        guard let state = try read() else { return [] }
        let lastApply = try history(limit: nil).first { $0.operation == "apply" }?.time
        return [WorkspaceSummary(
            name: displayPath, serial: state.serial, lineage: state.lineage, lastApply: lastApply,
            holder: StateLock.holder(statePath: path), leaseUntil: nil)]
    }
}
