/// `state.backend`: where the recorded state lives.
public enum StateBackendKind: String, Sendable, Hashable, CaseIterable {
    case file
    case postgres

    /// The `state:` keys only this backend takes; `backend` every one takes. A new backend has to
    /// say which are its own.
    public var ownKeys: [String] {
        switch self {
        case .file: ["path"]
        case .postgres: ["url_env", "schema", "workspace"]
        }
    }

    /// True when `key` is another backend's own key and not this one's: a located error in the config.
    public func refuses(_ key: String) -> Bool {
        !ownKeys.contains(key) && Self.allCases.contains { $0.ownKeys.contains(key) }
    }
}
