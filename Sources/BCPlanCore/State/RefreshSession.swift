import Foundation

/// `bcplan refresh` (DESIGN §6): record the live Business Center as the state, under the lock,
/// and say what drifted since the last record.
///
/// The state is written (serial + 1) only when what it records changes: a refresh that finds the
/// Business Center as recorded writes nothing, so a plan saved before it stays applicable.
///
/// A stop (the first SIGINT or SIGTERM) before the state is written cancels the read in flight
/// and writes nothing; one that comes while it is written lets that write end whole. Either way the
/// lock is released and the exit code is the signal's.
public enum RefreshSession {
    public struct Request: Sendable {
        public var configPath: String
        /// Seconds to wait for another run's lock.
        public var lockTimeout: Double
        public var environment: [String: String]
        /// Stops the refresh gracefully once requested (the first SIGINT or SIGTERM).
        public var stop: StopRequest

        public init(
            configPath: String, lockTimeout: Double = 0, environment: [String: String] = ProcessInfo.processInfo.environment,
            stop: StopRequest = StopRequest()
        ) {
            self.configPath = configPath
            self.lockTimeout = lockTimeout
            self.environment = environment
            self.stop = stop
        }
    }

    public struct Result: Sendable {
        /// The config as given (joined to the directory with `-c DIR`).
        public var config: String
        public var businessCenter: BusinessCenterInfo
        /// Sorted by object; empty on the first refresh (nothing was recorded to drift from).
        public var drift: [DriftEntry]
        /// The state's serial after the refresh: the one it wrote, or the one it found unchanged.
        public var serial: Int
        public var lineage: String
        /// True when the refresh wrote the state: the first one, or what it records changed.
        public var written: Bool
        /// True when nothing was recorded before: this refresh recorded the state for the first
        /// time, so there was nothing to find drift against.
        public var first: Bool
        /// Where the state is, for the message.
        public var statePath: String
        /// The signal that came while the state was being written (the write ended whole).
        public var interruption: StopSignal?

        /// True when the refresh recorded drift (`--detailed-exitcode` exits 2).
        public var driftRecorded: Bool { written && !drift.isEmpty }

        /// The drift, then what became of the state.
        public var text: String {
            var out = ""
            if let interruption {
                out += "\(interruption.name) came while the state was being written; the write was let end, so the state is whole.\n"
            }
            if first {
                return out + "First refresh: no state was recorded yet, so there is nothing to compare the Business Center with.\n"
                    + "Recorded the live Business Center in \(statePath) for the first time (serial \(serial)).\n"
            }
            if drift.isEmpty {
                out += "No drift: the Business Center matches the recorded state.\n"
            } else {
                out += "Drift: the Business Center changed since the state was recorded (by hand, or by an apply that was interrupted):\n"
                for entry in drift {
                    out += "  \(TextPlanRenderer.symbol(of: entry)) \(TextPlanRenderer.clean(TextPlanRenderer.words(of: entry)))\n"
                }
            }
            if written { return out + "Recorded the live Business Center in \(statePath) (serial \(serial)).\n" }
            return out + "The state in \(statePath) already records it (serial \(serial)); nothing was written.\n"
        }

        /// One entry of `RefreshDocument`'s `refreshes`.
        public var json: JSONValue {
            .object([
                "config": .string(config),
                "business_center": OutputDocument.businessCenter(id: businessCenter.id, name: businessCenter.name),
                "state": .object([
                    "location": .string(statePath), "lineage": .string(lineage), "serial": .int(serial), "written": .bool(written),
                    "first": .bool(first),
                ]),
                "drift": .array(drift.map(\.json)),
            ])
        }

        /// The exit code: the signal's when one came, 2 for recorded drift with `--detailed-exitcode`, else 0.
        public func exitCode(detailed: Bool) -> Int32 {
            if let interruption { return interruption.exitCode }
            return detailed && driftRecorded ? ExitStatus.changes : ExitStatus.success
        }
    }

    public static func run(_ request: Request, notice: (String) -> Void) async throws(CommandFailure) -> Result {
        try await run(request, context: SessionContext(configPath: request.configPath, environment: request.environment), notice: notice)
    }

    /// A refresh of a config already loaded (a directory run).
    public static func run(
        _ request: Request, loaded: ConfigLoader.Result, config: Config, notice: (String) -> Void
    ) async throws(CommandFailure) -> Result {
        try await run(
            request,
            context: SessionContext(configPath: request.configPath, loaded: loaded, config: config, environment: request.environment),
            notice: notice)
    }

    private static func run(_ request: Request, context: SessionContext, notice: (String) -> Void) async throws(CommandFailure) -> Result {
        let stop = request.stop
        let writer: any StateWriter
        do {
            writer = try context.lock("refresh", timeout: request.lockTimeout, stop: stop, notice: notice)
        } catch {
            if let signal = stop.signal {
                throw CommandFailure("Refresh interrupted by \(signal.name) while it waited for the state lock; nothing was written.", exitCode: signal.exitCode)
            }
            throw error
        }
        defer { writer.release() }
        let recorded = writer.recorded
        guard let live = try await context.live(unless: stop) else {
            throw interrupted(stop.signal ?? .interrupt, serial: recorded?.serial, context: context)
        }
        let recorder = StateRecorder(
            writer: writer, base: RecordedState.carryingInvitations(from: recorded?.snapshot, into: live),
            now: Clock.format(context.now), operation: "refresh", actor: context.actor)
        // Nothing to record is nothing to write: the serial stays, and saved plans stay applicable.
        let unchanged = recorded.map { SnapshotChanges.between($0.snapshot, recorder.base).isEmpty } ?? false
        if !unchanged {
            do {
                try recorder.begin()
                try recorder.checkpoint()
            } catch {
                throw .error("cannot write the state: \(error)")
            }
        }
        return Result(
            config: request.configPath, businessCenter: live.businessCenter,
            drift: recorded.map { DriftDetector.drift(recorded: $0.snapshot, live: live) } ?? [],
            serial: recorder.serial, lineage: recorder.lineage, written: !unchanged, first: recorded == nil,
            statePath: context.config.state.description, interruption: stop.signal)
    }

    /// A stop before the state was written: nothing was, and the exit code is the signal's.
    private static func interrupted(_ signal: StopSignal, serial: Int?, context: SessionContext) -> CommandFailure {
        let state = serial.map { "the state in \(context.config.state) is as it was (serial \($0))" }
            ?? "no state was recorded in \(context.config.state)"
        return CommandFailure("Refresh interrupted by \(signal.name) before the state was written: \(state); the lock is released.", exitCode: signal.exitCode)
    }
}
