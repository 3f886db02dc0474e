/// How the mock provider imitates a remote platform, for tests and demos (DESIGN §3): latency, a
/// request rate limit, and transient failures drawn from a seeded generator.
public struct MockSimulation: Sendable, Hashable {
    public var latencyMilliseconds: Int
    /// nil: unlimited.
    public var requestsPerSecond: Double?
    /// 0 to 1: the share of calls that fail transiently (before changing anything).
    public var transientFailureRate: Double
    public var seed: UInt64

    public init(latencyMilliseconds: Int = 0, requestsPerSecond: Double? = nil, transientFailureRate: Double = 0, seed: UInt64 = 0) {
        self.latencyMilliseconds = latencyMilliseconds
        self.requestsPerSecond = requestsPerSecond
        self.transientFailureRate = transientFailureRate
        self.seed = seed
    }

    public init(_ provider: ProviderConfig) {
        self.init(
            latencyMilliseconds: provider.latencyMilliseconds, requestsPerSecond: provider.requestsPerSecond,
            transientFailureRate: provider.transientFailureRate, seed: provider.seed)
    }

    public static let none = MockSimulation()
}
