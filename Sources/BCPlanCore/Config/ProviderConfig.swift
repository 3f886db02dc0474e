import BCPlanYAML

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
    /// Where `caller` is written, for the plan's error when it would revoke the caller.
    public var callerLocation: SourceLocation?
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

extension ProviderConfig {
    /// The only `base_url` values a config may name (DESIGN §3, "Where the token may go"):
    /// production (the default), then the sandbox.
    public static let tiktokHosts = [defaultBaseURL, "https://sandbox-ads.tiktok.com/open_api/v1.3"]

    /// The environment variable that points the TikTok provider elsewhere (a proxy, a test fake):
    /// set by whoever runs bcplan, never by the config.
    public static let baseURLOverride = "BCPLAN_TIKTOK_BASE_URL"

    /// `token_env` must begin with one of these, so a config cannot send any other variable.
    public static let tokenVariablePrefixes = ["BCPLAN_", "TIKTOK_"]

    /// Where the TikTok provider sends requests: `BCPLAN_TIKTOK_BASE_URL` when set, else `base_url`.
    public static func tiktokBaseURL(_ provider: ProviderConfig, environment: [String: String]) -> String {
        if let override = environment[baseURLOverride], !override.isEmpty { return override }
        return provider.baseURL
    }
}
