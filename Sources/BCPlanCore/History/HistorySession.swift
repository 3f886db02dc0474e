import Foundation

/// `bcplan history` without the command line: the recorded state's writes (`StateStore.writes`)
/// replayed into intervals of access (`AccessHistory`), narrowed to what was asked. Reads only the
/// store; takes no lock.
public enum HistorySession {
    public struct Request: Sendable {
        public var configPath: String
        public var query: HistoryQuery
        public var format: HistoryFormat
        public var environment: [String: String]

        public init(
            configPath: String, query: HistoryQuery = HistoryQuery(), format: HistoryFormat = .text,
            environment: [String: String] = ProcessInfo.processInfo.environment
        ) {
            self.configPath = configPath
            self.query = query
            self.format = format
            self.environment = environment
        }
    }

    /// The history asked for.
    public static func history(_ request: Request) throws(CommandFailure) -> AccessHistory {
        let context = try SessionContext(configPath: request.configPath, environment: request.environment)
        let writes: [RecordedWrite]
        do {
            writes = try context.store.writes()
        } catch {
            throw .error(error)
        }
        let revisions = try replay(writes, store: context.store.location)
        var known: Set<AssetRef> = []
        for write in writes {
            for case .asset(let asset) in write.changes?.set ?? [] { known.insert(asset.ref) }
        }
        let (subject, window) = try request.query.resolved(config: context.config, knownAssets: known)
        return AccessHistory(writes: revisions, config: context.config, subject: subject, window: window)
    }

    /// Prints the history and returns the exit code (0: a history that shows nothing is an answer too).
    public static func run(_ request: Request, output: CommandOutput) throws(CommandFailure) -> Int32 {
        output.standard(request.format.renderer.render(try history(request)))
        return ExitStatus.success
    }

    /// Every write with its cause and what it changed, oldest first; refused when a write's
    /// changes were not kept.
    static func replay(
        _ writes: [RecordedWrite], store: StateLocation
    ) throws(CommandFailure) -> [(revision: HistoryRevision, changes: SnapshotChanges)] {
        var revisions: [(revision: HistoryRevision, changes: SnapshotChanges)] = []
        revisions.reserveCapacity(writes.count)
        for write in writes {
            let entry = write.entry
            guard let changes = write.changes else {
                throw .error("the history of \(store) holds writes from before it kept what each write changed "
                    + "(serial \(entry.serial) of \(entry.time)); bcplan history cannot replay it")
            }
            guard let time = Clock.parse(entry.time) else {
                throw .error("the history of \(store) has serial \(entry.serial) at '\(entry.time)', which is not an RFC 3339 time")
            }
            let cause: HistoryRevision.Cause
            if entry.serial == 1 {
                cause = .firstRecord
            } else if let action = entry.action {
                cause = .action(action, result: entry.result)
            } else if entry.operation == "push" {
                cause = .push
            } else {
                cause = .drift
            }
            revisions.append((
                HistoryRevision(serial: entry.serial, time: time, operation: entry.operation, actor: entry.actor, cause: cause),
                changes))
        }
        return revisions
    }
}
