import Foundation

/// One write of the recorded state as `bcplan history` tells it: when, by which command and
/// whom, and so why access changed then.
public struct HistoryRevision: Sendable, Hashable {
    /// Why the Business Center recorded by this write differs from the one before.
    public enum Cause: Sendable, Hashable {
        /// The first record of the Business Center: access held then was there already, since when is unknown.
        case firstRecord
        /// bcplan's own action, carried out by an apply.
        case action(String, result: AuditResult?)
        /// A change made outside bcplan, first seen by this refresh or apply when it read the
        /// live Business Center.
        case drift
        /// `bcplan state push` replaced the recorded state.
        case push
    }

    public var serial: Int
    public var time: Date
    /// `time` in RFC 3339 (UTC), made once: a history prints it for every interval.
    public let timeText: String
    /// `apply`, `refresh`, `push`.
    public var operation: String
    public var actor: String
    public var cause: Cause

    public init(serial: Int, time: Date, operation: String, actor: String, cause: Cause) {
        self.serial = serial
        self.time = time
        timeText = Clock.format(time)
        self.operation = operation
        self.actor = actor
        self.cause = cause
    }

    /// `already held when first recorded (refresh by ana@acme.example)`, `apply by maja@…: unshare:…`,
    /// `changed outside bcplan, first seen by refresh (ana@…)`.
    public var words: String {
        switch cause {
        case .firstRecord: "already held when first recorded (\(operation) by \(actor))"
        case .action(let action, _): "apply by \(actor): \(action)"
        case .drift: "changed outside bcplan, first seen by \(operation) (\(actor))"
        case .push: "state push by \(actor)"
        }
    }

    /// `first_record`, `action`, `drift`, `push`: the cause in machine output.
    public var causeName: String {
        switch cause {
        case .firstRecord: "first_record"
        case .action: "action"
        case .drift: "drift"
        case .push: "push"
        }
    }

    /// The plan action, for a cause that is one.
    public var action: String? {
        if case .action(let action, _) = cause { return action }
        return nil
    }
}
