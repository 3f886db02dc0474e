import BCPlanPostgres
import Foundation
import Synchronization

/// Holds a PostgreSQL workspace's lease lock (`PostgresStateStore.lock`) and writes its state:
/// each commit is one statement, so one transaction: the objects the change sets and removes,
/// serial + 1, its history row and its audit row, all only if the lock row still carries this
/// writer's generation (the fencing token).
final class PostgresStateWriter: StateWriter {
    let store: PostgresStateStore
    let lock: LockInfo
    let recorded: RecordedState?
    private let connection: PostgresConnection
    private let generation: Int
    private let renewer: LeaseRenewer
    private let writing: Mutex<Writing>

    private struct Writing {
        var chain: String
        var auditHead: AuditHead
        /// The first write that failed: later ones are refused the same way.
        var failure: StateStoreError?
        var released = false
    }

    init(
        store: PostgresStateStore, connection: PostgresConnection, lock: LockInfo, generation: Int,
        recorded: RecordedState?, chain: String?
    ) {
        self.store = store
        self.connection = connection
        self.lock = lock
        self.generation = generation
        self.recorded = recorded
        renewer = LeaseRenewer(store: store, generation: generation, lockID: lock.id)
        writing = Mutex(Writing(
            chain: chain ?? UUID().uuidString.lowercased(), auditHead: recorded?.auditHead ?? .empty))
        renewer.start()
    }

    deinit {
        release()
    }

    private var location: PostgresStateLocation { store.postgres }

    @discardableResult
    func commit(_ change: StateChange, audit entry: AuditEntry?) throws(StateStoreError) -> AuditHead? {
        try writing.withLock { (state: inout Writing) throws(StateStoreError) -> AuditHead? in
            if let failure = state.failure { throw failure }
            var head = state.auditHead
            var auditRow: JSONValue = .null
            if let entry {
                let line = entry.line(previousSHA256: head.sha256)
                auditRow = Self.auditRow(entry, previousSHA256: head.sha256)
                head = AuditHead(lines: head.lines + 1, sha256: SHA256.hex(line))
            }
            let objects = JSONValue.array(change.snapshot.set.map { object in
                .object(["kind": .string(object.key.kind.rawValue), "key": .string(object.key.id), "body": object.json])
            })
            let t = store.table
            // One DELETE per removed object, naming all of the primary key: the planner then looks
            // it up in the index whatever its statistics say of the workspace (with the keys in an
            // array or a join, a workspace it thinks small is scanned whole). Parameters from $16.
            let removals = change.snapshot.removed.indices.map { index in
                """
                , removed\(index) AS (
                    DELETE FROM \(t("objects")) o USING ws
                    WHERE o.workspace = $1 AND o.kind = $\(16 + 2 * index) AND o.key = $\(17 + 2 * index)
                )
                """
            }.joined()
            let removedKeys = change.snapshot.removed.flatMap { [$0.kind.rawValue, $0.id] as [String?] }
            let result: PostgresResult
            do throws(PostgresError) {
                result = try connection.query(
                    """
                    WITH fence AS (
                        SELECT 1 FROM \(t("locks")) WHERE workspace = $1 AND generation = $2::bigint AND lock_id = $3 FOR SHARE
                    ), ws AS (
                        INSERT INTO \(t("workspaces")) AS w (name, lineage, serial, refreshed_at, business_center, audit_chain,
                            audit_lines, audit_sha256, next_position)
                        SELECT $1, $5, $4::bigint, $6, coalesce($7::jsonb, '{}'::jsonb), $8, $9::bigint, $10, $11::bigint FROM fence
                        ON CONFLICT (name) DO UPDATE SET serial = EXCLUDED.serial, refreshed_at = EXCLUDED.refreshed_at,
                            business_center = coalesce($7::jsonb, w.business_center), audit_chain = EXCLUDED.audit_chain,
                            audit_lines = EXCLUDED.audit_lines, audit_sha256 = EXCLUDED.audit_sha256,
                            next_position = w.next_position + EXCLUDED.next_position, updated_at = now()
                        WHERE w.serial = EXCLUDED.serial - 1 AND w.lineage = EXCLUDED.lineage
                        RETURNING w.next_position - $11::bigint AS base
                    )\(removals), upserted AS (
                        INSERT INTO \(t("objects")) (workspace, kind, key, position, body)
                        SELECT $1, e.value->>'kind', e.value->>'key', ws.base + e.ordinality, e.value->'body'
                        FROM ws, json_array_elements($12::json) WITH ORDINALITY AS e(value, ordinality)
                        ON CONFLICT (workspace, kind, key) DO UPDATE SET body = EXCLUDED.body
                    ), history AS (
                        INSERT INTO \(t("history")) (workspace, serial, lineage, time, operation, actor, lock_id, action, result,
                            members, partners, assets, changes)
                        SELECT $1, $4::bigint, $5, h.time, h.operation, h.actor, h.lock, h.action, h.result, h.members,
                            h.partners, h.assets, $15::json
                        FROM ws, jsonb_to_record($13::jsonb) AS h(time text, operation text, actor text, lock text, action text,
                            result text, members integer, partners integer, assets integer)
                    ), audit AS (
                        INSERT INTO \(t("audit")) (workspace, chain, seq, time, actor, action, kind, result, request_id, message,
                            attempts, prev_sha256)
                        SELECT $1, $8, $9::bigint, a.time, a.actor, a.action, a.kind, a.result, a.request_id, a.message,
                            a.attempts, a.prev_sha256
                        FROM ws, jsonb_to_record($14::jsonb) AS a(time text, actor text, action text, kind text, result text,
                            request_id text, message text, attempts integer, prev_sha256 text)
                        WHERE $14::jsonb IS NOT NULL
                    )
                    SELECT (SELECT count(*) FROM fence), (SELECT count(*) FROM ws)
                    """,
                    [location.workspace, String(generation), lock.id, String(change.serial), change.lineage, change.refreshedAt,
                     change.snapshot.businessCenter.map { $0.json.compact() }, state.chain, String(head.lines), head.sha256,
                     String(change.snapshot.set.count), objects.compact(), change.entry.json.compact(),
                     auditRow == .null ? nil : auditRow.compact(), JSONValue.object(change.snapshot.json).compact()] + removedKeys)
            } catch {
                state.failure = .database(location: location, error)
                throw state.failure!
            }
            guard result.int(0, 0) == 1 else {
                state.failure = .takenOver(location: location, lockID: lock.id, by: store.currentHolder(on: connection))
                throw state.failure!
            }
            guard result.int(0, 1) == 1 else {
                state.failure = .changedUnderLock(location: location, expectedSerial: change.serial - 1)
                throw state.failure!
            }
            state.auditHead = head
            return head.lines > 0 ? head : nil
        }
    }

    /// Every commit is the state already.
    func checkpoint(_ state: RecordedState) throws(StateStoreError) {}

    func replace(_ recordedState: RecordedState, audit entries: [AuditEntry], entry: StateHistoryEntry) throws(StateStoreError) {
        try writing.withLock { (state: inout Writing) throws(StateStoreError) in
            if let failure = state.failure { throw failure }
            // The lines the pushed log would hold, and whether it extends the current one.
            let lines = AuditLog.chained(entries)
            let hashes = lines.map(\.sha256)
            let current = state.auditHead
            let extends = current.lines == 0 || (hashes.count >= current.lines && hashes[current.lines - 1] == current.sha256)
            let chain = extends ? state.chain : UUID().uuidString.lowercased()
            let first = extends ? current.lines : 0
            let rows = JSONValue.array(zip(entries, lines).enumerated().dropFirst(first).map { index, pair in
                var row = Self.auditRow(pair.0, previousSHA256: pair.1.previousSHA256)
                if case .object(var fields) = row {
                    fields["seq"] = .int(index + 1)
                    row = .object(fields)
                }
                return row
            })
            let snapshot = recordedState.snapshot
            let objects = JSONValue.array(
                (snapshot.members.map(SnapshotObject.member) + snapshot.partners.map(SnapshotObject.partner)
                    + snapshot.assets.map(SnapshotObject.asset)).map { object in
                    .object(["kind": .string(object.key.kind.rawValue), "key": .string(object.key.id), "body": object.json])
                })
            let head = recordedState.auditHead ?? .empty
            // What the push changes, for the history's replay.
            let pushedChanges = JSONValue.object(SnapshotChanges.between(recorded?.snapshot, snapshot).json).compact()
            let t = store.table
            let fenced: Bool
            do throws(PostgresError) {
                fenced = try connection.transaction { (transaction) throws(PostgresError) -> Bool in
                    let fence = try transaction.query(
                        "SELECT 1 FROM \(t("locks")) WHERE workspace = $1 AND generation = $2::bigint AND lock_id = $3 FOR SHARE",
                        [location.workspace, String(generation), lock.id])
                    guard fence.rowCount == 1 else { return false }
                    try transaction.query("DELETE FROM \(t("objects")) WHERE workspace = $1", [location.workspace])
                    try transaction.query(
                        """
                        INSERT INTO \(t("workspaces")) AS w (name, lineage, serial, refreshed_at, business_center, audit_chain,
                            audit_lines, audit_sha256, next_position)
                        VALUES ($1, $2, $3::bigint, $4, $5::jsonb, $6, $7::bigint, $8, $9::bigint)
                        ON CONFLICT (name) DO UPDATE SET lineage = EXCLUDED.lineage, serial = EXCLUDED.serial,
                            refreshed_at = EXCLUDED.refreshed_at, business_center = EXCLUDED.business_center,
                            audit_chain = EXCLUDED.audit_chain, audit_lines = EXCLUDED.audit_lines,
                            audit_sha256 = EXCLUDED.audit_sha256, next_position = EXCLUDED.next_position, updated_at = now()
                        """,
                        [location.workspace, recordedState.lineage, String(recordedState.serial), recordedState.refreshedAt,
                         snapshot.businessCenter.json.compact(), chain, String(head.lines), head.sha256,
                         String(snapshot.members.count + snapshot.partners.count + snapshot.assets.count)])
                    try transaction.query(
                        """
                        INSERT INTO \(t("objects")) (workspace, kind, key, position, body)
                        SELECT $1, e.value->>'kind', e.value->>'key', e.ordinality - 1, e.value->'body'
                        FROM json_array_elements($2::json) WITH ORDINALITY AS e(value, ordinality)
                        """, [location.workspace, objects.compact()])
                    try transaction.query(
                        """
                        INSERT INTO \(t("audit")) (workspace, chain, seq, time, actor, action, kind, result, request_id, message,
                            attempts, prev_sha256)
                        SELECT $1, $2, a.seq, a.time, a.actor, a.action, a.kind, a.result, a.request_id, a.message, a.attempts,
                            a.prev_sha256
                        FROM jsonb_to_recordset($3::jsonb) AS a(seq bigint, time text, actor text, action text, kind text,
                            result text, request_id text, message text, attempts integer, prev_sha256 text)
                        """, [location.workspace, chain, rows.compact()])
                    try transaction.query(
                        """
                        INSERT INTO \(t("history")) (workspace, serial, lineage, time, operation, actor, lock_id, action, result,
                            members, partners, assets, changes)
                        SELECT $1, h.serial, h.lineage, h.time, h.operation, h.actor, h.lock, h.action, h.result, h.members,
                            h.partners, h.assets, $3::json
                        FROM jsonb_to_record($2::jsonb) AS h(serial bigint, lineage text, time text, operation text, actor text,
                            lock text, action text, result text, members integer, partners integer, assets integer)
                        """, [location.workspace, entry.json.compact(), pushedChanges])
                    return true
                }
            } catch {
                state.failure = .database(location: location, error)
                throw state.failure!
            }
            guard fenced else {
                state.failure = .takenOver(location: location, lockID: lock.id, by: store.currentHolder(on: connection))
                throw state.failure!
            }
            state.chain = chain
            state.auditHead = AuditHead(lines: entries.count, sha256: hashes.last ?? AuditLog.zeroHash)
        }
    }

    /// Ends renewals and frees the lock row, if it still carries this writer's generation. A
    /// release that cannot reach the server leaves the lease to run out (or the holder's pid to be
    /// found gone by the next run on this machine).
    func release() {
        let first = writing.withLock { state in
            defer { state.released = true }
            return !state.released
        }
        guard first else { return }
        renewer.stop()
        store.releaseLock(generation: generation, lockID: lock.id, on: connection)
    }

    /// An audit entry as the `audit` table's columns take it, with the hash it records.
    static func auditRow(_ entry: AuditEntry, previousSHA256: String) -> JSONValue {
        .object([
            "time": .string(entry.time), "actor": .string(entry.actor), "action": .string(entry.action),
            "kind": .string(entry.kind), "result": .string(entry.result.rawValue),
            "request_id": entry.requestID.map(JSONValue.string) ?? .null, "message": entry.message.map(JSONValue.string) ?? .null,
            "attempts": .int(entry.attempts), "prev_sha256": .string(previousSHA256),
        ])
    }
}
