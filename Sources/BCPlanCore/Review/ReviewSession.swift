import Foundation

/// `bcplan review` without the command line: the config's declared access due for review as of
/// the clock (`BCPLAN_NOW`), rendered, with the exit code. Reads only the config.
public enum ReviewSession {
    public struct Request: Sendable {
        public var configPath: String
        public var format: ReviewFormat
        /// Exit 2 when anything is due, 0 when nothing is.
        public var detailedExitcode: Bool
        public var environment: [String: String]

        public init(
            configPath: String, format: ReviewFormat = .text, detailedExitcode: Bool = false,
            environment: [String: String] = ProcessInfo.processInfo.environment
        ) {
            self.configPath = configPath
            self.format = format
            self.detailedExitcode = detailedExitcode
            self.environment = environment
        }
    }

    /// The review of the config at `configPath`.
    public static func review(configPath: String, environment: [String: String]) throws(CommandFailure) -> AccessReview {
        let (_, config) = try SessionContext.config(at: configPath)
        return try review(config, environment: environment)
    }

    /// The review of a config already loaded (a directory run loads each once).
    static func review(_ config: Config, environment: [String: String]) throws(CommandFailure) -> AccessReview {
        do {
            return AccessReview(config: config, now: try Clock.now(environment: environment))
        } catch {
            throw .usage(error.message)
        }
    }

    /// 2 with `detailedExitcode` when anything is due, else 0.
    public static func exitCode(_ review: AccessReview, detailedExitcode: Bool) -> Int32 {
        detailedExitcode && review.dueCount > 0 ? ExitStatus.changes : ExitStatus.success
    }

    /// Prints the review of one config and returns the exit code.
    public static func run(_ request: Request, output: CommandOutput) throws(CommandFailure) -> Int32 {
        let review = try review(configPath: request.configPath, environment: request.environment)
        output.standard(request.format.renderer.render(review))
        return exitCode(review, detailedExitcode: request.detailedExitcode)
    }
}
