/// Which provider reads and changes the Business Center.
public enum ProviderKind: String, Sendable, Hashable, Codable, CaseIterable {
    case mock
    case tiktok

    /// The `provider:` keys only this kind takes; `kind`, `caller` and `requests_per_second` every
    /// kind takes. A new kind has to say which are its own.
    public var ownKeys: [String] {
        switch self {
        case .mock: ["store", "latency_ms", "transient_failure_rate", "seed"]
        case .tiktok: ["base_url", "token_env"]
        }
    }

    /// True when `key` is another kind's own key and not this one's: a located error in the config.
    public func refuses(_ key: String) -> Bool {
        !ownKeys.contains(key) && Self.allCases.contains { $0.ownKeys.contains(key) }
    }
}
