import Foundation

/// Where the recorded state, its history and the audit log live (DESIGN §3): the seam the
/// sessions speak to, whatever the backend (`FileStateStore`, `PostgresStateStore`).
///
/// Reads take no lock. Writes go through a `StateWriter`, which holds the lock: one run at a time.
public protocol StateStore: Sendable {
    var location: StateLocation { get }

    /// The recorded state now (what a killed apply recorded included), or nil before the first write.
    func read() throws(StateStoreError) -> RecordedState?

    /// Takes the lock, waiting up to `request.timeout` seconds for another run to release it, and
    /// returns the writer that holds it. `notice` receives one line (without its newline) when a
    /// lock left by a run that is gone is taken over.
    func lock(_ request: StateLockRequest, notice: (String) -> Void) throws(StateStoreError) -> any StateWriter

    /// Removes the lock whatever its holder does, but only when its id is `id` (any case); returns
    /// the removed holder, or nil for a lock that had none (a corrupt lock file).
    func forceUnlock(id: String) throws(StateStoreError) -> LockInfo?

    /// The audit log's entries in order, or nil when there is no log yet.
    func auditEntries() throws(StateStoreError) -> [AuditEntry]?

    /// Where the recorded state says the audit log ends (nil: no state, or no log yet); cheaper
    /// than `read` where the backend can tell it alone.
    func recordedAuditHead() throws(StateStoreError) -> AuditHead?

    /// The audit log's hash chain, checked against `expectedHead` (where the recorded state says
    /// it ends); nil when there is no log and the head expects none.
    func verifyAudit(expectedHead: AuditHead?) throws(StateStoreError) -> AuditVerification?

    /// Past serials, newest first; at most `limit` when given.
    func history(limit: Int?) throws(StateStoreError) -> [StateHistoryEntry]

    /// Every write of the state, oldest first, with what it changed: what `bcplan history`
    /// replays.
    func writes() throws(StateStoreError) -> [RecordedWrite]

    /// Every workspace this store can see (the file backend: its one file), sorted by name.
    func workspaces() throws(StateStoreError) -> [WorkspaceSummary]
}

/// What `StateStore.lock` needs to take the lock and to word its errors.
public struct StateLockRequest: Sendable {
    /// The command taking it ("apply", "refresh", "push"), shown to waiters.
    public var operation: String
    /// Seconds to wait for another run's lock.
    public var timeout: Double
    /// The text of `-c`, for the `force-unlock` command in messages.
    public var configArgument: String
    /// The lock's `created_at` (the injected clock); waiting uses real time.
    public var now: Date
    /// True once the run was asked to stop (a signal): a wait for the lock then ends at once,
    /// as if its time were up.
    public var stopRequested: @Sendable () -> Bool

    public init(
        operation: String, timeout: Double, configArgument: String, now: Date,
        stopRequested: @escaping @Sendable () -> Bool = { false }
    ) {
        self.operation = operation
        self.timeout = timeout
        self.configArgument = configArgument
        self.now = now
        self.stopRequested = stopRequested
    }
}
