import Foundation

/// `bcplan audit` without the command line: load the config (for its policy and asset keys), read
/// the live Business Center with the invitation times the state recorded, and audit it.
public enum AuditSession {
    public static func report(
        configPath: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) async throws(CommandFailure) -> AccessReport {
        let context = try SessionContext(configPath: configPath, environment: environment)
        let recorded = try context.recorded()
        let live = RecordedState.carryingInvitations(from: recorded?.snapshot, into: try await context.live())
        return AccessAuditor.audit(live, config: context.config, now: context.now)
    }
}
