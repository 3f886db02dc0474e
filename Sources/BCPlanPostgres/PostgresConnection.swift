internal import CLibPQ
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One connection to a PostgreSQL server through libpq, used by one thread at a time (a mutex
/// serialises callers). The connection string is never kept in a message: every error is cleaned
/// of it and of its password (`PostgresError`).
///
/// Only what works through a pooler in transaction mode (PgBouncer's `pool_mode = transaction`) is
/// used: each statement is sent with `PQexecParams` (an unnamed statement, parameters out of line)
/// and session state (`SET`, named prepared statements, session advisory locks, `LISTEN`) is
/// never relied on. Several statements that belong together run in one `transaction`.
///
/// The connection is closed on deinit or by `close()`; a connection that broke stays broken (every
/// later statement fails with `.connectionLost`), so a caller decides itself whether to connect again.
public final class PostgresConnection: Sendable {
    /// Held for every use of `connection`.
    private let lock = Mutex(())
    /// The libpq connection; nil once closed. Only touched under `lock`.
    nonisolated(unsafe) private var connection: OpaquePointer?
    private let secrets: [String]
    /// "127.0.0.1:5432, database bcplan": where it is connected, for messages (no user, no password).
    public let endpoint: String

    private init(handle: OpaquePointer, secrets: [String]) {
        connection = handle
        self.secrets = secrets
        let host = bcplan_PQhost(handle).map { String(cString: $0) } ?? "?"
        let port = bcplan_PQport(handle).map { String(cString: $0) } ?? "?"
        let database = bcplan_PQdb(handle).map { String(cString: $0) } ?? "?"
        endpoint = host.hasPrefix("/") ? "socket \(host), database \(database)" : "\(host):\(port), database \(database)"
    }

    deinit {
        close()
    }

    /// Connects with `connectionString` (a `postgresql://` URI or `key=value` pairs, as libpq
    /// takes them; https://www.postgresql.org/docs/15/libpq-connect.html#LIBPQ-CONNSTRING).
    ///
    /// `connect_timeout` defaults to `connectTimeout` seconds, the TCP keepalives to 30 s idle, then
    /// 3 probes 10 s apart, and `application_name` to `applicationName`; the string overrides them,
    /// because array entries before an expanded `dbname` yield to the string's fields
    /// (https://www.postgresql.org/docs/15/libpq-connect.html#LIBPQ-PQCONNECTDBPARAMS,
    /// #LIBPQ-KEEPALIVES). PG* environment variables and ~/.pgpass fill in what the string leaves
    /// out, as libpq always does.
    public static func connect(
        _ connectionString: String, applicationName: String, connectTimeout: Int = 10
    ) throws(PostgresError) -> PostgresConnection {
        var unloadable: UnsafePointer<CChar>?
        guard bcplan_libpq_load(&unloadable) == 1 else {
            throw PostgresError(
                kind: .cannotConnect,
                message: "the PostgreSQL state backend needs libpq, which could not be loaded (Debian: apt-get install libpq5): "
                    + (unloadable.map { String(cString: $0) } ?? "no reason given"))
        }
        var secrets = [connectionString]
        var parseError: UnsafeMutablePointer<CChar>?
        guard let options = bcplan_PQconninfoParse(connectionString, &parseError) else {
            if let parseError { bcplan_PQfreemem(parseError) }
            throw PostgresError(
                kind: .invalidConnectionString,
                message: "it is not a PostgreSQL connection string or URI (postgresql://user@host:port/database?…)")
        }
        var option = options
        while let keyword = option.pointee.keyword {
            if String(cString: keyword) == "password", let value = option.pointee.val {
                secrets.append(String(cString: value))
            }
            option += 1
        }
        bcplan_PQconninfoFree(options)
        if let password = ProcessEnvironment.value("PGPASSWORD") { secrets.append(password) }
        // TCP keepalives, so a server that vanished without closing the connection (a network
        // partition) fails the next statement within about a minute instead of never; client-side
        // settings, which a pooler does not see.
        let keywords = [
            "connect_timeout", "keepalives", "keepalives_idle", "keepalives_interval", "keepalives_count",
            "fallback_application_name", "dbname",
        ]
        let values = [String(connectTimeout), "1", "30", "10", "3", applicationName, connectionString]
        let connection = withCStrings(keywords) { keywordPointers in
            withCStrings(values) { valuePointers in bcplan_PQconnectdbParams(keywordPointers, valuePointers, 1) }
        }
        guard let connection else {
            throw PostgresError(kind: .cannotConnect, message: "libpq could not allocate a connection")
        }
        guard bcplan_PQstatus(connection) == BCPLAN_CONNECTION_OK else {
            let message = redacted(bcplan_PQerrorMessage(connection).map { String(cString: $0) } ?? "", secrets: secrets)
            bcplan_PQfinish(connection)
            throw PostgresError(kind: .cannotConnect, message: message)
        }
        // Notices (e.g. "relation already exists, skipping") would go to stderr otherwise.
        bcplan_PQsetNoticeProcessor(connection, { _, _ in }, nil)
        return PostgresConnection(handle: connection, secrets: secrets.filter { $0.utf8.count >= 4 })
    }

    /// Runs one statement with `$1…$n` bound to `parameters` (text; nil is NULL).
    @discardableResult
    public func query(_ sql: String, _ parameters: [String?] = []) throws(PostgresError) -> PostgresResult {
        try locked { () throws(PostgresError) in try Self.run(sql, parameters, on: connection, secrets: secrets) }
    }

    /// Runs `body` between BEGIN and COMMIT (ROLLBACK when it throws), holding the connection for
    /// the whole of it. `begin` is the statement that opens it (an isolation level, READ ONLY).
    public func transaction<T>(
        begin: String = "BEGIN", _ body: (PostgresTransaction) throws(PostgresError) -> T
    ) throws(PostgresError) -> T {
        try locked { () throws(PostgresError) -> T in
            _ = try Self.run(begin, [], on: connection, secrets: secrets)
            let transaction = PostgresTransaction(connection: connection, secrets: secrets)
            let value: T
            do throws(PostgresError) {
                value = try body(transaction)
                _ = try Self.run("COMMIT", [], on: connection, secrets: secrets)
            } catch {
                _ = try? Self.run("ROLLBACK", [], on: connection, secrets: secrets) as PostgresResult
                throw error
            }
            return value
        }
    }

    /// Closes the connection; later statements fail. Idempotent.
    public func close() {
        locked {
            if let open = connection { bcplan_PQfinish(open) }
            connection = nil
        }
    }

    /// `body` under the lock. Its value is handed out through a local, since a libpq result is
    /// not `Sendable` and `Mutex.withLock` only returns what may be sent.
    private func locked<T>(_ body: () throws(PostgresError) -> T) throws(PostgresError) -> T {
        var outcome: Result<T, PostgresError>?
        lock.withLock { _ in
            outcome = Result { () throws(PostgresError) -> T in try body() }
        }
        return try outcome!.get()
    }

    private func locked(_ body: () -> Void) {
        lock.withLock { _ in body() }
    }

    static func run(
        _ sql: String, _ parameters: [String?], on connection: OpaquePointer?, secrets: [String]
    ) throws(PostgresError) -> PostgresResult {
        guard let connection else { throw PostgresError(kind: .connectionLost, message: "the connection was closed") }
        let result = withOptionalCStrings(parameters) { values in
            bcplan_PQexecParams(connection, sql, Int32(parameters.count), nil, values, nil, nil, 0)
        }
        guard let result else {
            throw error(nil, connection: connection, secrets: secrets)
        }
        switch bcplan_PQresultStatus(result) {
        case BCPLAN_PGRES_COMMAND_OK, BCPLAN_PGRES_TUPLES_OK:
            return PostgresResult(result)
        default:
            let failure = error(result, connection: connection, secrets: secrets)
            bcplan_PQclear(result)
            throw failure
        }
    }

    private static func error(_ result: OpaquePointer?, connection: OpaquePointer, secrets: [String]) -> PostgresError {
        let lost = bcplan_PQstatus(connection) != BCPLAN_CONNECTION_OK
        var sqlState: String?
        var text = ""
        if let result {
            sqlState = bcplan_PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
            let primary = bcplan_PQresultErrorField(result, Int32(UInt8(ascii: "M"))).map { String(cString: $0) }
            let detail = bcplan_PQresultErrorField(result, Int32(UInt8(ascii: "D"))).map { String(cString: $0) }
            let hint = bcplan_PQresultErrorField(result, Int32(UInt8(ascii: "H"))).map { String(cString: $0) }
            text = [primary, detail, hint].compactMap { $0 }.joined(separator: "; ")
        }
        if text.isEmpty { text = bcplan_PQerrorMessage(connection).map { String(cString: $0) } ?? "" }
        if text.isEmpty { text = "no message from libpq" }
        return PostgresError(
            kind: lost && sqlState == nil ? .connectionLost : .statement, sqlState: sqlState,
            message: redacted(text, secrets: secrets))
    }

    /// `text` on one line, every secret replaced by `***`.
    static func redacted(_ text: String, secrets: [String]) -> String {
        var line = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for secret in secrets.sorted(by: { $0.utf8.count > $1.utf8.count }) where !secret.isEmpty {
            line = line.replacing(secret, with: "***")
        }
        return line
    }
}

/// The connection inside `PostgresConnection.transaction`: statements run on it directly.
public struct PostgresTransaction {
    fileprivate let connection: OpaquePointer?
    fileprivate let secrets: [String]

    @discardableResult
    public func query(_ sql: String, _ parameters: [String?] = []) throws(PostgresError) -> PostgresResult {
        try PostgresConnection.run(sql, parameters, on: connection, secrets: secrets)
    }
}

/// NUL-terminated copies of `strings`, NULL-terminated as libpq's keyword arrays are, for `body`.
private func withCStrings<T>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> T) -> T {
    withOptionalCStrings(strings + [nil]) { body($0!) }
}

/// NUL-terminated copies of `strings` (nil stays NULL), for `body`; nil for an empty array.
private func withOptionalCStrings<T>(_ strings: [String?], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> T) -> T {
    guard !strings.isEmpty else { return body(nil) }
    let copies: [UnsafeMutablePointer<CChar>?] = strings.map { $0.map { strdup($0) } ?? nil }
    defer { for copy in copies { free(copy) } }
    let pointers = copies.map { UnsafePointer($0) }
    return pointers.withUnsafeBufferPointer { body($0.baseAddress) }
}

/// The process environment, read without Foundation.
enum ProcessEnvironment {
    static func value(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}
