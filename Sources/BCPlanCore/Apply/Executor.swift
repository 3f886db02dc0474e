/// Carries out a plan's actions through a provider (DESIGN §5): `ApplySchedule` decides what goes
/// when; this runs its calls, at most `parallelism` at once, under the provider's rate limit,
/// retrying transient failures.
///
/// A permanent failure skips the actions that depend on it; the rest still run.
public struct Executor: Sendable {
    public var parallelism: Int
    public var retry: RetryPolicy
    /// `policy.min_admins`.
    public var minAdmins: Int

    public init(parallelism: Int = 4, retry: RetryPolicy = .standard, minAdmins: Int) {
        self.parallelism = max(1, parallelism)
        self.retry = retry
        self.minAdmins = minAdmins
    }

    private struct CallResult: Sendable {
        var batch: ApplySchedule.Batch
        var result: Result<ProviderReceipt, ProviderError>
        var attempts: Int
    }

    /// Runs `actions` (in plan order) and reports one outcome per action, in the same order.
    /// - Parameters:
    ///   - base: the Business Center as the apply starts, for the admin floor and the limits.
    ///   - onStart: called as a call for the action goes out.
    ///   - onOutcome: called once per action as its outcome is known, in the calling task; returns
    ///     a reason to stop the run (e.g. the state could not be written), or nil to go on.
    public func run(
        _ actions: [PlanAction], provider: some Provider, base: Snapshot,
        onStart: (PlanAction) -> Void = { _ in }, onOutcome: (ActionOutcome) -> String?
    ) async -> ApplyReport {
        var schedule = ApplySchedule(actions, base: base, minAdmins: minAdmins, capabilities: provider.capabilities)
        var stopReason: String?
        var calls = 0
        func report(_ outcomes: [ActionOutcome]) {
            for outcome in outcomes {
                let reason = onOutcome(outcome)
                if stopReason == nil { stopReason = reason }
            }
        }
        let (bucket, retry) = (TokenBucket(rate: provider.capabilities.requestsPerSecond), self.retry)
        await withTaskGroup(of: CallResult.self) { group in
            var running = 0
            while true {
                if stopReason == nil {
                    for batch in schedule.nextCalls(room: parallelism - running) {
                        batch.call.actions.forEach(onStart)
                        group.addTask { await Self.perform(batch, provider: provider, bucket: bucket, retry: retry) }
                        running += 1
                    }
                    // Settling may let more start: a skipped revoke no longer holds room it would free.
                    let blocked = schedule.settleBlocked()
                    report(blocked)
                    if !blocked.isEmpty { continue }
                }
                guard running > 0, let finished = await group.next() else { break }
                running -= 1
                calls += finished.attempts
                report(schedule.finish(finished.batch, result: finished.result, attempts: finished.attempts))
            }
        }
        report(schedule.settleUnstarted(stopReason: stopReason))
        return ApplyReport(outcomes: schedule.outcomes, calls: calls)
    }

    /// One provider call with its retries; the rate limit applies to every attempt.
    private static func perform(
        _ batch: ApplySchedule.Batch, provider: some Provider, bucket: TokenBucket?, retry: RetryPolicy
    ) async -> CallResult {
        var generator = SystemRandomNumberGenerator()
        var attempt = 0
        while true {
            attempt += 1
            await bucket?.take()
            do {
                let receipt = try await provider.perform(batch.call)
                return CallResult(batch: batch, result: .success(receipt), attempts: attempt)
            } catch {
                guard error.isTransient, attempt < retry.maxAttempts else {
                    return CallResult(batch: batch, result: .failure(error), attempts: attempt)
                }
                try? await Task.sleep(for: retry.delay(after: attempt, using: &generator))
            }
        }
    }
}
