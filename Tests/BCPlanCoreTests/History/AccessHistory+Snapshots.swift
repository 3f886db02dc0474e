@testable import BCPlanCore
import Foundation

extension AccessHistory {
    /// The history of whole snapshots, each written as the store writes it: what changed since
    /// the one before (a first write, serial 1, from nothing).
    init(
        snapshots: [(revision: HistoryRevision, snapshot: Snapshot)], config: Config, subject: HistorySubject,
        window: HistoryWindow
    ) {
        var previous: Snapshot?
        let writes = snapshots.map { revision, snapshot in
            defer { previous = snapshot }
            return (revision: revision,
                    changes: SnapshotChanges.between(revision.serial == 1 ? nil : previous, snapshot))
        }
        self.init(writes: writes, config: config, subject: subject, window: window)
    }

    /// The same intervals worked out the slow way: every snapshot's paths in full, compared with
    /// the last one's. What the replay must agree with.
    static func recomputed(
        _ snapshots: [(revision: HistoryRevision, snapshot: Snapshot)], subject: HistorySubject, window: HistoryWindow
    ) -> [String] {
        var open: [AccessInterval.Key: (path: AccessPath, start: HistoryRevision)] = [:]
        var intervals: [(AccessInterval.Key, HistoryRevision, HistoryRevision?)] = []
        for (revision, snapshot) in snapshots {
            var now: [AccessInterval.Key: AccessPath] = [:]
            for path in AccessAuditor.paths(of: snapshot, declared: DeclaredTerms()) where subject.covers(path) {
                now[AccessInterval.Key(path)] = path
            }
            for key in open.keys where now[key] == nil {
                intervals.append((key, open[key]!.start, revision))
                open[key] = nil
            }
            for (key, path) in now where open[key] == nil { open[key] = (path, revision) }
        }
        intervals += open.map { ($0.key, $0.value.start, nil) }
        return intervals.filter { window.overlaps(start: $0.1.time, end: $0.2?.time) }
            .map { "\($0.0) \($0.1.serial)-\($0.2.map { String($0.serial) } ?? "")" }.sorted()
    }

    /// The intervals as `recomputed` words them.
    var described: [String] {
        intervals.map { "\($0.key) \($0.start.serial)-\($0.end.map { String($0.serial) } ?? "")" }.sorted()
    }
}
