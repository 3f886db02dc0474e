import Foundation

/// Who could reach what, by which path, over time (`bcplan history`): the recorded states
/// folded in order into intervals of access, then narrowed to one subject and one window.
///
/// A pure function of the writes of the state (each with the Business Center it recorded) and
/// the config (for asset keys and declared terms). Intervals are sorted by asset, route,
/// principal and start.
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

    /// - Parameter revisions: every write of the state with the Business Center it recorded, oldest first.
    public init(
        revisions: [(revision: HistoryRevision, snapshot: Snapshot)], config: Config, subject: HistorySubject,
        window: HistoryWindow
    ) {
        businessCenter = BusinessCenterInfo(
            id: config.businessCenterID,
            name: config.businessCenterName ?? revisions.last?.snapshot.businessCenter.name)
        self.subject = subject
        self.window = window
        self.revisions = revisions.count
        firstRecord = revisions.first?.revision
        lastRecord = revisions.last?.revision
        keys = Dictionary(
            config.assets.map { (AssetRef(type: $0.type, id: $0.id), $0.key) }, uniquingKeysWith: { first, _ in first })
        let declared = DeclaredTerms(config)
        var open: [AccessInterval.Key: AccessInterval] = [:]
        var closed: [AccessInterval] = []
        var names: [AssetRef: String] = [:]
        for (revision, snapshot) in revisions {
            for asset in snapshot.assets { if let name = asset.name { names[asset.ref] = name } }
            var now: [AccessInterval.Key: AccessPath] = [:]
            for path in AccessAuditor.paths(of: snapshot, declared: declared) where subject.covers(path) {
                now[AccessInterval.Key(path)] = path
            }
            for key in open.keys.sorted() where now[key] == nil {
                var ended = open.removeValue(forKey: key)!
                ended.end = revision
                closed.append(ended)
            }
            for (key, path) in now {
                if open[key] == nil {
                    open[key] = AccessInterval(key: key, path: path, start: revision, end: nil)
                } else {
                    open[key]?.path = path
                }
            }
        }
        self.names = names
        intervals = (closed + open.values).filter { interval in
            window.overlaps(start: interval.start.time, end: interval.end?.time)
        }.sorted { $0.sortKey < $1.sortKey }
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
