/// `bcplan validate --format json`: every config checked, each with every diagnostic (not only
/// the first screens the text shows), in one document (`schema/validate.schema.json`).
///
/// One config (`-c FILE`) and a directory (`-c DIR`) give the same shape: `configs` holds one entry
/// per file, in file-name order, and `valid` is true only when every one is.
public struct ValidationDocument: Sendable {
    public let json: JSONValue
    /// True when every config is valid (exit 0).
    public let valid: Bool

    public init(_ configs: [DirectoryConfig]) {
        let diagnostics = configs.flatMap { $0.loaded.diagnostics + $0.conflicts }
        let valid = configs.filter(Self.isValid).count
        self.valid = valid == configs.count
        json = OutputDocument.envelope([
            "valid": .bool(valid == configs.count),
            "configs": .array(configs.map(Self.entry)),
            "summary": .object([
                "configs": .int(configs.count), "valid": .int(valid), "invalid": .int(configs.count - valid),
                "errors": .int(diagnostics.filter { $0.severity == .error }.count),
                "warnings": .int(diagnostics.filter { $0.severity == .warning }.count),
            ]),
        ])
    }

    /// Checks the config at `path`, or every config of the directory there, `jobs` at a time.
    /// - Throws: when the directory cannot be read or holds no config.
    public static func check(_ path: String, jobs: Int) async throws(CommandFailure) -> ValidationDocument {
        guard ConfigDirectory.isDirectory(path) else {
            return ValidationDocument([DirectoryConfig(path: path, loaded: ConfigLoader.load(path: path))])
        }
        return ValidationDocument(try await ConfigDirectory.load(path, jobs: jobs))
    }

    /// Valid: it loaded without an error and runs beside the other configs of its directory.
    static func isValid(_ config: DirectoryConfig) -> Bool {
        config.loaded.config != nil && config.conflicts.isEmpty
    }

    private static func entry(_ entry: DirectoryConfig) -> JSONValue {
        let config = entry.loaded.config
        let diagnostics = (entry.loaded.diagnostics + entry.conflicts).sortedForDisplay()
        return .object([
            "path": .string(entry.path),
            "valid": .bool(isValid(entry)),
            "business_center": config.map { OutputDocument.businessCenter(id: $0.businessCenterID, name: $0.businessCenterName) }
                ?? .null,
            "counts": config.map { config in
                .object([
                    "members": .int(config.members.count), "partners": .int(config.partners.count),
                    "assets": .int(config.assets.count),
                ])
            } ?? .null,
            "diagnostics": .array(diagnostics.map(OutputDocument.diagnostic)),
        ])
    }
}
