/// One write of the recorded state: serial + 1, the objects it changes, and its history entry.
/// An apply makes one before its first action and one per outcome; refresh makes one.
///
/// Both backends store exactly this (the file backend as one journal line, PostgreSQL as one
/// transaction), so a write costs the size of the change.
public struct StateChange: Sendable, Hashable {
    /// The new serial and lineage, and who wrote it.
    public var entry: StateHistoryEntry
    public var refreshedAt: String?
    public var snapshot: SnapshotChanges

    public init(entry: StateHistoryEntry, refreshedAt: String?, snapshot: SnapshotChanges) {
        self.entry = entry
        self.refreshedAt = refreshedAt
        self.snapshot = snapshot
    }

    public var serial: Int { entry.serial }
    public var lineage: String { entry.lineage }
}
