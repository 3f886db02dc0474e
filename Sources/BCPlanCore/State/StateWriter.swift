/// The holder of a state's lock (`StateStore.lock`): the only way to write the state.
///
/// Every write is atomic and durable before it returns; a run killed at any moment leaves a state
/// that says what it recorded. `release()` ends the lock; call it also after a failure (it is
/// idempotent, and a writer releases on deinit too). To stop a run from outside, stop committing
/// and call `checkpoint` with what was recorded, then `release` (`ApplyRecording.finish`).
public protocol StateWriter: AnyObject, Sendable {
    /// The lock held.
    var lock: LockInfo { get }

    /// The recorded state as the lock found it (what a killed apply recorded folded in first), or
    /// nil before the first write.
    var recorded: RecordedState? { get }

    /// Records `change` (serial + 1) and, when given, appends `audit` to the audit log, as one
    /// write; returns where the audit log ends now (nil: no log). Refused when the lock was lost
    /// (`StateStoreError.takenOver`); after a failure nothing more is committed in this run.
    @discardableResult
    func commit(_ change: StateChange, audit: AuditEntry?) throws(StateStoreError) -> AuditHead?

    /// Makes `state`, what the commits so far add up to, the state in its backend's own form: the
    /// file backend writes the state file once and drops its journal (a checkpoint costs the
    /// Business Center's size); PostgreSQL has nothing left to do.
    func checkpoint(_ state: RecordedState) throws(StateStoreError)

    /// `state push`: replaces the state with `state` and the audit log with `audit` (a log that
    /// extends the current one is appended to; any other starts anew, the old one kept aside).
    func replace(_ state: RecordedState, audit: [AuditEntry], entry: StateHistoryEntry) throws(StateStoreError)

    /// Releases the lock. Idempotent.
    func release()
}
