import BCPlanPostgres

/// Why the recorded state could not be read, locked or written, in one sentence (without
/// "error: "). No message ever holds a connection string or a password.
public enum StateStoreError: Error, Sendable, CustomStringConvertible {
    /// The file backend's lock.
    case lock(StateLockError)
    case file(FileProblem)
    case audit(AuditLogError)
    /// The state journal of the file backend is not a continuation of the state file.
    case journal(FileProblem)
    /// The state is in PostgreSQL, but the variable naming the database is not set.
    case noDatabaseURL(location: PostgresStateLocation)
    /// The variable is set but holds no connection string.
    case invalidDatabaseURL(location: PostgresStateLocation)
    /// The database could not be reached or refused a statement.
    case database(location: PostgresStateLocation, PostgresError)
    /// The database holds bcplan tables of a schema version this bcplan does not know.
    case schemaTooNew(location: PostgresStateLocation, found: Int, known: Int)
    /// Rows that do not make a state (edited by hand).
    case corrupt(location: PostgresStateLocation, reason: String)
    /// Another run holds the PostgreSQL lock and its lease is current.
    case held(location: PostgresStateLocation, holder: LockInfo, leaseUntil: String, waited: Double, configArgument: String)
    /// This run's lease ran out and another run took the lock: its writes are refused (fencing).
    case takenOver(location: PostgresStateLocation, lockID: String, by: LockInfo?)
    /// `force-unlock` on a PostgreSQL workspace nobody holds.
    case notLocked(location: PostgresStateLocation)
    /// `force-unlock` was given another id than the holder's.
    case otherID(location: PostgresStateLocation, found: String, given: String)
    /// The state was changed under the lock (a serial or lineage other than this run read).
    case changedUnderLock(location: PostgresStateLocation, expectedSerial: Int)

    public var description: String {
        switch self {
        case .lock(let error): return error.description
        case .file(let problem): return problem.description
        case .audit(let error): return error.description
        case .journal(let problem): return problem.description
        case .noDatabaseURL(let location):
            return "the state is kept in \(location), but the environment variable \(location.urlVariable) "
                + "is not set; set it to the database's connection string (postgresql://user@host:port/database)"
        case .invalidDatabaseURL(let location):
            return "the environment variable \(location.urlVariable) does not hold a PostgreSQL connection string or URI "
                + "(postgresql://user@host:port/database?…); its value is not shown"
        case .database(let location, let error):
            switch error.kind {
            case .invalidConnectionString:
                return Self.invalidDatabaseURL(location: location).description
            case .cannotConnect:
                return "cannot connect to the PostgreSQL database of \(location): \(error.message)"
            case .connectionLost:
                return "the connection to the PostgreSQL database of \(location) was lost (the server restarted or went away): \(error.message)"
            case .statement where error.isServerAway:
                return "the PostgreSQL server of \(location) ended the connection (it is shutting down or restarting): \(error.message)"
            case .statement:
                return "the PostgreSQL database of \(location) refused a statement (\(error.sqlState ?? "no SQLSTATE")): \(error.message)"
            }
        case .schemaTooNew(let location, let found, let known):
            return "schema \(location.schema) of the database of \(location) is at version \(found), newer than this bcplan "
                + "knows (\(known)); use a bcplan at least as new as the one that migrated it"
        case .corrupt(let location, let reason):
            return "the recorded state of \(location) cannot be read: \(reason); the rows were left as they are"
        case .held(let location, let holder, let leaseUntil, let waited, let configArgument):
            let remedy = "bcplan force-unlock \(holder.id) -c \(StateLockError.shellQuoted(configArgument))"
            let waitedText = waited > 0 ? "waited \(StateLockError.seconds(waited))" : "did not wait (the lock timeout is 0)"
            return "the state (\(location)) is locked by \(holder.holderDescription), whose lease runs until \(leaseUntil); "
                + "\(waitedText). The holder renews its lease while it runs; once it stops doing so, the lock can be taken over. "
                + "If that run has ended, clear the lock with: \(remedy)"
        case .takenOver(let location, let lockID, let holder):
            let how = holder.map { "was taken over by \($0.holderDescription) after its lease ran out without renewal" }
                ?? "was taken from it (another run took it over once its lease ran out, or bcplan force-unlock removed it)"
            return "this run's lock \(lockID) on the state (\(location)) \(how); "
                + "the write was refused, and nothing more is recorded by this run"
        case .notLocked(let location):
            return "the state (\(location)) is not locked; nothing was removed"
        case .otherID(let location, let found, let given):
            return "the lock on the state (\(location)) has id \(found), not \(given); nothing was removed"
        case .changedUnderLock(let location, let expectedSerial):
            return "the state (\(location)) was changed by someone else while this run held its lock (it expected serial "
                + "\(expectedSerial)); nothing more is recorded by this run"
        }
    }

    /// True for a lock that is held or was lost, rather than a state that cannot be read or written.
    public var isLockConflict: Bool {
        switch self {
        case .held, .takenOver: true
        case .lock(let error): if case .held = error { true } else { false }
        case .file, .audit, .journal, .noDatabaseURL, .invalidDatabaseURL, .database, .schemaTooNew, .corrupt, .notLocked,
             .otherID, .changedUnderLock:
            false
        }
    }
}
