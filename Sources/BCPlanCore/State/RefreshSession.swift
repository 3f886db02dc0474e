import Foundation

/// `bcplan refresh` (DESIGN §6): record the live Business Center as the state, under the lock,
/// and say what drifted since the last record.
public enum RefreshSession {
    public struct Result: Sendable {
        public var drift: [DriftEntry]
        /// The serial the refresh wrote.
        public var serial: Int
        /// Where the state went, for the message.
        public var statePath: String

        /// The drift, then where the state went.
        public var text: String {
            var out = ""
            if drift.isEmpty {
                out += "No drift: the Business Center matches the recorded state.\n"
            } else {
                out += "Drift: the Business Center changed since the state was recorded (by hand, or by an apply that was interrupted):\n"
                for entry in drift {
                    out += "  \(TextPlanRenderer.symbol(of: entry)) \(TextPlanRenderer.clean(TextPlanRenderer.words(of: entry)))\n"
                }
            }
            return out + "Recorded the live Business Center in \(statePath) (serial \(serial)).\n"
        }
    }

    public static func run(
        configPath: String, lockTimeout: Double, environment: [String: String] = ProcessInfo.processInfo.environment,
        notice: (String) -> Void
    ) async throws(CommandFailure) -> Result {
        let context = try SessionContext(configPath: configPath, environment: environment)
        let writer = try context.lock("refresh", timeout: lockTimeout, notice: notice)
        defer { writer.release() }
        let recorded = writer.recorded
        let live = try await context.live()
        let recorder = StateRecorder(
            writer: writer, base: RecordedState.carryingInvitations(from: recorded?.snapshot, into: live),
            now: Clock.format(context.now), operation: "refresh", actor: context.actor)
        do {
            try recorder.begin()
            try recorder.checkpoint()
        } catch {
            throw .error("cannot write the state: \(error)")
        }
        return Result(
            drift: recorded.map { DriftDetector.drift(recorded: $0.snapshot, live: live) } ?? [],
            serial: recorder.serial, statePath: context.config.state.description)
    }
}
