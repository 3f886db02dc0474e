import Foundation

/// `bcplan plan` end to end, without the command line: load, read state, refresh, plan.
public enum PlanSession {
    public struct Request: Sendable {
        public var configPath: String
        public var refresh: Bool
        public var allowMassRevoke: Bool
        public var environment: [String: String]

        public init(configPath: String, refresh: Bool = true, allowMassRevoke: Bool = false,
                    environment: [String: String] = ProcessInfo.processInfo.environment) {
            self.configPath = configPath
            self.refresh = refresh
            self.allowMassRevoke = allowMassRevoke
            self.environment = environment
        }
    }

    /// The plan for `request`, or the reason there is none (an invalid config, an unreadable file).
    public static func plan(_ request: Request) throws(CommandFailure) -> Plan {
        let loaded = ConfigLoader.load(path: request.configPath)
        guard let config = loaded.config else {
            throw CommandFailure(ValidationReport(loaded, path: request.configPath).problems)
        }
        let now: Date
        do {
            now = try Clock.now(environment: request.environment)
        } catch {
            throw CommandFailure("error: \(error.message)", exitCode: 64)
        }
        let recorded: RecordedState?
        do {
            recorded = try StateFile.read(config.statePath)
        } catch {
            throw .error(error)
        }
        let provider = try makeProvider(config, environment: request.environment)
        let live: Snapshot
        if request.refresh {
            do {
                live = try provider.read()
            } catch {
                throw .error(error)
            }
        } else {
            guard let recorded else {
                throw .error("--no-refresh needs recorded state, and \(config.stateDisplayPath) does not exist yet; run without --no-refresh")
            }
            live = recorded.snapshot
        }
        return Planner.plan(
            config: config, configDigest: SHA256.hex(loaded.bytes), recorded: recorded, live: live,
            options: PlanOptions(now: now, allowMassRevoke: request.allowMassRevoke, capabilities: provider.capabilities))
    }

    /// The provider the config names. Its clock is `BCPLAN_NOW` when set (already checked by the
    /// caller), else the real time.
    static func makeProvider(_ config: Config, environment: [String: String]) throws(CommandFailure) -> Provider {
        switch config.provider.kind {
        case .mock:
            let fixed = environment["BCPLAN_NOW"].flatMap(Clock.parse)
            return MockProvider(
                storePath: config.provider.storePath, businessCenterID: config.businessCenterID,
                simulation: MockSimulation(config.provider), now: { fixed ?? Date() })
        case .tiktok:
            throw .error("provider kind 'tiktok' is not available in this version of bcplan; use kind: mock")
        }
    }
}
