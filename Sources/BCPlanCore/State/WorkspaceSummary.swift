/// One workspace as `bcplan state list` shows it.
public struct WorkspaceSummary: Sendable, Hashable {
    /// The workspace (PostgreSQL), or the state file's path.
    public var name: String
    public var serial: Int
    public var lineage: String
    /// RFC 3339 time of the last serial an apply wrote; nil when none did.
    public var lastApply: String?
    /// Who holds the lock now, if anyone; with PostgreSQL, until when the lease runs.
    public var holder: LockInfo?
    public var leaseUntil: String?

    public init(name: String, serial: Int, lineage: String, lastApply: String?, holder: LockInfo?, leaseUntil: String?) {
        self.name = name
        self.serial = serial
        self.lineage = lineage
        self.lastApply = lastApply
        self.holder = holder
        self.leaseUntil = leaseUntil
    }
}
