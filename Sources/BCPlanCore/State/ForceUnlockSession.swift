/// `bcplan force-unlock` without the command line: remove the state lock of a config's state, only
/// when the id matches.
public enum ForceUnlockSession {
    /// The sentence that says which lock went.
    public static func run(configPath: String, id: String) throws(CommandFailure) -> String {
        let statePath = try SessionContext.config(at: configPath).1.statePath
        do {
            guard let removed = try StateLock.forceUnlock(statePath: statePath, id: id) else {
                return "Removed the corrupt lock file \(StateLock.lockPath(forState: statePath)).\n"
            }
            return "Removed the lock \(removed.id) (\(removed.operation) by \(removed.user) on \(removed.host), "
                + "pid \(removed.pid), since \(removed.createdAt)).\n"
        } catch {
            throw .error(error)
        }
    }
}
