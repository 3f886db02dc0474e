/// What the requests to one endpoint met during a run, for `bcplan doctor`.
public struct TikTokCallStatistics: Sendable, Hashable {
    /// Requests sent, retries included.
    public var requests = 0
    /// Answers saying the app is over its quota (40100, 40132, 61000), retried or not.
    public var rateLimited = 0
    /// The last failure that was not retried away, in one sentence; nil when every call answered.
    public var failure: String?

    public init() {}
}
