import BCPlanPostgres
import Foundation
import Synchronization

/// The PostgreSQL backend (DESIGN §3): one workspace per Business Center in bcplan's own schema
/// (`PostgresSchema`), many workspaces in one database. The connection string comes only from
/// the environment variable `url_env` names and appears in no message.
///
/// **The lock is a lease row** in `locks`: holder (id, host, pid, user, operation, since),
/// `lease_until`, and a `generation` that grows on every take. The holder renews the lease while
/// it works (`LeaseRenewer`); a lease past its end may be taken over (with a notice naming the old
/// holder), and so may a lease whose holder ran on this machine and no longer runs. Every write
/// checks, in its own statement, that the writer's generation is still the row's (a fencing
/// token), so a holder that lost its lease while stopped cannot write when it wakes. Only
/// statements that work through PgBouncer in transaction mode are used (no session advisory
/// lock, no prepared statement, no SET); lease times come from the server's clock
/// (`clock_timestamp()`), never from the clients'.
///
/// What it relies on, in PostgreSQL 15: `SELECT … FOR UPDATE` and `FOR SHARE` lock the rows they
/// return until the transaction ends, and FOR UPDATE waits for FOR SHARE and the reverse
/// (https://www.postgresql.org/docs/15/explicit-locking.html#LOCKING-ROWS); in READ COMMITTED a
/// statement that waited for a row lock works on the row's newest version
/// (https://www.postgresql.org/docs/15/transaction-iso.html#XACT-READ-COMMITTED); a single
/// statement, data-modifying WITH parts included, commits or fails as a whole
/// (https://www.postgresql.org/docs/15/queries-with.html#QUERIES-WITH-MODIFYING); REPEATABLE READ
/// READ ONLY gives a reader one snapshot across its statements
/// (https://www.postgresql.org/docs/15/transaction-iso.html#XACT-REPEATABLE-READ);
/// `INSERT … ON CONFLICT` (https://www.postgresql.org/docs/15/sql-insert.html#SQL-ON-CONFLICT).
public final class PostgresStateStore: StateStore {
    public let postgres: PostgresStateLocation
    private let connectionString: String?
    /// Seconds a lease lasts without renewal (`BCPLAN_LOCK_LEASE_SECONDS`, default 30).
    let leaseSeconds: Double
    private let connection = Mutex<PostgresConnection?>(nil)

    public static let defaultLeaseSeconds = 30.0
    /// The application name the server shows for bcplan's connections (`pg_stat_activity`).
    static let applicationName = "bcplan"

    public init(location: PostgresStateLocation, connectionString: String?, environment: [String: String]) {
        postgres = location
        self.connectionString = connectionString
        leaseSeconds = environment["BCPLAN_LOCK_LEASE_SECONDS"].flatMap(Double.init).map { max($0, 1) } ?? Self.defaultLeaseSeconds
    }

    deinit {
        connection.withLock { $0?.close() }
    }

    public var location: StateLocation { .postgres(postgres) }

    /// `"bcplan".workspaces` for `workspaces`: the schema is checked by the config's rule, so it is
    /// quoted as it is.
    func table(_ name: String) -> String { "\"\(postgres.schema)\".\(name)" }

    // MARK: Connections

    /// A new connection (the lease renewer has its own).
    func connect() throws(StateStoreError) -> PostgresConnection {
        guard let connectionString, !connectionString.isEmpty else { throw .noDatabaseURL(location: postgres) }
        do {
            return try PostgresConnection.connect(connectionString, applicationName: Self.applicationName)
        } catch {
            throw .database(location: postgres, error)
        }
    }

    /// The store's connection, opened on first use; with `create`, bcplan's tables are created or
    /// migrated first. Nil when the tables are not there and `create` is false (nothing recorded).
    func session(create: Bool) throws(StateStoreError) -> PostgresConnection? {
        if let open = connection.withLock({ $0 }) { return open }
        let opened = try connect()
        let version: Int
        do {
            version = try PostgresSchema.version(opened, schema: postgres.schema)
        } catch {
            opened.close()
            throw .database(location: postgres, error)
        }
        guard version <= PostgresSchema.latest else {
            opened.close()
            throw .schemaTooNew(location: postgres, found: version, known: PostgresSchema.latest)
        }
        if version < PostgresSchema.latest {
            guard create || version > 0 else {
                opened.close()
                return nil
            }
            do {
                try PostgresSchema.migrate(opened, schema: postgres.schema, bcplanVersion: BCPlanVersion.current)
            } catch {
                opened.close()
                throw .database(location: postgres, error)
            }
        }
        return connection.withLock { current in
            if let current {
                opened.close()
                return current
            }
            current = opened
            return opened
        }
    }

    /// Runs `body` on the store's connection, wording its failures.
    func run<T>(create: Bool, _ body: (PostgresConnection) throws(PostgresError) -> T) throws(StateStoreError) -> T? {
        guard let connection = try session(create: create) else { return nil }
        do {
            return try body(connection)
        } catch {
            throw .database(location: postgres, error)
        }
    }

    // MARK: Reading

    public func read() throws(StateStoreError) -> RecordedState? {
        try readWorkspace()?.state
    }

    /// The workspace's state and the id of its audit chain; nil before its first write.
    ///
    /// Two statements in one REPEATABLE READ READ ONLY transaction, so one snapshot of the
    /// database: the workspace's row, then its objects unsorted (the server only scans; sorting
    /// 15,000 rows there spills to disk with the default work_mem). Here they are put back in
    /// their order and each kind's bodies joined into one JSON array: three values to parse, not
    /// 15,000.
    func readWorkspace() throws(StateStoreError) -> (state: RecordedState, chain: String)? {
        let rows = try run(create: false) { (connection) throws(PostgresError) in
            try connection.transaction(begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") { (transaction) throws(PostgresError) in
                let head = try transaction.query(
                    """
                    SELECT lineage, serial, refreshed_at, business_center::text, audit_chain, audit_lines, audit_sha256
                    FROM \(table("workspaces")) WHERE name = $1
                    """, [postgres.workspace])
                let objects = try transaction.query(
                    "SELECT kind, position, body::text FROM \(table("objects")) WHERE workspace = $1", [postgres.workspace])
                return (head, objects)
            }
        }
        guard let (head, objects) = rows, head.rowCount == 1 else { return nil }
        do throws(JSONShapeError) {
            guard let lineage = head.string(0, 0), let serial = head.int(0, 1), let chain = head.string(0, 4),
                  let lines = head.int(0, 5), let sha256 = head.string(0, 6) else {
                throw JSONShapeError("the workspace row has an empty column")
            }
            var document: [String: JSONValue] = ["business_center": try Self.json(head, 0, 3)]
            var positions: [SnapshotObjectKey.Kind: [(position: Int, row: Int)]] = [:]
            for row in 0..<objects.rowCount {
                guard let kindText = objects.string(row, 0), let kind = SnapshotObjectKey.Kind(rawValue: kindText),
                      let position = objects.int(row, 1) else {
                    throw JSONShapeError("object row \(row + 1) has kind '\(objects.string(row, 0) ?? "")'")
                }
                positions[kind, default: []].append((position, row))
            }
            for kind in SnapshotObjectKey.Kind.allCases {
                var list: [UInt8] = [UInt8(ascii: "[")]
                for (index, entry) in (positions[kind] ?? []).sorted(by: { $0.position < $1.position }).enumerated() {
                    if index > 0 { list.append(UInt8(ascii: ",")) }
                    objects.withBytes(entry.row, 2) { bytes in if let bytes { list.append(contentsOf: bytes) } }
                }
                list.append(UInt8(ascii: "]"))
                do {
                    document[kind.listKey] = try JSONParser.parse(list)
                } catch {
                    throw JSONShapeError("the \(kind.listKey) do not parse: \(error)")
                }
            }
            let state = RecordedState(
                lineage: lineage, serial: serial, refreshedAt: head.string(0, 2),
                snapshot: try Snapshot(json: .object(document), path: ""),
                auditHead: lines == 0 && sha256 == AuditLog.zeroHash ? nil : AuditHead(lines: lines, sha256: sha256))
            return (state, chain)
        } catch {
            throw .corrupt(location: postgres, reason: error.message)
        }
    }

    /// A JSON column (selected as text), parsed.
    static func json(_ result: PostgresResult, _ row: Int, _ column: Int) throws(JSONShapeError) -> JSONValue {
        let parsed = result.withBytes(row, column) { bytes -> Result<JSONValue, JSONShapeError> in
            guard let bytes else { return .failure(JSONShapeError("a JSON column is empty")) }
            do {
                return .success(try JSONParser.parse(Array(bytes)))
            } catch {
                return .failure(JSONShapeError("a JSON column does not parse: \(error)"))
            }
        }
        return try parsed.get()
    }

    public func recordedAuditHead() throws(StateStoreError) -> AuditHead? {
        let result = try run(create: false) { (connection) throws(PostgresError) in
            try connection.query(
                "SELECT audit_lines, audit_sha256 FROM \(table("workspaces")) WHERE name = $1", [postgres.workspace])
        }
        guard let result, result.rowCount == 1, let lines = result.int(0, 0), let sha256 = result.string(0, 1),
              lines > 0 else { return nil }
        return AuditHead(lines: lines, sha256: sha256)
    }

    /// The label of the audit log in messages ("workspace 'x' (PostgreSQL, schema bcplan)").
    var auditLabel: String { "workspace '\(postgres.workspace)' (PostgreSQL, schema \(postgres.schema))" }

    public func auditEntries() throws(StateStoreError) -> [AuditEntry]? {
        guard let rows = try auditRows() else { return nil }
        return rows.map(\.entry)
    }

    /// The current chain's rows in order: each entry with the hash it records for the line before.
    func auditRows() throws(StateStoreError) -> [(entry: AuditEntry, previousSHA256: String)]? {
        let result = try run(create: false) { (connection) throws(PostgresError) in
            try connection.query(
                """
                SELECT a.time, a.actor, a.action, a.kind, a.result, a.request_id, a.message, a.attempts, a.prev_sha256
                FROM \(table("audit")) a JOIN \(table("workspaces")) w ON w.name = a.workspace AND w.audit_chain = a.chain
                WHERE a.workspace = $1 ORDER BY a.seq
                """, [postgres.workspace])
        }
        guard let result, result.rowCount > 0 else { return nil }
        var rows: [(entry: AuditEntry, previousSHA256: String)] = []
        rows.reserveCapacity(result.rowCount)
        for row in 0..<result.rowCount {
            guard let resultText = result.string(row, 4), let outcome = AuditResult(rawValue: resultText) else {
                throw .corrupt(location: postgres, reason: "audit row \(row + 1) has result '\(result.string(row, 4) ?? "")'")
            }
            let entry = AuditEntry(
                time: result.string(row, 0) ?? "", actor: result.string(row, 1) ?? "", action: result.string(row, 2) ?? "",
                kind: result.string(row, 3) ?? "", result: outcome, requestID: result.string(row, 5),
                message: result.string(row, 6), attempts: result.int(row, 7) ?? 0)
            rows.append((entry, result.string(row, 8) ?? ""))
        }
        return rows
    }

    public func verifyAudit(expectedHead: AuditHead?) throws(StateStoreError) -> AuditVerification? {
        let rows = try auditRows() ?? []
        if rows.isEmpty, (expectedHead?.lines ?? 0) == 0 { return nil }
        var chain = AuditChain(path: auditLabel, expectedHead: expectedHead)
        for row in rows {
            // The line the file backend would hold for this row: what the chain hashes.
            guard chain.add(ArraySlice(row.entry.line(previousSHA256: row.previousSHA256).utf8)) else { break }
        }
        return chain.verification(incompleteLastLine: false)
    }

    public func history(limit: Int?) throws(StateStoreError) -> [StateHistoryEntry] {
        let result = try run(create: false) { (connection) throws(PostgresError) in
            try connection.query(
                """
                SELECT serial, lineage, time, operation, actor, lock_id, action, result, members, partners, assets
                FROM \(table("history")) WHERE workspace = $1 ORDER BY id DESC LIMIT $2
                """, [postgres.workspace, limit.map(String.init)])
        }
        guard let result else { return [] }
        return (0..<result.rowCount).map { row in
            StateHistoryEntry(
                serial: result.int(row, 0) ?? 0, lineage: result.string(row, 1) ?? "", time: result.string(row, 2) ?? "",
                operation: result.string(row, 3) ?? "", actor: result.string(row, 4) ?? "", lockID: result.string(row, 5),
                action: result.string(row, 6), result: result.string(row, 7).flatMap(AuditResult.init(rawValue:)),
                members: result.int(row, 8) ?? 0, partners: result.int(row, 9) ?? 0, assets: result.int(row, 10) ?? 0)
        }
    }

    public func writes() throws(StateStoreError) -> [RecordedWrite] {
        let result = try run(create: false) { (connection) throws(PostgresError) in
            try connection.query(
                """
                SELECT serial, lineage, time, operation, actor, lock_id, action, result, members, partners, assets, changes
                FROM \(table("history")) WHERE workspace = $1 ORDER BY id
                """, [postgres.workspace])
        }
        guard let result else { return [] }
        var writes: [RecordedWrite] = []
        writes.reserveCapacity(result.rowCount)
        for row in 0..<result.rowCount {
            let entry = StateHistoryEntry(
                serial: result.int(row, 0) ?? 0, lineage: result.string(row, 1) ?? "", time: result.string(row, 2) ?? "",
                operation: result.string(row, 3) ?? "", actor: result.string(row, 4) ?? "", lockID: result.string(row, 5),
                action: result.string(row, 6), result: result.string(row, 7).flatMap(AuditResult.init(rawValue:)),
                members: result.int(row, 8) ?? 0, partners: result.int(row, 9) ?? 0, assets: result.int(row, 10) ?? 0)
            var changes: SnapshotChanges?
            if let text = result.string(row, 11) {
                do {
                    guard case .object(let fields) = try JSONParser.parse(Array(text.utf8)) else {
                        throw JSONShapeError("expected an object")
                    }
                    changes = try SnapshotChanges(json: fields, path: "changes.")
                } catch {
                    throw .corrupt(location: postgres, reason: "the history row of serial \(entry.serial) holds no readable changes: \(error)")
                }
            }
            writes.append(RecordedWrite(entry: entry, changes: changes))
        }
        return writes
    }

    public func workspaces() throws(StateStoreError) -> [WorkspaceSummary] {
        let result = try run(create: false) { (connection) throws(PostgresError) in
            try connection.query(
                """
                SELECT w.name, w.serial, w.lineage,
                    (SELECT h.time FROM \(table("history")) h WHERE h.workspace = w.name AND h.operation = 'apply'
                     ORDER BY h.id DESC LIMIT 1),
                    \(Self.holderColumns("l"))
                FROM \(table("workspaces")) w LEFT JOIN \(table("locks")) l ON l.workspace = w.name AND l.lock_id IS NOT NULL
                ORDER BY w.name
                """)
        }
        guard let result else { return [] }
        return (0..<result.rowCount).map { row in
            WorkspaceSummary(
                name: result.string(row, 0) ?? "", serial: result.int(row, 1) ?? 0, lineage: result.string(row, 2) ?? "",
                lastApply: result.string(row, 3), holder: Self.holder(result, row, from: 4),
                leaseUntil: result.string(row, 11))
        }
    }

    // MARK: The lease lock

    /// The holder's columns of `locks` (as `alias`), in the order `holder(_:_:from:)` reads them,
    /// then `lease_until` in RFC 3339 and whether it has passed, by the server's clock.
    static func holderColumns(_ alias: String) -> String {
        """
        \(alias).lock_id, \(alias).host, \(alias).pid, \(alias).user_name, \(alias).created_at, \(alias).operation, \(alias).machine,
        to_char(\(alias).lease_until AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
        \(alias).lease_until < clock_timestamp()
        """
    }

    /// The holder from `holderColumns`, starting at `column`; nil when nobody holds the lock.
    static func holder(_ result: PostgresResult, _ row: Int, from column: Int) -> LockInfo? {
        guard let id = result.string(row, column) else { return nil }
        return LockInfo(
            id: id, host: result.string(row, column + 1) ?? "?", pid: Int32(result.int(row, column + 2) ?? 0),
            user: result.string(row, column + 3) ?? "?", createdAt: result.string(row, column + 4) ?? "?",
            operation: result.string(row, column + 5) ?? "?")
    }

    private enum Attempt {
        case taken(generation: Int, notice: String?)
        case held(LockInfo, leaseUntil: String)
    }

    public func lock(_ request: StateLockRequest, notice: (String) -> Void) throws(StateStoreError) -> any StateWriter {
        guard let connection = try session(create: true) else { throw .noDatabaseURL(location: postgres) }
        let info = LockInfo.current(operation: request.operation, now: request.now)
        let clock = ContinuousClock()
        let started = clock.now
        let timeout = max(request.timeout, 0)
        while true {
            let attempt: Attempt
            do {
                attempt = try take(info, on: connection)
            } catch {
                throw .database(location: postgres, error)
            }
            switch attempt {
            case .taken(let generation, let takeover):
                if let takeover { notice(takeover) }
                let found: (state: RecordedState, chain: String)?
                do {
                    found = try readWorkspace()
                } catch {
                    releaseLock(generation: generation, lockID: info.id, on: connection)
                    throw error
                }
                return PostgresStateWriter(
                    store: self, connection: connection, lock: info, generation: generation, recorded: found?.state,
                    chain: found?.chain)
            case .held(let holder, let leaseUntil):
                let waited = started.duration(to: clock.now)
                let seconds = Double(waited.components.seconds) + Double(waited.components.attoseconds) / 1e18
                guard seconds < timeout, !request.stopRequested() else {
                    throw .held(
                        location: postgres, holder: holder, leaseUntil: leaseUntil, waited: timeout,
                        configArgument: request.configArgument)
                }
                // Poll with jitter, so waiters do not knock in step.
                Thread.sleep(forTimeInterval: min(timeout - seconds, 0.3 + Double.random(in: 0...0.4)))
            }
        }
    }

    /// One look at the lock row, in one transaction: take it when it is free, its lease has
    /// ended, or its holder ran on this machine and is gone.
    private func take(_ info: LockInfo, on connection: PostgresConnection) throws(PostgresError) -> Attempt {
        try connection.transaction { (transaction) throws(PostgresError) -> Attempt in
            try transaction.query(
                "INSERT INTO \(table("locks")) (workspace) VALUES ($1) ON CONFLICT (workspace) DO NOTHING", [postgres.workspace])
            let current = try transaction.query(
                "SELECT \(Self.holderColumns("l")) FROM \(table("locks")) l WHERE l.workspace = $1 FOR UPDATE",
                [postgres.workspace])
            var takeover: String?
            if let holder = Self.holder(current, 0, from: 0) {
                let leaseUntil = current.string(0, 7) ?? "?"
                let expired = current.bool(0, 8) ?? true
                let machine = current.string(0, 6)
                if machine == MachineIdentity.current, !MachineIdentity.processExists(holder.pid) {
                    takeover = "notice: reclaimed the lock \(holder.id) left by \(holder.operation) (pid \(holder.pid) on this host, which no longer runs)"
                } else if expired {
                    takeover = "notice: took over the lock of \(holder.holderDescription): its lease ended at \(leaseUntil) without renewal"
                } else {
                    return .held(holder, leaseUntil: leaseUntil)
                }
            }
            let taken = try transaction.query(
                """
                UPDATE \(table("locks")) SET generation = generation + 1, lock_id = $2, operation = $3, user_name = $4,
                    host = $5, pid = $6, created_at = $7, machine = $8, taken_at = clock_timestamp(),
                    lease_until = clock_timestamp() + make_interval(secs => $9::double precision)
                WHERE workspace = $1 RETURNING generation
                """,
                [postgres.workspace, info.id, info.operation, info.user, info.host, String(info.pid), info.createdAt,
                 MachineIdentity.current, String(leaseSeconds)])
            return .taken(generation: taken.int(0, 0) ?? 0, notice: takeover)
        }
    }

    public func forceUnlock(id: String) throws(StateStoreError) -> LockInfo? {
        enum Outcome {
            case removed(LockInfo)
            case notLocked
            case other(String)
        }
        let outcome = try run(create: false) { (connection) throws(PostgresError) -> Outcome in
            try connection.transaction { (transaction) throws(PostgresError) -> Outcome in
                let current = try transaction.query(
                    "SELECT \(Self.holderColumns("l")) FROM \(table("locks")) l WHERE l.workspace = $1 FOR UPDATE",
                    [postgres.workspace])
                guard current.rowCount == 1, let holder = Self.holder(current, 0, from: 0) else { return .notLocked }
                guard holder.id.lowercased() == id.lowercased() else { return .other(holder.id) }
                // A new generation: the holder, should it still run, can write nothing more.
                try transaction.query(
                    """
                    UPDATE \(table("locks")) SET generation = generation + 1, lock_id = NULL, operation = NULL,
                        user_name = NULL, host = NULL, pid = NULL, created_at = NULL, machine = NULL, taken_at = NULL,
                        lease_until = NULL
                    WHERE workspace = $1
                    """, [postgres.workspace])
                return .removed(holder)
            }
        }
        switch outcome {
        case .removed(let holder)?: return holder
        case .notLocked?, nil: throw .notLocked(location: postgres)
        case .other(let found)?: throw .otherID(location: postgres, found: found, given: id)
        }
    }

    /// Frees the lock row if it still carries `generation`; a server that cannot be reached
    /// leaves the lease to run out.
    func releaseLock(generation: Int, lockID: String, on connection: PostgresConnection) {
        _ = try? connection.query(
            """
            UPDATE \(table("locks")) SET lock_id = NULL, operation = NULL, user_name = NULL, host = NULL, pid = NULL,
                created_at = NULL, machine = NULL, taken_at = NULL, lease_until = NULL
            WHERE workspace = $1 AND generation = $2::bigint AND lock_id = $3
            """, [postgres.workspace, String(generation), lockID])
    }

    /// Who holds the lock now, if anyone (for messages).
    func currentHolder(on connection: PostgresConnection) -> LockInfo? {
        guard let result = try? connection.query(
            "SELECT \(Self.holderColumns("l")) FROM \(table("locks")) l WHERE l.workspace = $1", [postgres.workspace]),
            result.rowCount == 1 else { return nil }
        return Self.holder(result, 0, from: 0)
    }
}
