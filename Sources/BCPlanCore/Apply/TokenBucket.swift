/// Spaces calls to a provider's rate: each caller reserves the next free slot and sleeps until it.
///
/// The burst is one call, so calls leave evenly spaced and never bunch up at the platform's limit.
actor TokenBucket {
    private let interval: Duration
    private var nextSlot: ContinuousClock.Instant

    /// - Parameter rate: calls per second; nil or not positive means no limit.
    init?(rate: Double?) {
        guard let rate, rate > 0 else { return nil }
        interval = .nanoseconds(Int64(1e9 / rate))
        nextSlot = .now
    }

    /// Waits until this caller may make its call.
    nonisolated func take() async {
        let delay = await reserve()
        if delay > .zero { try? await Task.sleep(for: delay) }
    }

    private func reserve() -> Duration {
        let now = ContinuousClock.now
        let slot = max(now, nextSlot)
        nextSlot = slot + interval
        return slot - now
    }
}
