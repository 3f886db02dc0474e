/// What one command did for one Business Center of a directory: its output, held back so the
/// groups print in a stable order, its exit code, and how the total line counts it.
public struct BusinessCenterOutput: Sendable {
    public enum Status: Sendable, Equatable {
        /// Nothing to do (plan), or valid (validate).
        case succeeded
        /// A plan with this many actions, or an apply that carried out this many.
        case changed(actions: Int)
        case failed
        /// A signal stopped it (an apply, a refresh): exit code 130 or 143.
        case interrupted
        /// A first refresh: the state recorded for the first time, with nothing to compare it with.
        case recordedFirst

        /// Failed or interrupted: it did not do all it was asked to.
        public var isFailure: Bool {
            switch self {
            case .succeeded, .changed, .recordedFirst: false
            case .failed, .interrupted: true
            }
        }
    }

    /// The config's path, "bcs/acme.yaml".
    public var config: String
    /// A Business Center a signal stopped the run before: it did not begin, and says so.
    public init(config: String, title: String?, notStartedBecauseOf signal: StopSignal) {
        self.init(
            config: config, title: title,
            stdout: "Not started: \(signal.name) stopped the run before this Business Center began.\n",
            exitCode: signal.exitCode, status: .interrupted)
    }

    /// "Acme Retail (7000000000000000001)"; nil when the config could not be read.
    public var title: String?
    public var stdout: String
    public var stderr: String
    public var exitCode: Int32
    public var status: Status
    /// The result as JSON (a plan) for `--format json` and `--out`; nil when there is none.
    public var document: JSONValue?

    public init(
        config: String, title: String?, stdout: String = "", stderr: String = "", exitCode: Int32,
        status: Status, document: JSONValue? = nil
    ) {
        self.config = config
        self.title = title
        self.stdout = stdout
        self.stderr = stderr
        self.exitCode = exitCode
        self.status = status
        self.document = document
    }

    /// A command's failure for this config: the message on stderr, its exit code.
    public init(config: String, title: String?, failure: CommandFailure) {
        self.init(config: config, title: title, stderr: failure.message, exitCode: failure.exitCode, status: .failed)
    }

    /// "Acme Retail (7000000000000000001)", or the id alone when the config names no Business Center.
    public static func title(of config: Config) -> String {
        config.businessCenterName.map { "\($0) (\(config.businessCenterID))" } ?? config.businessCenterID
    }
}
