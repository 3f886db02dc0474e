/// `bcplan log` without the command line: the audit log beside a config's state, listed or
/// checked against its hash chain and the head the state recorded.
public enum LogSession {
    /// The log's path and its entries; nil entries when there is no log yet.
    public static func read(configPath: String) throws(CommandFailure) -> (path: String, entries: [AuditEntry]?) {
        let path = AuditLog.path(forState: try SessionContext.config(at: configPath).1.statePath)
        do {
            return (path, try AuditLog.read(path: path))
        } catch .missing {
            return (path, nil)
        } catch {
            throw .error(error)
        }
    }

    /// The listing, or a line that says there is nothing to list.
    public static func text(configPath: String) throws(CommandFailure) -> String {
        let (path, entries) = try read(configPath: configPath)
        guard let entries else { return "No audit log yet (\(path)).\n" }
        return entries.isEmpty ? "No audit log entries yet (\(path)).\n" : AuditLogListing.render(entries)
    }

    /// The line that says the log is intact; throws the one that says where it is not.
    public static func verification(configPath: String) throws(CommandFailure) -> String {
        let statePath = try SessionContext.config(at: configPath).1.statePath
        let path = AuditLog.path(forState: statePath)
        // The state records where the log ended, which also catches an edit of the last line.
        let head: AuditHead?
        do {
            head = try StateFile.read(statePath)?.auditHead
        } catch {
            throw .error(error)
        }
        let verification: AuditVerification
        do {
            verification = try AuditLog.verify(path: path, expectedHead: head)
        } catch .missing {
            return "No audit log yet (\(path)).\n"
        } catch {
            throw .error(error)
        }
        guard verification.intact else { throw .error(verification) }
        return "\(verification)\n"
    }
}
