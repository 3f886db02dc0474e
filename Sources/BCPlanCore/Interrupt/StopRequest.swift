import Synchronization

/// A request that a run stop, made once (by the first SIGINT or SIGTERM through `SignalWatch`, or
/// by a test) and seen by every part of the run: the apply loop starts nothing new, the terminal
/// prompt and the wait for a lock give up, `wait()` returns. One request serves every Business
/// Center of a directory run.
public final class StopRequest: Sendable {
    private struct State {
        var signal: StopSignal?
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var lastWaiter = 0
        var lastWords: [@Sendable () -> Void] = []
    }

    private let state = Mutex(State())

    public init() {}

    /// The signal that asked the run to stop; nil while it goes on.
    public var signal: StopSignal? { state.withLock { $0.signal } }

    public var isRequested: Bool { signal != nil }

    /// Asks the run to stop; false when it was asked already (only the first request counts).
    @discardableResult
    public func request(_ signal: StopSignal) -> Bool {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>]? in
            guard state.signal == nil else { return nil }
            state.signal = signal
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        guard let waiters else { return false }
        for waiter in waiters { waiter.resume() }
        return true
    }

    /// Registers what to print when the process is about to end at once (the second signal):
    /// output still held back that would otherwise be lost.
    public func beforeStoppingAtOnce(_ body: @escaping @Sendable () -> Void) {
        state.withLock { $0.lastWords.append(body) }
    }

    /// Runs what `beforeStoppingAtOnce` registered, in order; called just before the process ends.
    public func stoppingAtOnce() {
        for body in state.withLock({ $0.lastWords }) { body() }
    }

    /// Returns once a stop is requested, or as soon as the calling task is cancelled.
    func wait() async {
        let id = state.withLock { state -> Int in
            state.lastWaiter += 1
            return state.lastWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = state.withLock { state -> Bool in
                    if state.signal != nil || Task.isCancelled { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
        }
    }
}
