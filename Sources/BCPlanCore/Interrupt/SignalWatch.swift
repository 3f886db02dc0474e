import Dispatch
import Foundation
import Synchronization

/// Turns SIGINT and SIGTERM into a `StopRequest` (DESIGN §6). The first asks the run to stop:
/// no new action starts, what is in flight finishes, the state and the audit log are recorded and
/// the lock released. The second ends the process at once with its own exit code.
///
/// Ending at once leaves nothing half-written: every state and audit write is appended and
/// fsync'd whole before the next, a torn last line is ignored by the next reader, and the lock of a
/// process that is gone is taken over by the next run on this machine (PostgreSQL: also once its
/// lease runs out), exactly as after SIGKILL (`Tests/Reliability/kill_test.py`).
///
/// The executable installs it for `apply` and `refresh`; the signals are then delivered to a
/// dispatch queue, never to a handler that runs between two instructions of the run.
public final class SignalWatch: Sendable {
    private let sources: Mutex<[any DispatchSourceSignal]>

    /// Starts watching: from now on SIGINT and SIGTERM no longer end the process by themselves.
    /// - Parameters:
    ///   - firstNotice: what the first signal does, as printed (`applyNotice`, `refreshNotice`).
    ///   - notice: receives what to print on standard error at each signal (with its newline).
    ///   - exitNow: ends the process at the second signal, with that signal's exit code.
    public init(
        _ stop: StopRequest, firstNotice: @escaping @Sendable (StopSignal) -> String = SignalWatch.applyNotice,
        notice: @escaping @Sendable (String) -> Void, exitNow: @escaping @Sendable (Int32) -> Never
    ) {
        let queue = DispatchQueue(label: "bcplan.signals")
        var sources: [any DispatchSourceSignal] = []
        for signal in StopSignal.allCases {
            // Ignored first, so the default action (ending the process) never runs; the source
            // still sees every delivery.
            Foundation.signal(signal.number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signal.number, queue: queue)
            source.setEventHandler { [source] in
                // Two signals close together arrive as one event with a count.
                for _ in 0..<max(1, Int(source.data)) {
                    // The notice first, so it comes before anything the run prints as it stops
                    // (only this serial queue requests a stop, so the check cannot race).
                    if !stop.isRequested {
                        notice(firstNotice(signal))
                        stop.request(signal)
                    } else {
                        notice(Self.secondNotice(signal))
                        stop.stoppingAtOnce()
                        exitNow(signal.exitCode)
                    }
                }
            }
            source.resume()
            sources.append(source)
        }
        self.sources = Mutex(sources)
    }

    /// Stops watching; the signals end the process again.
    public func cancel() {
        sources.withLock { sources in
            for source in sources { source.cancel() }
            sources = []
        }
        for signal in StopSignal.allCases { Foundation.signal(signal.number, SIG_DFL) }
    }

    /// The first signal of an apply.
    @Sendable public static func applyNotice(_ signal: StopSignal) -> String {
        "\n\(signal.name) received: no new action starts; the calls in flight finish (up to \(Executor.interruptGrace.components.seconds) s), "
            + "then the state and the audit log are recorded and the lock is released. "
            + "\(signal == .interrupt ? "Press Ctrl-C" : "Send SIGTERM or SIGINT") again to stop at once.\n"
    }

    /// The first signal of a refresh: a read changes nothing, so it is cancelled rather than waited for.
    @Sendable public static func refreshNotice(_ signal: StopSignal) -> String {
        "\n\(signal.name) received: the read of the Business Center is cancelled and nothing is written "
            + "(a state already being written is written whole); the lock is released. "
            + "\(signal == .interrupt ? "Press Ctrl-C" : "Send SIGTERM or SIGINT") again to stop at once.\n"
    }

    static func secondNotice(_ signal: StopSignal) -> String {
        "\(signal.name) received, a second signal: stopping at once. What was recorded stays; "
            + "the lock stays until the next run takes it over (on this machine at once, as this process is gone).\n"
    }
}
