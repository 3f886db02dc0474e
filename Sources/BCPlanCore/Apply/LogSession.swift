import Foundation

/// `bcplan log` without the command line: the audit log's entries, or the check of its hash chain
/// against the head the state recorded, in whichever backend the config's state is.
public enum LogSession {
    /// What to print and the exit code.
    public struct Report: Sendable {
        public var stdout: String
        public var stderr: String
        public var exitCode: Int32
    }

    /// - Throws: when the config is invalid, or the log or state cannot be read (a log whose chain
    ///   is broken is a result: `--verify` reports it, with exit 1).
    public static func run(configPath: String, verify: Bool, environment: [String: String]) throws(CommandFailure) -> Report {
        let store = try SessionContext(configPath: configPath, environment: environment).store
        let name = switch store.location {
        case .file(let path, _): AuditLog.path(forState: path)
        case .postgres(let location): "\(location)"
        }
        do throws(StateStoreError) {
            if verify {
                // The state records where the log ended, which also catches an edit of the last line.
                guard let verification = try store.verifyAudit(expectedHead: store.recordedAuditHead()) else {
                    return Report(stdout: "No audit log yet (\(name)).\n", stderr: "", exitCode: ExitStatus.success)
                }
                return verification.intact
                    ? Report(stdout: "\(verification)\n", stderr: "", exitCode: ExitStatus.success)
                    : Report(stdout: "", stderr: "error: \(verification)\n", exitCode: ExitStatus.failure)
            }
            guard let entries = try store.auditEntries() else {
                return Report(stdout: "No audit log yet (\(name)).\n", stderr: "", exitCode: ExitStatus.success)
            }
            let text = entries.isEmpty ? "No audit log entries yet (\(name)).\n" : AuditLogListing.render(entries)
            return Report(stdout: text, stderr: "", exitCode: ExitStatus.success)
        } catch {
            throw .error(error)
        }
    }
}
