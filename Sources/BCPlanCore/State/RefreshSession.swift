import Foundation

/// `bcplan refresh` (DESIGN §6): record the live Business Center as the state, under the lock,
/// and say what drifted since the last record.
///
/// The state is written (serial + 1) only when what it records changes: a refresh that finds the
/// Business Center as recorded writes nothing, so a plan saved before it stays applicable.
public enum RefreshSession {
    public struct Request: Sendable {
        public var configPath: String
        /// Seconds to wait for another run's lock.
        public var lockTimeout: Double
        public var environment: [String: String]

        public init(configPath: String, lockTimeout: Double = 0, environment: [String: String] = ProcessInfo.processInfo.environment) {
            self.configPath = configPath
            self.lockTimeout = lockTimeout
            self.environment = environment
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
        /// Where the state is, for the message.
        public var statePath: String

        /// True when the refresh recorded drift (`--detailed-exitcode` exits 2).
        public var driftRecorded: Bool { written && !drift.isEmpty }

        /// The drift, then what became of the state.
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
                ]),
                "drift": .array(drift.map(\.json)),
            ])
        }

        /// The exit code: 2 for recorded drift with `--detailed-exitcode`, else 0.
        public func exitCode(detailed: Bool) -> Int32 {
            detailed && driftRecorded ? ExitStatus.changes : ExitStatus.success
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
        let writer = try context.lock("refresh", timeout: request.lockTimeout, notice: notice)
        defer { writer.release() }
        let recorded = writer.recorded
        let live = try await context.live()
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
            serial: recorder.serial, lineage: recorder.lineage, written: !unchanged,
            statePath: context.config.state.description)
    }
}
