/// One config of a directory of Business Centers, loaded once for the whole run.
public struct DirectoryConfig: Sendable {
    /// The directory as the user wrote it joined with the file name: "bcs/acme.yaml".
    public var path: String
    public var loaded: ConfigLoader.Result
    /// Why this config cannot run beside the others (it shares a state file, a Business Center or a
    /// name with another), unlocated errors; empty when it can.
    public var conflicts: [Diagnostic]

    public init(path: String, loaded: ConfigLoader.Result, conflicts: [Diagnostic] = []) {
        self.path = path
        self.loaded = loaded
        self.conflicts = conflicts
    }

    /// The file name without its extension: the name of its saved plan in a plan directory.
    public var stem: String { ConfigLoader.stem(of: path) }

    /// "Acme Retail (7000000000000000001)", or nil when the config is not valid.
    public var title: String? { loaded.config.map(BusinessCenterOutput.title(of:)) }
}

extension DirectoryConfig {
    /// The file name of this config's plan in a plan directory: "<stem>.plan.json".
    public var planName: String { stem + ConfigDirectory.planSuffix }

    /// Where `bcplan plan -c DIR --out PLANS` writes this config's plan: "PLANS/<stem>.plan.json".
    public func planPath(in planDirectory: String) -> String {
        ConfigDirectory.join(planDirectory, planName)
    }
}
