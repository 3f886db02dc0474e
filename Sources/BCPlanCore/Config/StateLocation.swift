/// Where a Business Center's recorded state lives (DESIGN §3, `state:` in the config): a file
/// beside the config, or a workspace in a PostgreSQL database.
public enum StateLocation: Sendable, Hashable, CustomStringConvertible {
    /// `path` resolved against the config's folder; `displayPath` as the config wrote it (or the default).
    case file(path: String, displayPath: String)
    case postgres(PostgresStateLocation)

    /// How messages name it: "bcplan.state.json", or "workspace '7000…' in PostgreSQL
    /// ($BCPLAN_DATABASE_URL, schema bcplan)". Never the connection string.
    public var description: String {
        switch self {
        case .file(_, let displayPath): displayPath
        case .postgres(let location): location.description
        }
    }

    /// Two configs with the same identity would write one state (`-c DIR` refuses them).
    public var identity: String {
        switch self {
        case .file(let path, _): "file:" + path
        case .postgres(let location): "postgres:\(location.urlVariable):\(location.schema):\(location.workspace)"
        }
    }
}

/// `state: {backend: postgres, url_env: …, schema: …, workspace: …}`.
public struct PostgresStateLocation: Sendable, Hashable, CustomStringConvertible {
    /// The environment variable holding the connection string (never the string itself).
    public var urlVariable: String
    /// The database schema bcplan creates and migrates its tables in.
    public var schema: String
    /// This Business Center's name in the schema; many share one database.
    public var workspace: String

    public static let defaultURLVariable = "BCPLAN_DATABASE_URL"
    public static let defaultSchema = "bcplan"

    public init(urlVariable: String = Self.defaultURLVariable, schema: String = Self.defaultSchema, workspace: String) {
        self.urlVariable = urlVariable
        self.schema = schema
        self.workspace = workspace
    }

    public var description: String {
        "workspace '\(workspace)' in PostgreSQL ($\(urlVariable), schema \(schema))"
    }
}
