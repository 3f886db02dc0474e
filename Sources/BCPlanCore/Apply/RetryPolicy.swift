/// How often and how patiently a transient failure is retried: exponential backoff with jitter,
/// bounded in attempts and in the longest wait.
public struct RetryPolicy: Sendable, Hashable {
    /// Calls in all, the first included.
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration

    public init(maxAttempts: Int = 8, baseDelay: Duration = .milliseconds(100), maxDelay: Duration = .seconds(5)) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    public static let standard = RetryPolicy()

    /// The wait before attempt `attempt + 1`: base × 2^(attempt − 1), capped, then a random part
    /// of it ("equal jitter": between half and all of it) so retries of parallel calls spread out.
    public func delay(after attempt: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        let exponential = baseDelay * (1 << min(max(attempt - 1, 0), 20))
        let capped = min(exponential, maxDelay)
        return capped * Double.random(in: 0.5...1.0, using: &generator)
    }
}
