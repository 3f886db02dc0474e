/// `bcplan log` without the command line: the audit log's entries, or the check of its hash chain
/// against the head the state recorded.
public enum LogSession {
    /// What to print and the exit code.
    public struct Report: Sendable {
        public var stdout: String
        public var stderr: String
        public var exitCode: Int32
    }

    /// - Throws: when the config is invalid, or the log or state cannot be read (a log whose chain
    ///   is broken is a result: `--verify` reports it, with exit 1).
    public static func run(configPath: String, verify: Bool) throws(CommandFailure) -> Report {
        let statePath = try SessionContext.config(at: configPath).1.statePath
        let path = AuditLog.path(forState: statePath)
        // The state records where the log ended, which also catches an edit of the last line.
        var head: AuditHead?
        if verify {
            do {
                head = try StateFile.read(statePath)?.auditHead
            } catch {
                throw .error(error)
            }
        }
        do throws(AuditLogError) {
            if verify {
                let verification = try AuditLog.verify(path: path, expectedHead: head)
                return verification.intact
                    ? Report(stdout: "\(verification)\n", stderr: "", exitCode: ExitStatus.success)
                    : Report(stdout: "", stderr: "error: \(verification)\n", exitCode: ExitStatus.failure)
            }
            let entries = try AuditLog.read(path: path)
            let text = entries.isEmpty ? "No audit log entries yet (\(path)).\n" : AuditLogListing.render(entries)
            return Report(stdout: text, stderr: "", exitCode: ExitStatus.success)
        } catch {
            guard case .missing = error else { throw .error(error) }
            return Report(stdout: "No audit log yet (\(path)).\n", stderr: "", exitCode: ExitStatus.success)
        }
    }
}
