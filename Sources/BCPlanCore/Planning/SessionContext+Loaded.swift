import Foundation

extension SessionContext {
    /// The context of a config already loaded and valid (a directory run loads each config once,
    /// to check the configs against each other before any runs).
    init(configPath: String, loaded: ConfigLoader.Result, config: Config, environment: [String: String]) throws(CommandFailure) {
        self.configPath = configPath
        self.loaded = loaded
        self.config = config
        do {
            now = try Clock.now(environment: environment)
        } catch {
            throw .usage(error.message)
        }
        provider = try Self.provider(for: config, environment: environment)
        store = Self.store(for: config, environment: environment)
    }
}
