/// Why the state lock could not be taken or removed, each said in one sentence (without "error: ").
///
/// Paths are as the caller gave them; `configArgument` is the text of `-c`, so the remedy is a
/// command the user can paste.
public enum StateLockError: Error, Sendable, CustomStringConvertible {
    /// Another run holds the lock and did not release it within the timeout. `elsewhere` when it
    /// was taken on another host, whose processes bcplan cannot see.
    case held(state: String, holder: LockInfo, waited: Double, configArgument: String, elsewhere: Bool)
    /// The lock file is empty or not a lock, and older than a run needs to write it.
    case corrupt(state: String, lockPath: String, reason: String, configArgument: String)
    /// The lock file was still being written (empty or partial, recent or held) when the wait ended.
    case incomplete(state: String, lockPath: String, waited: Double)
    /// The lock file could not be created, read or removed.
    case file(state: String, problem: FileProblem)
    /// `force-unlock` found no lock file.
    case notLocked(state: String, lockPath: String)
    /// `force-unlock` was given another id than the lock's.
    case otherID(state: String, found: String, given: String)
    /// `force-unlock` was given a lock id, but the lock file is corrupt and has none.
    case corruptHasNoID(lockPath: String, reason: String, given: String)
    /// `force-unlock corrupt` on a lock file that a running process is still writing.
    case beingWritten(lockPath: String)

    /// The id `force-unlock` takes for a lock file that holds no readable id.
    public static let corruptID = "corrupt"

    public var description: String {
        switch self {
        case .held(let state, let holder, let waited, let configArgument, let elsewhere):
            let remedy = "bcplan force-unlock \(holder.id) -c \(Self.shellQuoted(configArgument))"
            let waitedText = waited > 0 ? "waited \(Self.seconds(waited))" : "did not wait (the lock timeout is 0)"
            if elsewhere {
                return "the state \(state) is locked by \(holder.holderDescription); \(waitedText). "
                    + "It was taken on another host, where bcplan cannot see whether that run still goes on; "
                    + "if it has ended, clear the lock with: \(remedy)"
            }
            return "the state \(state) is locked by \(holder.holderDescription); \(waitedText). "
                + "If that run has ended, clear the lock with: \(remedy)"
        case .corrupt(let state, let lockPath, let reason, let configArgument):
            return "the lock file \(lockPath) is corrupt (\(reason)): no bcplan run is writing it, and it names no holder. "
                + "If no bcplan run uses the state \(state), clear it with: "
                + "bcplan force-unlock \(Self.corruptID) -c \(Self.shellQuoted(configArgument))"
        case .incomplete(let state, let lockPath, let waited):
            return "the state \(state) is being locked by another run, which has not finished writing \(lockPath); "
                + "waited \(Self.seconds(waited)). Try again in a few seconds"
        case .file(let state, let problem):
            return "cannot lock the state \(state): \(problem)"
        case .notLocked(let state, let lockPath):
            return "the state \(state) is not locked (there is no \(lockPath)); nothing was removed"
        case .otherID(let state, let found, let given):
            return "the lock on \(state) has id \(found), not \(given); nothing was removed"
        case .corruptHasNoID(let lockPath, let reason, let given):
            return "the lock file \(lockPath) is corrupt (\(reason)) and has no id, so not \(given); nothing was removed. "
                + "If no bcplan run uses it, remove it with the id '\(Self.corruptID)'"
        case .beingWritten(let lockPath):
            return "the lock file \(lockPath) is being written by a running process; nothing was removed"
        }
    }

    /// "5s", "0.5s".
    static func seconds(_ value: Double) -> String {
        value == value.rounded() && value < 1e9 ? "\(Int(value))s" : "\(value)s"
    }

    /// `text` as one shell word: unchanged when it needs no quoting, else in single quotes.
    static func shellQuoted(_ text: String) -> String {
        let plain = !text.isEmpty && text.unicodeScalars.allSatisfy { scalar in
            ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                || "-_./:@%+=,".unicodeScalars.contains(scalar)
        }
        if plain { return text }
        return "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
