/// Carries out a plan's actions through a provider (DESIGN §5): dependency order, at most
/// `parallelism` calls at once, the provider's rate limit, retries of transient failures, compatible
/// invitations and shares batched into one call, and the admin floor held at every instant.
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

    private enum Status: Equatable {
        case waiting, running, succeeded, failed, skipped, manual
    }

    private struct CallResult: Sendable {
        var indices: [Int]
        var result: Result<ProviderReceipt, ProviderError>
        var attempts: Int
    }

    /// Runs `actions` (in plan order) and reports one outcome per action, in the same order.
    /// - Parameters:
    ///   - base: the Business Center as the apply starts, for the admin floor.
    ///   - onStart: called as a call for the action goes out.
    ///   - onOutcome: called once per action as its outcome is known, in the calling task; returns
    ///     a reason to stop the run (e.g. the state could not be written), or nil to go on.
    public func run(
        _ actions: [PlanAction], provider: some Provider, base: Snapshot,
        onStart: (PlanAction) -> Void = { _ in }, onOutcome: (ActionOutcome) -> String?
    ) async -> ApplyReport {
        var status = [Status](repeating: .waiting, count: actions.count)
        var outcomes = [ActionOutcome?](repeating: nil, count: actions.count)
        var position: [String: Int] = [:]
        for (index, action) in actions.enumerated() { position[action.id] = index }
        var floor = AdminFloorGuard(minimum: minAdmins, snapshot: base)
        var capacity = CapacityGuard(snapshot: base, actions: actions)
        // Set once nothing runs and only actions waiting for room are left: they go ahead.
        var ignoreCapacity = false
        var stopReason: String?
        var calls = 0
        let capabilities = provider.capabilities
        // Computed once: the dispatch loop compares them for every ready action.
        let batchKeys = actions.map(ProviderCall.batchKey(for:))
        let bucket = TokenBucket(rate: capabilities.requestsPerSecond)
        let retry = self.retry

        func settle(_ index: Int, _ result: Status, _ outcome: ActionOutcome) {
            status[index] = result
            outcomes[index] = outcome
            capacity.finished(actions[index], succeeded: result == .succeeded)
            if let reason = onOutcome(outcome), stopReason == nil { stopReason = reason }
        }

        /// Marks what can no longer run or needs a person; true when `index` may start now.
        func isReady(_ index: Int) -> Bool {
            let action = actions[index]
            for dependency in action.dependsOn {
                guard let other = position[dependency] else { continue }
                switch status[other] {
                case .succeeded: continue
                case .waiting, .running: return false
                case .failed, .skipped, .manual:
                    let why = status[other] == .failed ? "failed" : status[other] == .manual ? "needs a manual step" : "was skipped"
                    settle(index, .skipped, ActionOutcome(action: action, result: .skipped, message: "skipped: it depends on \(dependency), which \(why)"))
                    return false
                }
            }
            if action.manual != nil {
                settle(index, .manual, ActionOutcome(action: action, result: .manual, message: "the provider cannot do this; a person must (see the plan's steps)"))
                return false
            }
            return true
        }

        await withTaskGroup(of: CallResult.self) { group in
            var running = 0
            while true {
                var cursor = 0
                var waitingForRoom = false
                while running < parallelism, stopReason == nil, cursor < actions.count {
                    let index = cursor
                    cursor += 1
                    guard status[index] == .waiting, isReady(index) else { continue }
                    switch floor.decide(actions[index]) {
                    case .wait: continue
                    case .refuse(let message):
                        settle(index, .failed, ActionOutcome(action: actions[index], result: .failed, message: message))
                        continue
                    case .go: break
                    }
                    var limit = ProviderCall.batchLimit(for: actions[index].kind, capabilities: capabilities)
                    if !ignoreCapacity, let room = capacity.room(for: actions[index]) {
                        if room == 0, capacity.mayMakeRoom(for: actions[index]) {
                            waitingForRoom = true
                            continue
                        }
                        limit = min(limit, max(room, 1))
                    }
                    var batch = [index]
                    if let key = batchKeys[index] {
                        var other = index + 1
                        while batch.count < limit, other < actions.count {
                            if status[other] == .waiting, batchKeys[other] == key, isReady(other) {
                                batch.append(other)
                            }
                            other += 1
                        }
                    }
                    for member in batch {
                        status[member] = .running
                        floor.started(actions[member])
                        capacity.started(actions[member])
                        onStart(actions[member])
                    }
                    let call = ProviderCall(batch.map { actions[$0] })
                    group.addTask {
                        await Self.perform(call, indices: batch, provider: provider, bucket: bucket, retry: retry)
                    }
                    running += 1
                }
                if running == 0, waitingForRoom, !ignoreCapacity, stopReason == nil {
                    ignoreCapacity = true
                    continue
                }
                guard running > 0, let finished = await group.next() else { break }
                running -= 1
                calls += finished.attempts
                for index in finished.indices {
                    let action = actions[index]
                    switch finished.result {
                    case .success(let receipt):
                        floor.finished(action, succeeded: true)
                        settle(index, .succeeded, ActionOutcome(
                            action: action, result: .succeeded, requestID: receipt.requestID, attempts: finished.attempts,
                            batchSize: finished.indices.count))
                    case .failure(let error):
                        floor.finished(action, succeeded: false)
                        let retried = error.isTransient ? " (still failing after \(finished.attempts) attempts)" : ""
                        settle(index, .failed, ActionOutcome(
                            action: action, result: .failed, requestID: error.requestID, message: error.message + retried,
                            attempts: finished.attempts, batchSize: finished.indices.count))
                    }
                }
            }
        }
        // What never started: blocked behind a stop, or behind a refused admin removal.
        for index in actions.indices where status[index] == .waiting {
            let message = stopReason.map { "not started: the run stopped because \($0)" }
                ?? "not started: what it waits for did not finish"
            settle(index, .skipped, ActionOutcome(action: actions[index], result: .skipped, message: message))
        }
        return ApplyReport(outcomes: outcomes.map { $0! }, calls: calls)
    }

    /// One provider call with its retries; the rate limit applies to every attempt.
    private static func perform(
        _ call: ProviderCall, indices: [Int], provider: some Provider, bucket: TokenBucket?, retry: RetryPolicy
    ) async -> CallResult {
        var generator = SystemRandomNumberGenerator()
        var attempt = 0
        while true {
            attempt += 1
            await bucket?.take()
            do {
                let receipt = try await provider.perform(call)
                return CallResult(indices: indices, result: .success(receipt), attempts: attempt)
            } catch {
                guard error.isTransient, attempt < retry.maxAttempts else {
                    return CallResult(indices: indices, result: .failure(error), attempts: attempt)
                }
                try? await Task.sleep(for: retry.delay(after: attempt, using: &generator))
            }
        }
    }
}
