import BCPlanCore
import Foundation

/// A strict stand-in for TikTok's API for Business v1.3, served on 127.0.0.1 for tests.
///
/// Strict means: the endpoints of `TikTokEndpoints` and no others, every request checked against
/// that table, which is TikTok's own definitions (unknown fields, missing required ones, wrong
/// types, enum values an endpoint refuses, page sizes over the limits: code 40002 naming the
/// field); rows shaped as those definitions give them; the `Access-Token` header checked (40105);
/// the app's quota enforced over any one-second window (40100); and the mock provider's platform
/// rules on every write (`SnapshotEditor`). It can also inject random 40100s and 50000s (seeded),
/// lose the answers of writes (the connection cut, after or before the write took effect), and
/// hold the answer of one write until released (for kill tests).
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
        /// The token's user's role in the Business Center (`/bc/get/`'s `user_role`).
        public var tokenUserRole = "ADMIN"
        /// Names of Business Centers that own assets here without being partners (`owner_bc_name`).
        public var businessCenterNames: [String: String] = [:]
        /// Every n-th write (1: every one) gets no answer: the connection is cut.
        public var loseEveryNthWriteAnswer: Int?
        /// Whether a write whose answer is lost took effect first.
        public var applyBeforeLosingAnswer = true
        /// The first write to this path (e.g. "/bc/member/delete/") takes effect, then its answer
        /// waits until `releaseHeldWrite()`.
        public var holdAfterWrite: String?
        /// The first requests are answered with these codes, in order, before anything is done
        /// (e.g. [40132, 61000]: the app's quota twice).
        public var scriptedCodes: [Int] = []
        /// Endpoints ("GET /bc/asset/admin/get/") answered with a code every time, as when the
        /// app lacks a permission.
        public var refusedEndpoints: [String: Int] = [:]

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
        /// The messages of 40002 answers: requests TikTok's definitions refuse.
        public var invalidRequests: [String] = []
        /// The messages of refused writes (platform rules).
        public var refusedWrites: [String] = []
        /// E-mail (lower case) → invitation calls that carried it while it was not yet a member.
        public var invitations: [String: Int] = [:]
        /// E-mail (lower case) → every invitation call that carried it.
        public var invitationCalls: [String: Int] = [:]
        /// Writes whose answer was lost on purpose, and how many of them took effect.
        public var lostAnswers = 0
        public var lostAnswersApplied = 0
        /// True once the held write took effect and its answer waits.
        public var holding = false
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

    /// What `BCPLAN_TIKTOK_BASE_URL` points at.
    public var baseURL: String { "http://127.0.0.1:\(server.port)\(Self.basePath)" }

    public var snapshot: Snapshot { backend.snapshot }

    public var counters: Counters { backend.counters }

    /// Plays the other side: every pending invitation, partner request and access request is accepted.
    public func acceptAll() { backend.acceptAll() }

    /// Waits until the held write took effect; false after `timeout` seconds.
    public func waitUntilHolding(timeout: Double) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while !counters.holding {
            guard Date() < deadline else { return false }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return true
    }

    /// Lets the held write's answer go (to a client that may be gone).
    public func releaseHeldWrite() { backend.releaseHeldWrite() }

    public func stop() {
        backend.releaseHeldWrite()
        server.stop()
    }
}
