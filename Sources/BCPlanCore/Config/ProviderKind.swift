/// Which provider reads and changes the Business Center.
public enum ProviderKind: String, Sendable, Hashable, Codable, CaseIterable {
    case mock
    case tiktok
}
