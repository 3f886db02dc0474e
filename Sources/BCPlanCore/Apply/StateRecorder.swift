import Foundation

/// Keeps the recorded state in step with an apply: written before the first action (so a
/// state that cannot be written stops the run before anything changes) and after every outcome,
/// each time atomically with serial + 1.
final class StateRecorder {
    let path: String
    private(set) var state: RecordedState
    private var editor: SnapshotEditor
    private let now: String

    /// - Parameters:
    ///   - base: the Business Center as the apply starts (live, with recorded invitation times).
    init(path: String, recorded: RecordedState?, base: Snapshot, now: String) {
        self.path = path
        self.now = now
        state = RecordedState(
            lineage: recorded?.lineage ?? UUID().uuidString.lowercased(), serial: recorded?.serial ?? 0,
            refreshedAt: now, snapshot: base, auditHead: recorded?.auditHead)
        editor = SnapshotEditor(base, enforcingRules: false)
    }

    /// Writes the state as it is (serial + 1).
    func write() throws(FileProblem) {
        var next = state
        next.serial += 1
        try StateFile.write(next, to: path)
        state = next
    }

    /// Records what an action did (only a success changes the snapshot) and where the audit log
    /// now ends, then writes.
    func record(_ outcome: ActionOutcome, auditHead: AuditHead?) throws(FileProblem) {
        if outcome.result == .succeeded {
            // The provider has done it; record it even where the rules would object.
            try? editor.apply(outcome.action, now: now)
            state.snapshot = editor.snapshot
        }
        if let auditHead { state.auditHead = auditHead }
        try write()
    }
}
