import Foundation

/// Who could reach what, by which path, over time (`bcplan history`): the writes of the
/// recorded state replayed in order, each one's access compared with the last, into intervals of
/// access, then narrowed to one subject and one window.
///
/// A pure function of the writes (each with the objects it set and removed) and the config (for
/// asset keys). Replaying a write costs in proportion to what it changed: only the members and
/// partners it touches are looked at again, all of them only when assets changed (a transfer, a
/// new asset), since the admin role reaches every owned asset. Intervals are sorted by asset,
/// route, principal and start.
public struct AccessHistory: Sendable {
    public var businessCenter: BusinessCenterInfo
    public var subject: HistorySubject
    public var window: HistoryWindow
    /// The writes read, oldest first; the record covers the time from the first to the last.
    public var firstRecord: HistoryRevision?
    public var lastRecord: HistoryRevision?
    public var revisions: Int
    public var intervals: [AccessInterval]
    /// The config's key of each asset it declares.
    public var keys: [AssetRef: String]
    /// Asset names as last recorded.
    public var names: [AssetRef: String]

    /// - Parameter writes: every write of the state with what it changed, oldest first. A first
    ///   write (serial 1) starts from nothing.
    public init(
        writes: [(revision: HistoryRevision, changes: SnapshotChanges)], config: Config, subject: HistorySubject,
        window: HistoryWindow
    ) {
        self.subject = subject
        self.window = window
        revisions = writes.count
        firstRecord = writes.first?.revision
        lastRecord = writes.last?.revision
        keys = Dictionary(
            config.assets.map { (AssetRef(type: $0.type, id: $0.id), $0.key) }, uniquingKeysWith: { first, _ in first })
        var replay = Replay(subject: subject)
        for (revision, changes) in writes { replay.apply(changes, at: revision) }
        businessCenter = BusinessCenterInfo(
            id: config.businessCenterID, name: config.businessCenterName ?? replay.indexed.businessCenter.name)
        names = replay.names
        let kept = (replay.closed + replay.open.values).filter { interval in
            window.overlaps(start: interval.start.time, end: interval.end?.time)
        }
        // Sorted by index: an interval is large, and a whole record holds hundreds of thousands.
        let order = kept.map(\.sortKey)
        intervals = kept.indices.sorted { order[$0] < order[$1] }.map { kept[$0] }
    }

    /// The fold: the Business Center as recorded so far, the paths of each member and partner,
    /// the intervals still open and those closed.
    private struct Replay {
        let subject: HistorySubject
        var indexed = IndexedSnapshot(Snapshot(businessCenter: BusinessCenterInfo(id: "", name: nil)))
        var present: Set<AssetRef> = []
        var owned: [AssetRef] = []
        var pathsOf: [SnapshotObjectKey: Set<AccessInterval.Key>] = [:]
        var open: [AccessInterval.Key: AccessInterval] = [:]
        var closed: [AccessInterval] = []
        var names: [AssetRef: String] = [:]

        init(subject: HistorySubject) {
            self.subject = subject
        }

        mutating func apply(_ changes: SnapshotChanges, at revision: HistoryRevision) {
            var everyone = false
            if revision.serial == 1 {
                // A new record starts from nothing, whatever came before.
                indexed = IndexedSnapshot(Snapshot(businessCenter: changes.businessCenter ?? indexed.businessCenter))
                everyone = true
            }
            indexed.apply(changes)
            var touched = Set(changes.removed)
            for object in changes.set {
                touched.insert(object.key)
                if case .asset(let asset) = object, let name = asset.name { names[asset.ref] = name }
            }
            if everyone || changes.businessCenter != nil || touched.contains(where: { $0.kind == .asset }) {
                let ownID = indexed.businessCenter.id
                var assets: [AssetRecord] = []
                for case .asset(let asset) in indexed.objects(.asset) { assets.append(asset) }
                present = Set(assets.map(\.ref))
                owned = assets.filter { $0.ownerBCID == ownID }.map(\.ref).sorted()
                everyone = true
            }
            let keys = everyone
                ? Set(pathsOf.keys).union((indexed.objects(.member) + indexed.objects(.partner)).map(\.key))
                : touched.filter { $0.kind != .asset }
            for key in keys.sorted() where covers(key) {
                update(key, at: revision)
            }
        }

        /// Whether `key`'s paths can concern the subject at all.
        private func covers(_ key: SnapshotObjectKey) -> Bool {
            switch subject {
            case .everything, .asset: key.kind != .asset
            case .member(let email): key == .member(email)
            case .partner(let id): key == .partner(id)
            }
        }

        /// Recomputes one member's or partner's paths and opens and closes intervals where they changed.
        private mutating func update(_ key: SnapshotObjectKey, at revision: HistoryRevision) {
            let only: AssetRef? = if case .asset(let ref) = subject { ref } else { nil }
            var paths: [AccessPath] = []
            switch indexed[key] {
            case .member(let member)?:
                paths = AccessAuditor.paths(of: member, owned: owned, present: present, declared: DeclaredTerms(), asset: only)
            case .partner(let partner)?:
                paths = AccessAuditor.paths(of: partner, present: present, declared: DeclaredTerms())
            case .asset?, nil:
                break
            }
            var now: [AccessInterval.Key: AccessPath] = [:]
            for path in paths where subject.covers(path) { now[AccessInterval.Key(path)] = path }
            let before = pathsOf[key] ?? []
            for ended in before.subtracting(now.keys).sorted() {
                guard var interval = open.removeValue(forKey: ended) else { continue }
                interval.end = revision
                closed.append(interval)
            }
            for (intervalKey, path) in now {
                if open[intervalKey] == nil {
                    open[intervalKey] = AccessInterval(key: intervalKey, path: path, start: revision, end: nil)
                } else {
                    open[intervalKey]?.path = path
                }
            }
            pathsOf[key] = now.isEmpty ? nil : Set(now.keys)
        }
    }

    /// `Northwind Outdoor (7301846290153840001)`, or the id alone.
    public var title: String {
        businessCenter.name.map { "\($0) (\(businessCenter.id))" } ?? businessCenter.id
    }

    /// `nw-us (ad_account 7301846290153850101)`, or the type and id for an asset the config does not declare.
    public func display(_ ref: AssetRef) -> String {
        PlanAssetRef(type: ref.type, id: ref.id, key: keys[ref]).display
    }

    /// `asset nw-us (ad_account 7301…)`, `member ana@acme.example`, `partner 7000…`, `all access`.
    public var subjectWords: String {
        switch subject {
        case .everything: "all access"
        case .member(let email): "member \(email)"
        case .partner(let id): "partner \(id)"
        case .asset(let ref): "asset \(display(ref))"
        }
    }

    /// `at 2027-01-15T00:00:00Z`, `from … until …`, `over the whole record`.
    public var windowWords: String {
        switch window {
        case .always: "over the whole record"
        case .at(let moment): "at \(Clock.format(moment))"
        case .between(let since, let until):
            [since.map { "from \(Clock.format($0))" }, until.map { "until \(Clock.format($0))" }]
                .compactMap { $0 }.joined(separator: " ")
        }
    }

    /// Whether the window reaches before the first record, where nothing is known.
    public var windowPrecedesRecord: Bool {
        guard let first = firstRecord?.time else { return false }
        switch window {
        case .always: return false
        case .at(let moment): return moment < first
        case .between(let since, _): return since.map { $0 < first } ?? true
        }
    }
}
