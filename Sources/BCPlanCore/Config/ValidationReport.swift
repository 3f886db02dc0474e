/// What `bcplan validate` prints for one loaded file.
public struct ValidationReport: Sendable {
    public var succeeded: Bool
    /// The one-line summary on success.
    public var summary: String
    /// Every diagnostic rendered with its source line, then a count line; empty on success.
    public var problems: String

    public init(_ result: ConfigLoader.Result, path: String) {
        // The file's text only when a diagnostic shows a line of it.
        var renderer: DiagnosticRenderer {
            DiagnosticRenderer(sources: result.source.map { [path: $0] } ?? [:])
        }
        let errors = result.diagnostics.filter { $0.severity == .error }.count
        if let config = result.config, errors == 0 {
            succeeded = true
            let name = config.businessCenterName.map { " (\($0))" } ?? ""
            summary = "\(path): valid: Business Center \(config.businessCenterID)\(name), "
                + config.members.count.counted("member") + ", "
                + config.partners.count.counted("partner") + ", "
                + config.assets.count.counted("asset")
            problems = result.diagnostics.isEmpty ? "" : renderer.render(result.diagnostics)
        } else {
            succeeded = false
            summary = ""
            problems = renderer.render(result.diagnostics) + "\(path): " + max(errors, 1).counted("error") + "\n"
        }
    }
}
