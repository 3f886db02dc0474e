/// Carries out a plan's actions through a provider (DESIGN §5): `ApplySchedule` decides what goes
/// when; this runs its calls, at most `parallelism` at once, under the provider's rate limit,
/// retrying transient failures.
///
/// A permanent failure skips the actions that depend on it; the rest still run. A `StopRequest`
/// (the first SIGINT or SIGTERM) stops the run gracefully: nothing new starts and nothing is
/// retried, the calls in flight get `grace` to finish, and what never started is left for the
/// next run (`ApplyReport.notStarted`), neither recorded nor counted as skipped.
public struct Executor: Sendable {
    public var parallelism: Int
    public var retry: RetryPolicy
    /// `policy.min_admins`.
    public var minAdmins: Int
    /// How long calls in flight may go on after a stop; then they are cancelled.
    public var grace: Duration

    /// What calls in flight get after the first signal before they are cancelled.
    public static let interruptGrace: Duration = .seconds(30)

    public init(parallelism: Int = 4, retry: RetryPolicy = .standard, minAdmins: Int, grace: Duration = Executor.interruptGrace) {
        self.parallelism = max(1, parallelism)
        self.retry = retry
        self.minAdmins = minAdmins
        self.grace = grace
    }

    private struct CallResult: Sendable {
        var batch: ApplySchedule.Batch
        /// nil: the call never went out (the run was stopped before its turn came).
        var result: Result<ProviderReceipt, ProviderError>?
        var attempts: Int
    }

    /// What the run's task group hands back.
    private enum Event: Sendable {
        case call(CallResult)
        /// A stop was requested (or the watch was cancelled at the end of the run).
        case stopRequested
        /// `grace` has passed since the stop.
        case graceOver
    }

    /// Runs `actions` (in plan order) and reports one outcome per action that ran or was settled,
    /// in the same order; after a stop, what never started is in `notStarted`.
    /// - Parameters:
    ///   - base: the Business Center as the apply starts, for the admin floor and the limits.
    ///   - stop: asks the run to stop gracefully.
    ///   - onStart: called as a call for the action goes out.
    ///   - onStop: called once, in the calling task, when the run notices the stop, with the
    ///     number of calls in flight.
    ///   - onOutcome: called once per action as its outcome is known, in the calling task; returns
    ///     a reason to stop the run (e.g. the state could not be written), or nil to go on.
    public func run(
        _ actions: [PlanAction], provider: some Provider, base: Snapshot, stop: StopRequest? = nil,
        onStart: (PlanAction) -> Void = { _ in }, onStop: (StopSignal, Int) -> Void = { _, _ in },
        onOutcome: (ActionOutcome) -> String?
    ) async -> ApplyReport {
        var schedule = ApplySchedule(actions, base: base, minAdmins: minAdmins, capabilities: provider.capabilities)
        var stopReason: String?
        var calls = 0
        var cancelled = 0
        func report(_ outcomes: [ActionOutcome]) {
            for outcome in outcomes {
                let reason = onOutcome(outcome)
                if stopReason == nil { stopReason = reason }
            }
        }
        let (bucket, retry, grace) = (TokenBucket(rate: provider.capabilities.requestsPerSecond), self.retry, self.grace)
        await withTaskGroup(of: Event.self) { group in
            var running = 0
            var noticed = false
            if let stop { group.addTask { await stop.wait(); return .stopRequested } }
            while true {
                if let signal = stop?.signal {
                    if !noticed {
                        noticed = true
                        onStop(signal, running)
                        if running > 0 {
                            group.addTask {
                                try? await Task.sleep(for: grace)
                                return .graceOver
                            }
                        }
                    }
                } else if stopReason == nil {
                    for batch in schedule.nextCalls(room: parallelism - running) {
                        batch.call.actions.forEach(onStart)
                        group.addTask { .call(await Self.perform(batch, provider: provider, bucket: bucket, retry: retry, stop: stop)) }
                        running += 1
                    }
                    // Settling may let more start: a skipped revoke no longer holds room it would free.
                    let blocked = schedule.settleBlocked()
                    report(blocked)
                    if !blocked.isEmpty { continue }
                }
                guard running > 0, let event = await group.next() else { break }
                switch event {
                case .stopRequested:
                    // Noticed at the top of the loop.
                    continue
                case .graceOver:
                    // What still runs is cancelled: a cancelled call reports as failed, its effect unknown.
                    cancelled = running
                    group.cancelAll()
                case .call(let finished):
                    running -= 1
                    calls += finished.attempts
                    guard let result = finished.result else {
                        schedule.abandon(finished.batch)
                        continue
                    }
                    report(schedule.finish(finished.batch, result: result, attempts: finished.attempts))
                }
            }
            // Ends the stop watch and the grace timer.
            group.cancelAll()
        }
        var result: ApplyReport
        if let signal = stop?.signal {
            result = ApplyReport(outcomes: schedule.outcomes, calls: calls)
            result.notStarted = schedule.unstarted
            result.interruption = ApplyReport.Interruption(signal: signal, cancelledCalls: cancelled)
        } else {
            report(schedule.settleUnstarted(stopReason: stopReason))
            result = ApplyReport(outcomes: schedule.outcomes, calls: calls)
        }
        return result
    }

    /// One provider call with its retries; the rate limit applies to every attempt. After a stop
    /// nothing more is sent: a call whose turn had not come is not sent at all, a failed one is
    /// not retried.
    private static func perform(
        _ batch: ApplySchedule.Batch, provider: some Provider, bucket: TokenBucket?, retry: RetryPolicy, stop: StopRequest?
    ) async -> CallResult {
        var generator = SystemRandomNumberGenerator()
        var attempt = 0
        var lastError: ProviderError?
        while true {
            await bucket?.take()
            if stop?.isRequested == true || Task.isCancelled {
                guard var error = lastError else { return CallResult(batch: batch, result: nil, attempts: attempt) }
                error.message += " (not retried: the run was stopped)"
                error.isTransient = false
                return CallResult(batch: batch, result: .failure(error), attempts: attempt)
            }
            attempt += 1
            do {
                let receipt = try await provider.perform(batch.call)
                return CallResult(batch: batch, result: .success(receipt), attempts: attempt)
            } catch {
                var error = error
                if Task.isCancelled {
                    error.message += " (cancelled: still running when the grace period after the stop ended; "
                        + "whether it took effect is unknown until the next plan reads the Business Center)"
                    return CallResult(batch: batch, result: .failure(error), attempts: attempt)
                }
                guard error.isTransient, attempt < retry.maxAttempts else {
                    return CallResult(batch: batch, result: .failure(error), attempts: attempt)
                }
                lastError = error
                try? await Task.sleep(for: retry.delay(after: attempt, using: &generator))
            }
        }
    }
}
