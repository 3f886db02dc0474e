/// One write of the recorded state as its history keeps it: the history entry, and the objects
/// the write set and removed, so that `bcplan history` can replay the record.
public struct RecordedWrite: Sendable, Hashable {
    public var entry: StateHistoryEntry
    /// nil for a write recorded before the history kept what each write changed.
    public var changes: SnapshotChanges?

    public init(entry: StateHistoryEntry, changes: SnapshotChanges?) {
        self.entry = entry
        self.changes = changes
    }

    init(_ change: StateChange) {
        self.init(entry: change.entry, changes: change.snapshot)
    }

    /// The history's line: the entry's keys, and `changes` as the journal writes a change
    /// (`{"set": […], "remove": […]}`, `business_center` when it changed).
    var json: JSONValue {
        guard case .object(var object) = entry.json else { return entry.json }
        object["changes"] = changes.map { .object($0.json) } ?? .null
        return .object(object)
    }

    init(json: JSONValue, path: String) throws(JSONShapeError) {
        let entry = try StateHistoryEntry(json: json, path: path)
        var changes: SnapshotChanges?
        if case .object(let object) = json, case .object(let fields)? = object["changes"] {
            changes = try SnapshotChanges(json: fields, path: "\(path)changes.")
        }
        self.init(entry: entry, changes: changes)
    }
}
