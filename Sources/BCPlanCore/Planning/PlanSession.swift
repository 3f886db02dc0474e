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
    public static func plan(_ request: Request) async throws(CommandFailure) -> Plan {
        try await plan(request, context: SessionContext(configPath: request.configPath, environment: request.environment))
    }

    /// The plan for a config loaded already (`request.configPath` is its path).
    public static func plan(_ request: Request, loaded: ConfigLoader.Result, config: Config) async throws(CommandFailure) -> Plan {
        try await plan(request, context: SessionContext(
            configPath: request.configPath, loaded: loaded, config: config, environment: request.environment))
    }

    static func plan(_ request: Request, context: SessionContext) async throws(CommandFailure) -> Plan {
        let recorded = try context.recorded()
        let live: Snapshot
        if request.refresh {
            live = try await context.live()
        } else {
            guard let recorded else {
                let missing = switch context.config.state {
                case .file(_, let displayPath): "\(displayPath) does not exist yet"
                case .postgres(let location): "\(location) holds none yet"
                }
                throw .error("--no-refresh needs recorded state, and \(missing); run without --no-refresh")
            }
            live = recorded.snapshot
        }
        let plan = Planner.plan(
            config: context.config, configDigest: context.configDigest, recorded: recorded, live: live,
            options: PlanOptions(now: context.now, allowMassRevoke: request.allowMassRevoke, capabilities: context.provider.capabilities))
        // Changes nobody could carry out with these credentials are not offered for review.
        if plan.hasChanges, let refusal = context.provider.writeRefusal { throw .error(refusal) }
        return plan
    }
}
