import Foundation
import Synchronization

/// Holds the file backend's lock (`StateLock`) and writes through the journal: a commit appends
/// to the audit log (when it records an outcome) and then one journal line, each fsync'd; the
/// checkpoint writes the state file once and removes the journal.
final class FileStateWriter: StateWriter {
    let store: FileStateStore
    let recorded: RecordedState?
    private let stateLock: StateLock
    private let writing: Mutex<Writing>

    private struct Writing: ~Copyable {
        var audit: AuditLog?
        var journal: StateJournal.Appender
        var auditHead: AuditHead?
        /// The journal's writes, for the history at the checkpoint.
        var pending: [RecordedWrite] = []
        /// A write failed: nothing more is committed in this run.
        var failed = false
    }

    init(store: FileStateStore, lock: StateLock, recorded: RecordedState?) {
        self.store = store
        self.stateLock = lock
        self.recorded = recorded
        writing = Mutex(Writing(
            journal: StateJournal.Appender(path: store.journalPath), auditHead: recorded?.auditHead))
    }

    deinit {
        release()
    }

    var lock: LockInfo { stateLock.info }

    @discardableResult
    func commit(_ change: StateChange, audit entry: AuditEntry?) throws(StateStoreError) -> AuditHead? {
        try writing.withLock { (state: inout Writing) throws(StateStoreError) -> AuditHead? in
            guard !state.failed else {
                throw .file(FileProblem(path: store.journalPath, reason: "an earlier write failed, so nothing more is recorded in this run"))
            }
            if let entry {
                do throws(AuditLogError) {
                    if state.audit == nil {
                        state.audit = try AuditLog.open(path: store.auditPath, expectedHead: recorded?.auditHead)
                    }
                    state.auditHead = try state.audit!.append(entry)
                } catch {
                    state.failed = true
                    throw .audit(error)
                }
            }
            do throws(FileProblem) {
                try state.journal.append(StateJournal.text(change, auditHead: state.auditHead))
            } catch {
                state.failed = true
                throw .file(error)
            }
            state.pending.append(RecordedWrite(change))
            return state.auditHead
        }
    }

    func checkpoint(_ recordedState: RecordedState) throws(StateStoreError) {
        try writing.withLock { (state: inout Writing) throws(StateStoreError) in
            guard !state.pending.isEmpty else { return }
            do throws(FileProblem) {
                try StateHistoryLog.append(state.pending, to: store.historyPath)
                try StateFile.write(recordedState, to: store.path)
                try state.journal.remove()
            } catch {
                throw .file(error)
            }
            state.pending = []
        }
    }

    func replace(_ recordedState: RecordedState, audit entries: [AuditEntry], entry: StateHistoryEntry) throws(StateStoreError) {
        try writing.withLock { (state: inout Writing) throws(StateStoreError) in
            state.audit?.close()
            state.audit = nil
            do throws(FileProblem) {
                // The log it replaces stays beside it, as the state's backup does.
                try StateFile.keepBackup(of: store.auditPath)
                try AtomicFile.write(Data(AuditLog.text(of: entries).utf8), to: store.auditPath)
                try StateHistoryLog.append(
                    [RecordedWrite(entry: entry, changes: SnapshotChanges.between(recorded?.snapshot, recordedState.snapshot))],
                    to: store.historyPath)
                try StateFile.write(recordedState, to: store.path)
                try state.journal.remove()
            } catch {
                state.failed = true
                throw .file(error)
            }
        }
    }

    func release() {
        writing.withLock { state in
            state.audit?.close()
            state.journal.close()
        }
        stateLock.release()
    }
}
