import Foundation

/// Keeps the recorded state in step with an apply or a refresh, through the lock holder
/// (`StateWriter`): one write before the first action, with what changed in the Business Center
/// since the last record (so a state that cannot be written stops the run before anything
/// changes), one per outcome with only the objects that outcome touched, and a checkpoint at the end.
///
/// The snapshot is kept indexed (`IndexedSnapshot`): recording an outcome costs the size of the
/// outcome, not of the Business Center; only `state` (for the checkpoint) renders it whole.
///
/// Public as the seam between a run and its state (Benchmarks/RecordingBenchmark measures it).
public final class StateRecorder {
    public let writer: any StateWriter
    private var indexed: IndexedSnapshot
    /// The Business Center as the run started.
    public let base: Snapshot
    private let recorded: RecordedState?
    public private(set) var lineage: String
    public private(set) var serial: Int
    public private(set) var auditHead: AuditHead?
    private let refreshedAt: String
    private let operation: String
    public let actor: String

    /// - Parameters:
    ///   - base: the Business Center as the run starts (live, with recorded invitation times).
    ///   - now: RFC 3339, the run's time (`refreshed_at`, invitation times).
    ///   - operation: "apply", "refresh", for the history.
    public init(writer: any StateWriter, base: Snapshot, now: String, operation: String, actor: String) {
        self.writer = writer
        self.base = base
        recorded = writer.recorded
        lineage = recorded?.lineage ?? UUID().uuidString.lowercased()
        serial = recorded?.serial ?? 0
        auditHead = recorded?.auditHead
        refreshedAt = now
        self.operation = operation
        self.actor = actor
        indexed = IndexedSnapshot(base)
    }

    /// The state as recorded so far; renders the whole snapshot.
    public var state: RecordedState {
        RecordedState(lineage: lineage, serial: serial, refreshedAt: refreshedAt, snapshot: indexed.snapshot, auditHead: auditHead)
    }

    /// Writes the Business Center as the run starts: serial + 1, with what changed since the
    /// recorded state (on a first run, all of it).
    public func begin() throws(StateStoreError) {
        try write(SnapshotChanges.between(recorded?.snapshot, base), action: nil, result: nil, audit: nil)
    }

    /// Records what an action did (only a success changes the snapshot) and its audit entry, as
    /// one write: serial + 1.
    public func record(_ outcome: ActionOutcome, audit: AuditEntry) throws(StateStoreError) {
        let changes = outcome.result == .succeeded ? Self.changes(of: outcome.action, in: indexed, now: refreshedAt) : SnapshotChanges()
        try write(changes, action: outcome.action.id, result: outcome.result, audit: audit)
    }

    /// Makes what was recorded the state in its backend's own form (`StateWriter.checkpoint`).
    public func checkpoint() throws(StateStoreError) {
        try writer.checkpoint(state)
    }

    private func write(_ changes: SnapshotChanges, action: String?, result: AuditResult?, audit: AuditEntry?) throws(StateStoreError) {
        var counts = indexed.counts
        for object in changes.set where indexed[object.key] == nil { Self.count(object.key.kind, by: 1, in: &counts) }
        for key in changes.removed where indexed[key] != nil { Self.count(key.kind, by: -1, in: &counts) }
        let entry = StateHistoryEntry(
            serial: serial + 1, lineage: lineage, time: audit?.time ?? refreshedAt, operation: operation, actor: actor,
            lockID: writer.lock.id, action: action, result: result,
            members: counts.members, partners: counts.partners, assets: counts.assets)
        let head = try writer.commit(StateChange(entry: entry, refreshedAt: refreshedAt, snapshot: changes), audit: audit)
        indexed.apply(changes)
        serial += 1
        if let head { auditHead = head }
    }

    /// What `action`, reported done, changes: it is applied to the objects it touches only (for a
    /// hand-over, also every member and partner holding the asset, which lose it).
    static func changes(of action: PlanAction, in indexed: IndexedSnapshot, now: String) -> SnapshotChanges {
        var keys = action.change.objects.map(SnapshotObjectKey.init)
        if let asset = SnapshotEditor.holdsEnded(by: action.change) { keys += indexed.holders(of: asset) }
        let before = indexed.subset(keys)
        var editor = SnapshotEditor(before, enforcingRules: false)
        // The provider has done it; record it even where the rules would object.
        try? editor.apply(action, now: now)
        return SnapshotChanges.between(before, editor.snapshot)
    }

    private static func count(_ kind: SnapshotObjectKey.Kind, by step: Int, in counts: inout (members: Int, partners: Int, assets: Int)) {
        switch kind {
        case .member: counts.members += step
        case .partner: counts.partners += step
        case .asset: counts.assets += step
        }
    }
}
