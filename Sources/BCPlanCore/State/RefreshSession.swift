import Foundation

/// `bcplan refresh` (DESIGN §6): record the live Business Center as the state, under the lock,
/// and say what drifted since the last record.
public enum RefreshSession {
    public struct Result: Sendable {
        public var drift: [DriftEntry]
        public var state: RecordedState
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
            return out + "Recorded the live Business Center in \(statePath) (serial \(state.serial)).\n"
        }
    }

    public static func run(
        configPath: String, lockTimeout: Double, environment: [String: String] = ProcessInfo.processInfo.environment,
        notice: (String) -> Void
    ) throws(CommandFailure) -> Result {
        let loaded = ConfigLoader.load(path: configPath)
        guard let config = loaded.config else {
            throw CommandFailure(ValidationReport(loaded, path: configPath).problems)
        }
        let now: Date
        do {
            now = try Clock.now(environment: environment)
        } catch {
            throw CommandFailure("error: \(error.message)", exitCode: 64)
        }
        let provider = try PlanSession.makeProvider(config, environment: environment)
        let lock: StateLock
        do {
            lock = try StateLock.acquire(
                statePath: config.statePath, operation: "refresh", timeout: lockTimeout, configArgument: configPath,
                now: now, notice: notice)
        } catch {
            throw .error(error)
        }
        defer { lock.release() }
        let recorded: RecordedState?
        let live: Snapshot
        do {
            recorded = try StateFile.read(config.statePath)
        } catch {
            throw .error(error)
        }
        do {
            live = try provider.read()
        } catch {
            throw .error(error)
        }
        let state = RecordedState(
            lineage: recorded?.lineage ?? UUID().uuidString.lowercased(), serial: (recorded?.serial ?? 0) + 1,
            refreshedAt: Clock.format(now), snapshot: RecordedState.carryingInvitations(from: recorded?.snapshot, into: live),
            auditHead: recorded?.auditHead)
        do {
            try StateFile.write(state, to: config.statePath)
        } catch {
            throw .error("cannot write the state: \(error)")
        }
        return Result(
            drift: recorded.map { DriftDetector.drift(recorded: $0.snapshot, live: live) } ?? [], state: state,
            statePath: config.stateDisplayPath)
    }
}
