/// The `provider:` section, paths already resolved against the config's folder, with its defaults
/// (the JSON Schema reads them from here).
public struct ProviderConfig: Sendable, Hashable {
    public static let defaultKind = ProviderKind.mock
    public static let defaultBaseURL = "https://business-api.tiktok.com/open_api/v1.3"
    public static let defaultTokenVariable = "BCPLAN_TIKTOK_TOKEN"

    public var kind: ProviderKind = Self.defaultKind
    /// mock: the store file, resolved; `storeDisplayPath` is how the user wrote it.
    public var storePath: String
    public var storeDisplayPath: String
    public var caller: String?
    public var latencyMilliseconds: Int = 0
    public var requestsPerSecond: Double?
    public var transientFailureRate: Double = 0
    public var seed: UInt64 = 0
    public var baseURL: String = Self.defaultBaseURL
    public var tokenEnvironmentVariable: String = Self.defaultTokenVariable

    public init(storePath: String, storeDisplayPath: String) {
        self.storePath = storePath
        self.storeDisplayPath = storeDisplayPath
    }
}
