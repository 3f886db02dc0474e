import Foundation
import Synchronization

/// The state side of one apply, between the executor and the state store: each outcome goes to
/// the audit log and the recorded state as one write (`StateRecorder.record`); the first write
/// that fails, or a `stop` from outside, stops the run (no new action starts; what is in flight is
/// still recorded); `finish` writes what was recorded in the backend's own form and releases the lock.
///
/// `stop` and `stopReason` may be called from any task (a signal handler); `record` and `finish`
/// from the task that runs the apply.
final class ApplyRecording: Sendable {
    /// Used only by `record` and `finish`, which the apply's own task calls one after another.
    nonisolated(unsafe) private let recorder: StateRecorder
    private let actor: String
    private let environment: [String: String]
    private let now: Date
    private let stopped = Mutex<String?>(nil)

    init(recorder: StateRecorder, actor: String, environment: [String: String], now: Date) {
        self.recorder = recorder
        self.actor = actor
        self.environment = environment
        self.now = now
    }

    /// Why the run stops, once it does: the first write that failed, or what `stop` was given.
    var stopReason: String? { stopped.withLock { $0 } }

    /// Asks the run to stop: the executor starts nothing new after the next outcome.
    func stop(because reason: String) {
        stopped.withLock { if $0 == nil { $0 = reason } }
    }

    /// Records `outcome`; returns the reason to stop the run, or nil to go on.
    func record(_ outcome: ActionOutcome) -> String? {
        let entry = AuditEntry(
            time: (try? Clock.now(environment: environment)) ?? now, actor: actor, action: outcome.action.id,
            kind: outcome.action.kind.rawValue, result: outcome.result, requestID: outcome.requestID,
            message: outcome.message, attempts: outcome.attempts)
        do {
            try recorder.record(outcome, audit: entry)
        } catch {
            // A write that fails stops the run: what was done is in the Business Center, and the
            // next apply reads it there and plans only the rest.
            stop(because: Self.reason(error))
        }
        return stopReason
    }

    /// Writes what was recorded in the backend's own form (the file backend's checkpoint) and
    /// releases the lock. Returns a notice when the checkpoint failed: nothing is lost then, the
    /// next run replays what this one recorded.
    func finish() -> String? {
        defer { recorder.writer.release() }
        do {
            try recorder.checkpoint()
            return nil
        } catch {
            return "notice: what this run recorded stays in the state's journal until the next run takes it in (\(error))"
        }
    }

    /// How a failed write is worded as the reason the run stopped.
    static func reason(_ error: StateStoreError) -> String {
        switch error {
        case .audit: "the audit log could not be written (\(error))"
        case .takenOver: "\(error)"
        case .lock, .file, .journal, .noDatabaseURL, .invalidDatabaseURL, .database, .schemaTooNew, .corrupt, .held, .notLocked,
             .otherID, .changedUnderLock:
            "the state could not be written (\(error))"
        }
    }
}
