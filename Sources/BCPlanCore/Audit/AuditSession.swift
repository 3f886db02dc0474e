import Foundation

/// `bcplan audit` without the command line: load the config (for its policy and asset keys), read
/// the live Business Center with the invitation times the state recorded, and audit it.
public enum AuditSession {
    public static func report(
        configPath: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) async throws(CommandFailure) -> AccessReport {
        try await report(SessionContext(configPath: configPath, environment: environment))
    }

    /// The report for a config loaded already (a directory run loads each once).
    public static func report(
        configPath: String, loaded: ConfigLoader.Result, config: Config,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) async throws(CommandFailure) -> AccessReport {
        try await report(SessionContext(configPath: configPath, loaded: loaded, config: config, environment: environment))
    }

    private static func report(_ context: SessionContext) async throws(CommandFailure) -> AccessReport {
        let recorded = try context.recorded()
        let live = RecordedState.carryingInvitations(from: recorded?.snapshot, into: try await context.live())
        return AccessAuditor.audit(live, config: context.config, now: context.now)
    }
}
