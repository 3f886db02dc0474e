import BCPlanPostgres

/// bcplan's tables in a PostgreSQL schema, created and migrated by bcplan itself.
///
/// `schema_version` lists the migrations applied. Each migration runs in its own transaction
/// under a transaction-level advisory lock (`pg_advisory_xact_lock`), which PostgreSQL releases at
/// commit or rollback, so two first runs cannot race and a pooler in transaction mode keeps no
/// lock behind (https://www.postgresql.org/docs/15/explicit-locking.html#ADVISORY-LOCKS,
/// https://www.postgresql.org/docs/15/functions-admin.html#FUNCTIONS-ADVISORY-LOCKS).
///
/// The tables (migration 1):
/// - `workspaces`: per workspace the lineage, serial, `refreshed_at`, the Business Center's
///   record, where the audit log ends (`audit_chain`, `audit_lines`, `audit_sha256`) and the next
///   free object position.
/// - `objects`: the snapshot, one row per member, partner and asset (`kind`, `key`, `body` as
///   json, `position` keeping the state file's order), so one outcome rewrites only its objects.
///   `json` keeps the text as bcplan wrote it, so reading 15,000 of them back is a copy, where
///   `jsonb` would render each again (https://www.postgresql.org/docs/15/datatype-json.html);
///   the json operators still work on it.
/// - `history`: one row per serial ever written (time, operation, actor, lock, action, counts).
/// - `audit`: the audit log, one row per entry in hash-chained order (`chain`, `seq`,
///   `prev_sha256`); a trigger refuses UPDATE, DELETE and TRUNCATE, so it is append-only.
/// - `locks`: the lease lock, one row per workspace (`PostgresStateStore`).
///
/// Migration 2 gives `history` the column `changes` (json): the objects each write set and
/// removed, as the file backend's history keeps them, so that `bcplan history` can replay the
/// record. Rows written before it have none.
enum PostgresSchema {
    /// Migrations in order; migration `n` is `migrations[n - 1]`, its statements run one by one.
    static func migrations(_ schema: String) -> [[String]] {
        let s = "\"\(schema)\""
        return [[
            """
            CREATE TABLE \(s).workspaces (
                name text PRIMARY KEY,
                lineage text NOT NULL,
                serial bigint NOT NULL CHECK (serial >= 0),
                refreshed_at text,
                business_center jsonb NOT NULL,
                audit_chain text NOT NULL,
                audit_lines bigint NOT NULL CHECK (audit_lines >= 0),
                audit_sha256 text NOT NULL,
                next_position bigint NOT NULL,
                updated_at timestamptz NOT NULL DEFAULT now()
            )
            """,
            """
            CREATE TABLE \(s).objects (
                workspace text NOT NULL REFERENCES \(s).workspaces (name) ON DELETE CASCADE,
                kind text NOT NULL CHECK (kind IN ('member', 'partner', 'asset')),
                key text NOT NULL,
                position bigint NOT NULL,
                body json NOT NULL,
                PRIMARY KEY (workspace, kind, key)
            )
            """,
            """
            CREATE TABLE \(s).history (
                id bigserial PRIMARY KEY,
                workspace text NOT NULL,
                serial bigint NOT NULL,
                lineage text NOT NULL,
                time text NOT NULL,
                operation text NOT NULL,
                actor text NOT NULL,
                lock_id text,
                action text,
                result text,
                members integer NOT NULL,
                partners integer NOT NULL,
                assets integer NOT NULL,
                written_at timestamptz NOT NULL DEFAULT now()
            )
            """,
            "CREATE INDEX history_by_workspace ON \(s).history (workspace, id)",
            """
            CREATE TABLE \(s).audit (
                workspace text NOT NULL,
                chain text NOT NULL,
                seq bigint NOT NULL CHECK (seq >= 1),
                time text NOT NULL,
                actor text NOT NULL,
                action text NOT NULL,
                kind text NOT NULL,
                result text NOT NULL,
                request_id text,
                message text,
                attempts integer NOT NULL,
                prev_sha256 text NOT NULL,
                written_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (workspace, chain, seq)
            )
            """,
            """
            CREATE FUNCTION \(s).audit_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'the bcplan audit log is append-only: % on %.audit is refused', TG_OP, TG_TABLE_SCHEMA
                    USING ERRCODE = 'insufficient_privilege';
            END
            $$
            """,
            """
            CREATE TRIGGER audit_rows_are_append_only BEFORE UPDATE OR DELETE ON \(s).audit
                FOR EACH ROW EXECUTE FUNCTION \(s).audit_is_append_only()
            """,
            """
            CREATE TRIGGER audit_is_never_truncated BEFORE TRUNCATE ON \(s).audit
                FOR EACH STATEMENT EXECUTE FUNCTION \(s).audit_is_append_only()
            """,
            """
            CREATE TABLE \(s).locks (
                workspace text PRIMARY KEY,
                generation bigint NOT NULL DEFAULT 0,
                lock_id text,
                operation text,
                user_name text,
                host text,
                pid integer,
                created_at text,
                machine text,
                taken_at timestamptz,
                lease_until timestamptz
            )
            """,
        ], [
            "ALTER TABLE \(s).history ADD COLUMN changes json",
        ]]
    }

    static var latest: Int { migrations("s").count }

    /// The schema's version: 0 when bcplan's tables are not there yet.
    static func version(_ connection: PostgresConnection, schema: String) throws(PostgresError) -> Int {
        do {
            let result = try connection.query("SELECT coalesce(max(version), 0) FROM \"\(schema)\".schema_version")
            return result.int(0, 0) ?? 0
        } catch {
            // 3F000 invalid_schema_name, 42P01 undefined_table: nothing created yet.
            if error.sqlState == "3F000" || error.sqlState == "42P01" { return 0 }
            throw error
        }
    }

    /// Creates the schema and applies the migrations it lacks, each in a transaction under the
    /// advisory lock; a migration another run applied meanwhile is skipped.
    static func migrate(_ connection: PostgresConnection, schema: String, bcplanVersion: String) throws(PostgresError) {
        let s = "\"\(schema)\""
        for (index, statements) in migrations(schema).enumerated() {
            let version = index + 1
            try connection.transaction { (transaction) throws(PostgresError) in
                try transaction.query("SELECT pg_advisory_xact_lock($1, $2)", [String(advisoryClass), String(advisoryKey(schema))])
                let exists = try transaction.query("SELECT 1 FROM pg_namespace WHERE nspname = $1", [schema]).rowCount > 0
                if !exists { try transaction.query("CREATE SCHEMA \(s)") }
                try transaction.query("""
                    CREATE TABLE IF NOT EXISTS \(s).schema_version (
                        version integer PRIMARY KEY,
                        applied_at timestamptz NOT NULL DEFAULT now(),
                        bcplan_version text NOT NULL
                    )
                    """)
                let applied = try transaction.query("SELECT 1 FROM \(s).schema_version WHERE version = $1", [String(version)])
                guard applied.rowCount == 0 else { return }
                for statement in statements { try transaction.query(statement) }
                try transaction.query(
                    "INSERT INTO \(s).schema_version (version, bcplan_version) VALUES ($1, $2)", [String(version), bcplanVersion])
            }
        }
    }

    /// The advisory lock's first key: "bcpl" in ASCII, so bcplan's locks are told apart from others.
    static let advisoryClass: Int32 = 0x6263_706C

    /// The second key: FNV-1a of the schema name, as a signed 32-bit number.
    static func advisoryKey(_ schema: String) -> Int32 {
        var hash: UInt32 = 2_166_136_261
        for byte in schema.utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 16_777_619
        }
        return Int32(bitPattern: hash)
    }
}
