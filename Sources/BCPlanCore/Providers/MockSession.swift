import Foundation

/// `bcplan mock accept|reject`: load the config, check it uses the mock, respond.
public enum MockSession {
    public static func respond(
        configPath: String, ids: [String], all: Bool, accept: Bool,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(CommandFailure) -> [String] {
        let (_, config) = try SessionContext.config(at: configPath)
        guard let mock = try SessionContext.provider(for: config, environment: environment) as? MockProvider else {
            throw .error("\(configPath) uses provider kind '\(config.provider.kind.rawValue)'; bcplan mock works only with kind: mock")
        }
        do {
            return try mock.respond(to: ids, all: all, accept: accept)
        } catch {
            throw .error(error)
        }
    }
}
