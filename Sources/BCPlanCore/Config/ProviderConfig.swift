/// The `provider:` section, paths already resolved against the config's folder.
public struct ProviderConfig: Sendable, Hashable {
    public var kind: ProviderKind = .mock
    /// mock: the store file, resolved; `storeDisplayPath` is how the user wrote it.
    public var storePath: String
    public var storeDisplayPath: String
    public var caller: String?
    public var latencyMilliseconds: Int = 0
    public var requestsPerSecond: Double?
    public var transientFailureRate: Double = 0
    public var seed: UInt64 = 0
    public var baseURL: String = "https://business-api.tiktok.com/open_api/v1.3"
    public var tokenEnvironmentVariable: String = "BCPLAN_TIKTOK_TOKEN"

    public init(storePath: String, storeDisplayPath: String) {
        self.storePath = storePath
        self.storeDisplayPath = storeDisplayPath
    }
}
