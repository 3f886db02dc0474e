import BCPlanCore
import Foundation

/// A strict stand-in for TikTok's API for Business v1.3, served on 127.0.0.1 for tests.
///
/// Strict means: the endpoints bcplan uses and no others, every parameter checked (unknown
/// fields, missing ones, wrong types and page sizes over the real limits answer code 40002), the
/// `Access-Token` header checked (40105), the app's quota enforced over any one-second window
/// (40100), and the mock provider's platform rules on every write (`SnapshotEditor`). It can also
/// inject random 40100s and 50000s, seeded.
public final class FakeTikTokAPI: Sendable {
    public struct Options: Sendable {
        public var token: String
        /// At most this many requests in any one second; more answer 40100. Nil: no quota.
        public var requestsPerSecond: Int?
        /// The quota's window: one second, as the platform counts; longer only for tests of the
        /// fake itself that must not depend on how fast the machine is.
        public var quotaWindow: Duration = .seconds(1)
        /// Share of requests answered 40100 at random, before anything is done.
        public var randomRateLimitRate: Double
        /// Share of requests answered 50000 at random, before anything is done.
        public var internalErrorRate: Double
        public var seed: UInt64
        /// RFC 3339, the time invitations record.
        public var now: String

        public init(
            token: String, requestsPerSecond: Int? = nil, randomRateLimitRate: Double = 0, internalErrorRate: Double = 0,
            seed: UInt64 = 1, now: String = "2026-11-21T09:00:00Z"
        ) {
            self.token = token
            self.requestsPerSecond = requestsPerSecond
            self.randomRateLimitRate = randomRateLimitRate
            self.internalErrorRate = internalErrorRate
            self.seed = seed
            self.now = now
        }
    }

    /// What the fake saw, for tests to assert on.
    public struct Counters: Sendable {
        public var requests = 0
        /// "GET /bc/member/get/" → count.
        public var byEndpoint: [String: Int] = [:]
        /// 40100s for going over `requestsPerSecond`.
        public var quotaExceeded = 0
        public var injectedRateLimits = 0
        public var injectedInternalErrors = 0
        public var rejectedTokens = 0
        /// The messages of 40002 answers.
        public var invalidRequests: [String] = []
        /// The messages of refused writes (platform rules).
        public var refusedWrites: [String] = []
        /// E-mail (lower case) → invitation calls that carried it while it was not yet a member.
        public var invitations: [String: Int] = [:]
    }

    public static let basePath = "/open_api/v1.3"

    private let backend: FakeTikTokBackend
    private let server: LoopbackHTTPServer

    /// Serves `snapshot` (a mock store's content) as the Business Center the token can reach.
    public init(_ snapshot: Snapshot, options: Options) throws {
        let backend = FakeTikTokBackend(snapshot, options: options)
        self.backend = backend
        server = try LoopbackHTTPServer { backend.handle($0) }
    }

    /// `provider.base_url` for a config.
    public var baseURL: String { "http://127.0.0.1:\(server.port)\(Self.basePath)" }

    public var snapshot: Snapshot { backend.snapshot }

    public var counters: Counters { backend.counters }

    /// Plays the other side: every pending invitation and partner request is accepted.
    public func acceptAll() { backend.acceptAll() }

    public func stop() { server.stop() }
}
