/// The recorded state's commands without the command line.
public enum StateSession {
    /// `bcplan force-unlock`: removes the state lock of a config's state, only when the id matches;
    /// the sentence that says which lock went. `environment` is for a state backend that reads its
    /// connection from it; the file backend needs none.
    public static func forceUnlock(configPath: String, id: String, environment: [String: String]) throws(CommandFailure) -> String {
        let statePath = try SessionContext.config(at: configPath).1.statePath
        // Before the removal: a lock taken at the old name (`<state>.lock`) is the one removed.
        let lockPath = StateLock.existingLockPath(forState: statePath)
        do {
            guard let removed = try StateLock.forceUnlock(statePath: statePath, id: id) else {
                return "Removed the corrupt lock file \(lockPath).\n"
            }
            return "Removed the lock \(removed.id) (\(removed.operation) by \(removed.user) on \(removed.host), "
                + "pid \(removed.pid), since \(removed.createdAt)).\n"
        } catch {
            throw .error(error)
        }
    }
}
