/// Why a PostgreSQL connection or statement failed, in one line with no secret in it.
///
/// `message` is libpq's or the server's text with its line breaks folded and every secret of the
/// connection string (the password, the whole string) replaced by `***`.
public struct PostgresError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// The connection string could not be parsed; libpq's message is not kept, since it
        /// quotes the string.
        case invalidConnectionString
        /// No connection could be made (refused, unknown host, authentication failed).
        case cannotConnect
        /// The connection broke while in use (the server restarted or went away).
        case connectionLost
        /// The server refused a statement; `sqlState` says why.
        case statement
    }

    public var kind: Kind
    /// The five-character SQLSTATE (Appendix A of the PostgreSQL documentation), when the server gave one.
    public var sqlState: String?
    public var message: String

    public init(kind: Kind, sqlState: String? = nil, message: String) {
        self.kind = kind
        self.sqlState = sqlState
        self.message = message
    }

    /// 40001 serialization_failure, 40P01 deadlock_detected
    /// (https://www.postgresql.org/docs/15/errcodes-appendix.html): a retry may succeed.
    public var isSerializationFailure: Bool { sqlState == "40001" || sqlState == "40P01" }

    /// Class 08 (connection exception) and 57P01–57P03 (admin, crash or cannot-connect-now
    /// shutdown), or a broken connection: the server is away, not the statement wrong.
    public var isServerAway: Bool {
        kind == .connectionLost || kind == .cannotConnect || sqlState?.hasPrefix("08") == true
            || ["57P01", "57P02", "57P03"].contains(sqlState ?? "")
    }

    public var description: String { message }
}
