/// Spaces calls to a provider's rate: callers go one at a time, in the order they asked, each at
/// least `1 / rate` after the one before it actually went.
///
/// The spacing is measured from the moment a caller really goes, not from a slot booked when it
/// asked: on a loaded machine a sleeper wakes late, and a booked schedule would then let it leave
/// right next to the caller booked after it, two calls in one slot, which a platform counting
/// arrivals in a sliding window (TikTok's quota) refuses. Measured this way, any second holds at
/// most `rate` departures however late the wake-ups are.
actor TokenBucket {
    private let interval: Duration
    private var lastDeparture: ContinuousClock.Instant?
    /// Tickets handed out, and the ticket whose turn it is: callers go in the order they asked.
    private var issued = 0
    private var serving = 0

    /// - Parameter rate: calls per second; nil or not positive means no limit.
    init?(rate: Double?) {
        guard let rate, rate > 0 else { return nil }
        interval = .nanoseconds(Int64(1e9 / rate))
    }

    /// Waits until this caller may make its call.
    nonisolated func take() async {
        let ticket = await issue()
        while true {
            let wait = await depart(ticket)
            if wait <= .zero { return }
            try? await Task.sleep(for: wait)
        }
    }

    private func issue() -> Int {
        defer { issued += 1 }
        return issued
    }

    /// Lets `ticket` go now when it is its turn and the interval has passed since the last
    /// departure (recording this one); otherwise how long to wait before asking again.
    private func depart(_ ticket: Int) -> Duration {
        let now = ContinuousClock.now
        let earliest = lastDeparture.map { $0 + interval } ?? now
        if ticket == serving, now >= earliest {
            serving += 1
            lastDeparture = now
            return .zero
        }
        // Every caller ahead in line needs at least one interval; ask again after that.
        let untilFree = earliest > now ? earliest - now : .zero
        return untilFree + interval * (ticket - serving)
    }
}
