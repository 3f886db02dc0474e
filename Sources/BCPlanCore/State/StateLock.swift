import Foundation
import Synchronization

/// The lock on a state file (DESIGN §5): `.bcplan/<state>.lock` (a run file, see `RunFiles`),
/// created exclusively, mode 0600, holding a `LockInfo` as JSON, so that only one run at a time
/// writes the state. A lock that bcplan 0.1.0 took at `<state>.lock` still holds: it is waited
/// for, reclaimed when its process is gone, and removed by `forceUnlock`.
///
/// The holder keeps the lock file open with `flock(LOCK_EX)` for as long as it holds the lock (the
/// descriptor is close-on-exec, so child processes do not inherit it). That makes liveness
/// reliable: a waiter that gets the `flock` knows nobody holds the file open, and when the lock was
/// taken on this host by a pid that no longer exists it reclaims the lock. A lock from another host
/// is never reclaimed (its processes cannot be seen); an unreadable lock file that nobody holds and
/// that is older than `creationGrace` is reported as corrupt, never deleted silently.
///
/// Every removal of a lock file (reclaim, release, force-unlock) first checks that the path still
/// names the inode it examined (`stat` against `fstat`), and a creator checks the same after taking
/// its `flock`, so a removal racing with a new lock can only make the creator try again.
///
/// `acquire` blocks its thread while it waits (polling every `pollInterval`); call it from a
/// detached task or before starting concurrent work. `release` is idempotent and also runs on
/// deinit.
public final class StateLock: Sendable {
    /// What this lock wrote into its file.
    public let info: LockInfo
    /// The lock file: `.bcplan/<state>.lock`.
    public let path: String
    /// The open lock file, holding the `flock`; -1 once released.
    private let descriptor: Mutex<Int32>

    /// How long a waiter sleeps between two looks at the lock file, in seconds.
    static let pollInterval = 0.15
    /// How long an empty or unreadable lock file counts as still being written, in seconds. Its
    /// creator holds the `flock` from a moment after creating it, so an unheld file this old was
    /// left by a run that died while writing it.
    static let creationGrace = 2.0
    /// A lock file is a few hundred bytes; anything past this is not a lock.
    static let maxLockFileSize = 64 << 10

    private init(info: LockInfo, path: String, descriptor: Int32) {
        self.info = info
        self.path = path
        self.descriptor = Mutex(descriptor)
    }

    deinit {
        release()
    }

    /// `.bcplan/bcplan.state.json.lock` for `bcplan.state.json`.
    public static func lockPath(forState statePath: String) -> String {
        RunFiles.path(for: statePath, suffix: ".lock")
    }

    /// Where bcplan 0.1.0 took the lock: `bcplan.state.json.lock`.
    static func legacyLockPath(forState statePath: String) -> String {
        RunFiles.legacyPath(for: statePath, suffix: ".lock")
    }

    /// The lock file on `statePath` that exists: the current name, or the one bcplan 0.1.0 used;
    /// the current name when neither does.
    public static func existingLockPath(forState statePath: String) -> String {
        let legacy = legacyLockPath(forState: statePath)
        return access(lockPath(forState: statePath), F_OK) != 0 && access(legacy, F_OK) == 0
            ? legacy : lockPath(forState: statePath)
    }

    /// Takes the lock on `statePath`, waiting up to `timeout` seconds for another run to release it.
    ///
    /// - Parameters:
    ///   - operation: the command taking the lock ("apply", "refresh"), shown to waiters.
    ///   - configArgument: the text of `-c`, for the `force-unlock` command in messages.
    ///   - now: the lock's `created_at` (the injected clock); waiting and file ages use real time.
    ///   - stopRequested: true once the run was asked to stop: the wait then ends as if its time were up.
    ///   - notice: receives one line (without its newline) when a dead holder's lock is reclaimed.
    public static func acquire(
        statePath: String, operation: String, timeout: Double, configArgument: String, now: Date,
        stopRequested: () -> Bool = { false }, notice: (String) -> Void
    ) throws(StateLockError) -> StateLock {
        let lockPath = lockPath(forState: statePath)
        let context = Context(
            statePath: statePath, lockPath: lockPath, timeout: max(timeout, 0), configArgument: configArgument)
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .milliseconds(Int64((max(timeout, 0) * 1000).rounded())))
        while true {
            let problem: StateLockError
            switch try attempt(context, operation: operation, now: now, notice: notice) {
            case .acquired(let lock): return lock
            case .again: continue
            case .wait(let reason): problem = reason
            }
            let remaining = clock.now.duration(to: deadline)
            guard remaining > .zero, !stopRequested() else { throw problem }
            let pause = min(remaining, .milliseconds(Int64(pollInterval * 1000)))
            let parts = pause.components
            Thread.sleep(forTimeInterval: Double(parts.seconds) + Double(parts.attoseconds) / 1e18)
        }
    }

    /// Releases the lock: removes the file if the path still names this lock's file (a
    /// `force-unlock` and a new lock may have replaced it), then closes it, which drops the `flock`.
    ///
    /// The inode comparison is exact while the descriptor is open (the inode cannot be reused), so
    /// it stands in for comparing ids.
    public func release() {
        descriptor.withLock { descriptor in
            guard descriptor >= 0 else { return }
            if Self.sameFile(path, descriptor) { unlink(path) }
            close(descriptor)
            descriptor = -1
        }
    }

    /// Removes the lock on `statePath` whatever its holder does, but only when its id is `id`
    /// (compared case-insensitively).
    ///
    /// A lock file with no readable id is removed with the id `StateLockError.corruptID`, and only
    /// when no process holds it open. Returns the removed lock, or nil for a corrupt one.
    @discardableResult
    public static func forceUnlock(statePath: String, id: String) throws(StateLockError) -> LockInfo? {
        let lockPath = existingLockPath(forState: statePath)
        while true {
            let descriptor = open(lockPath, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else {
                let code = errno
                if code == ENOENT { throw .notLocked(state: statePath, lockPath: lockPath) }
                throw .file(state: statePath, problem: FileProblem(path: lockPath, errno: code))
            }
            defer { close(descriptor) }
            let content = try read(descriptor, statePath: statePath, lockPath: lockPath)
            switch content {
            case .lock(let info):
                guard info.id.lowercased() == id.lowercased() else {
                    throw .otherID(state: statePath, found: info.id, given: id)
                }
                guard sameFile(lockPath, descriptor) else { continue }
                try remove(lockPath, statePath: statePath)
                return info
            case .unreadable(let reason), .unfinished(let reason):
                guard id.lowercased() == StateLockError.corruptID else {
                    throw .corruptHasNoID(lockPath: lockPath, reason: reason, given: id)
                }
                guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else { throw .beingWritten(lockPath: lockPath) }
                guard sameFile(lockPath, descriptor) else { continue }
                try remove(lockPath, statePath: statePath)
                return nil
            }
        }
    }

    /// Who the lock file at `statePath` names, if there is a readable one (whether or not that run
    /// still goes on), for `bcplan state list`.
    public static func holder(statePath: String) -> LockInfo? {
        let lockPath = existingLockPath(forState: statePath)
        let descriptor = open(lockPath, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        guard case .lock(let info)? = try? read(descriptor, statePath: statePath, lockPath: lockPath) else {
            return nil
        }
        return info
    }

    // MARK: - One attempt

    private struct Context {
        var statePath: String
        var lockPath: String
        var timeout: Double
        var configArgument: String
    }

    private enum Attempt {
        case acquired(StateLock)
        /// The file changed under us (removed, reclaimed): look again at once.
        case again
        /// Someone holds it: sleep, or fail with this once the time is up.
        case wait(StateLockError)
    }

    private static func attempt(
        _ context: Context, operation: String, now: Date, notice: (String) -> Void
    ) throws(StateLockError) -> Attempt {
        // A lock bcplan 0.1.0 took beside the state holds as long as its run does.
        var legacy = context
        legacy.lockPath = legacyLockPath(forState: context.statePath)
        if access(legacy.lockPath, F_OK) == 0 { return try inspect(legacy, notice: notice) }
        do {
            try RunFiles.prepareFolder(in: ConfigLoader.directory(of: context.statePath))
        } catch {
            throw .file(state: context.statePath, problem: error)
        }
        let descriptor = open(context.lockPath, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if descriptor >= 0 { return try create(context, descriptor: descriptor, operation: operation, now: now) }
        let code = errno
        guard code == EEXIST else {
            throw .file(state: context.statePath, problem: FileProblem(path: context.lockPath, errno: code))
        }
        return try inspect(context, notice: notice)
    }

    /// Fills in a lock file just created exclusively: `flock` first, so waiters see it as held
    /// while its content is incomplete.
    private static func create(
        _ context: Context, descriptor: Int32, operation: String, now: Date
    ) throws(StateLockError) -> Attempt {
        while flock(descriptor, LOCK_EX) != 0 {
            let code = errno
            guard code == EINTR else {
                close(descriptor)
                throw .file(state: context.statePath, problem: FileProblem(path: context.lockPath, errno: code))
            }
        }
        // A waiter that found our file before we locked it may have taken it for a dead lock.
        guard sameFile(context.lockPath, descriptor) else {
            close(descriptor)
            return .again
        }
        let info = LockInfo.current(operation: operation, now: now)
        var failure: Int32 = 0
        if fchmod(descriptor, 0o600) != 0 { failure = errno }
        if failure == 0 { failure = writeAll(descriptor, Array(info.json.rendered().utf8)) }
        if failure == 0, fsync(descriptor) != 0 { failure = errno }
        guard failure == 0 else {
            unlink(context.lockPath)
            close(descriptor)
            throw .file(state: context.statePath, problem: FileProblem(path: context.lockPath, errno: failure))
        }
        return .acquired(StateLock(info: info, path: context.lockPath, descriptor: descriptor))
    }

    /// Looks at a lock file someone else created: held, left by a dead process, or corrupt.
    private static func inspect(_ context: Context, notice: (String) -> Void) throws(StateLockError) -> Attempt {
        let descriptor = open(context.lockPath, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            if code == ENOENT { return .again }
            throw .file(state: context.statePath, problem: FileProblem(path: context.lockPath, errno: code))
        }
        defer { close(descriptor) }
        // Nobody holds the file open when this succeeds; closing the descriptor drops it again.
        let unheld = flock(descriptor, LOCK_EX | LOCK_NB) == 0
        let content = try read(descriptor, statePath: context.statePath, lockPath: context.lockPath)
        switch content {
        case .lock(let info):
            let elsewhere = info.host != LockInfo.hostName
            let held = StateLockError.held(
                state: context.statePath, holder: info, waited: context.timeout,
                configArgument: context.configArgument, elsewhere: elsewhere)
            guard unheld, !elsewhere, !MachineIdentity.processExists(info.pid) else { return .wait(held) }
            guard sameFile(context.lockPath, descriptor) else { return .again }
            try remove(context.lockPath, statePath: context.statePath)
            notice("notice: reclaimed the lock \(info.id) left by \(info.operation) (pid \(info.pid) on this host, which no longer runs)")
            return .again
        case .unreadable(let reason), .unfinished(let reason):
            let incomplete = StateLockError.incomplete(
                state: context.statePath, lockPath: context.lockPath, waited: context.timeout)
            guard unheld, age(of: descriptor) >= creationGrace else { return .wait(incomplete) }
            if case .unfinished = content {
                // Empty or cut short: what a run killed while creating its lock leaves.
                guard sameFile(context.lockPath, descriptor) else { return .again }
                try remove(context.lockPath, statePath: context.statePath)
                notice("notice: reclaimed the lock file \(context.lockPath), which a run that no longer runs left unfinished (\(reason))")
                return .again
            }
            throw .corrupt(
                state: context.statePath, lockPath: context.lockPath, reason: reason,
                configArgument: context.configArgument)
        }
    }

    // MARK: - Files and processes

    private enum Content {
        case lock(LockInfo)
        /// JSON, but not a lock: why.
        case unreadable(String)
        /// Empty, or JSON cut short: a lock whose writer stopped.
        case unfinished(String)
    }

    private static func read(_ descriptor: Int32, statePath: String, lockPath: String) throws(StateLockError) -> Content {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while bytes.count <= maxLockFileSize {
            let count = buffer.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                let code = errno
                if code == EINTR { continue }
                throw .file(state: statePath, problem: FileProblem(path: lockPath, errno: code))
            }
            bytes += buffer[..<count]
        }
        if bytes.isEmpty { return .unfinished("it is empty") }
        if bytes.count > maxLockFileSize { return .unreadable("it is larger than \(maxLockFileSize) bytes") }
        let json: JSONValue
        do {
            json = try JSONParser.parse(bytes)
        } catch {
            return error.message.contains("truncated") ? .unfinished("it is cut short") : .unreadable("it is not JSON: \(error)")
        }
        do {
            return .lock(try LockInfo(json: json, path: ""))
        } catch {
            return .unreadable(error.message)
        }
    }

    private static func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) -> Int32 {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += written
        }
        return 0
    }

    private static func remove(_ lockPath: String, statePath: String) throws(StateLockError) {
        guard unlink(lockPath) == 0 || errno == ENOENT else {
            throw .file(state: statePath, problem: FileProblem(path: lockPath, errno: errno))
        }
    }

    /// True when `path` names the file open as `descriptor`.
    private static func sameFile(_ path: String, _ descriptor: Int32) -> Bool {
        var named = stat()
        var open = stat()
        guard stat(path, &named) == 0, fstat(descriptor, &open) == 0 else { return false }
        return named.st_dev == open.st_dev && named.st_ino == open.st_ino
    }

    /// Seconds since the file was last written, by the real clock.
    private static func age(of descriptor: Int32) -> Double {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return 0 }
        #if canImport(Darwin)
        let modified = Double(status.st_mtimespec.tv_sec) + Double(status.st_mtimespec.tv_nsec) / 1e9
        #else
        let modified = Double(status.st_mtim.tv_sec) + Double(status.st_mtim.tv_nsec) / 1e9
        #endif
        return Date().timeIntervalSince1970 - modified
    }
}
