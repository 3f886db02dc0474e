import Foundation
import Synchronization

/// The audit log beside the state (DESIGN §5): `<state stem>.audit.jsonl`, one compact JSON
/// object per line, each recording the hex SHA-256 of the line before it (64 zeros on the first),
/// so an edit or a removed line is evident.
///
/// An open log appends from any number of tasks: each `append` is one `write` of the whole line
/// (O_APPEND) and an `fsync`, under a mutex that also keeps the chain's head. Only one process
/// appends at a time, because apply holds the state lock. Opening reads the existing log once to
/// continue its chain, and refuses a log whose last line is incomplete or that disagrees with the
/// head the recorded state keeps.
public final class AuditLog: Sendable {
    /// The log, as the caller named it (messages use this spelling).
    public let path: String
    private let appender: Mutex<Appender>

    private struct Appender {
        /// -1 once closed.
        var descriptor: Int32
        var head: AuditHead
        /// A write failed: the file may end in part of a line.
        var failed = false
    }

    /// What the first line records as the previous line's hash.
    public static let zeroHash = String(repeating: "0", count: 64)

    private init(path: String, descriptor: Int32, head: AuditHead) {
        self.path = path
        self.appender = Mutex(Appender(descriptor: descriptor, head: head))
    }

    deinit {
        close()
    }

    /// `dir/bcplan.state.audit.jsonl` for `dir/bcplan.state.json`: only the last extension goes.
    public static func path(forState statePath: String) -> String {
        StateFile.path(beside: statePath, suffix: ".audit.jsonl")
    }

    /// Opens the log at `path` for appending, creating it (mode 0600) when there is none.
    ///
    /// - Parameter expectedHead: the head the recorded state keeps, if any; a log with fewer
    ///   lines, or whose line `expectedHead.lines` hashes differently, is refused. More lines are
    ///   fine (an apply that stopped between appending and writing the state).
    public static func open(path: String, expectedHead: AuditHead? = nil) throws(AuditLogError) -> AuditLog {
        var created = true
        var descriptor = Foundation.open(path, O_RDWR | O_APPEND | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if descriptor < 0, errno == EEXIST {
            created = false
            descriptor = Foundation.open(path, O_RDWR | O_APPEND | O_CLOEXEC)
        }
        guard descriptor >= 0 else { throw .file(FileProblem(path: path, errno: errno)) }
        if created {
            fchmod(descriptor, 0o600)
            AtomicFile.syncFolder(of: path)
        }
        var last: [UInt8]?
        var hashAtHead: String?
        let ending: LineReader.Ending
        do {
            ending = try LineReader.forEachLine(of: descriptor, path: path) { number, bytes in
                last = Array(bytes)
                if number == expectedHead?.lines { hashAtHead = SHA256.hex(bytes) }
                return true
            }
        } catch {
            Foundation.close(descriptor)
            throw .file(error)
        }
        var problem: AuditProblem?
        if !ending.trailing.isEmpty {
            problem = .incompleteLastLine(path: path, line: ending.lines + 1)
        } else if let expectedHead {
            problem = headProblem(path: path, lines: ending.lines, hashAtHead: hashAtHead, expected: expectedHead)
        }
        if let problem {
            Foundation.close(descriptor)
            throw .refused(problem)
        }
        let head = AuditHead(lines: ending.lines, sha256: last.map { SHA256.hex($0) } ?? zeroHash)
        return AuditLog(path: path, descriptor: descriptor, head: head)
    }

    /// The number of lines and the hash of the last one, after every append so far; what the
    /// recorded state should keep.
    public var head: AuditHead {
        appender.withLock { $0.head }
    }

    /// Appends `entry` chained to the current head, durably (fsync), and returns the new head.
    ///
    /// After a failed write the log refuses further appends in this run. The part of the line that
    /// was written, if any, is cut off again; should that fail too, the next `open` reports the
    /// incomplete line.
    @discardableResult
    public func append(_ entry: AuditEntry) throws(AuditLogError) -> AuditHead {
        try appender.withLock { (state: inout Appender) throws(AuditLogError) -> AuditHead in
            guard state.descriptor >= 0 else { throw .closed(path: path) }
            guard !state.failed else { throw .unusable(path: path) }
            let line = entry.line(previousSHA256: state.head.sha256)
            // A partly written line is cut off again: the next run must find a whole log.
            let failure = AtomicFile.append(Array((line + "\n").utf8), to: state.descriptor)
            guard failure == 0 else {
                state.failed = true
                throw .file(FileProblem(path: path, errno: failure))
            }
            state.head = AuditHead(lines: state.head.lines + 1, sha256: SHA256.hex(line))
            return state.head
        }
    }

    /// The lines a log of `entries` holds, in order: each with the hash it records for the line
    /// before it and its own hash.
    public static func chained(_ entries: [AuditEntry]) -> [(line: String, previousSHA256: String, sha256: String)] {
        var previous = zeroHash
        return entries.map { entry in
            let line = entry.line(previousSHA256: previous)
            defer { previous = SHA256.hex(line) }
            return (line, previous, SHA256.hex(line))
        }
    }

    /// The log file's text for `entries`.
    public static func text(of entries: [AuditEntry]) -> String {
        chained(entries).map { $0.line + "\n" }.joined()
    }

    /// Closes the file; later appends fail. Idempotent; also runs on deinit.
    public func close() {
        appender.withLock { state in
            guard state.descriptor >= 0 else { return }
            Foundation.close(state.descriptor)
            state.descriptor = -1
        }
    }

    /// Every entry of the log at `path`, in order.
    ///
    /// Throws `.missing` when there is no log, and `.broken` naming the first line that is not an
    /// entry (an incomplete last line included). The hash chain is not checked here; see `verify`.
    public static func read(path: String) throws(AuditLogError) -> [AuditEntry] {
        let descriptor = try openForReading(path)
        defer { Foundation.close(descriptor) }
        var entries: [AuditEntry] = []
        var problem: AuditProblem?
        let ending: LineReader.Ending
        do {
            ending = try LineReader.forEachLine(of: descriptor, path: path) { number, bytes in
                switch AuditEntry.parsed(line: bytes) {
                case .success(let parsed):
                    entries.append(parsed.entry)
                    return true
                case .failure(let failure):
                    problem = AuditProblem(path: path, line: number, message: failure.message)
                    return false
                }
            }
        } catch {
            throw .file(error)
        }
        if let problem { throw .broken(problem) }
        if !ending.trailing.isEmpty { throw .broken(.incompleteLastLine(path: path, line: ending.lines + 1)) }
        return entries
    }

    /// Recomputes the hash chain of the log at `path` and reports the first line that breaks it.
    ///
    /// - Parameter expectedHead: the head the recorded state keeps, if any, so that an edit of the
    ///   last line (which no later line hashes) or lines removed from the end are found too.
    /// - Throws: `.missing` when there is no log (and the head, if given, expects none), `.file`
    ///   when it cannot be read. A log that fails verification is a result, not an error.
    public static func verify(path: String, expectedHead: AuditHead? = nil) throws(AuditLogError) -> AuditVerification {
        let descriptor: Int32
        do {
            descriptor = try openForReading(path)
        } catch {
            guard case .missing = error, let expectedHead, expectedHead.lines > 0 else { throw error }
            return AuditVerification(
                path: path, entries: 0, problem: .shorterThanHead(path: path, lines: 0, head: expectedHead),
                head: .empty, expectedHead: expectedHead)
        }
        defer { Foundation.close(descriptor) }
        var chain = AuditChain(path: path, expectedHead: expectedHead)
        let ending: LineReader.Ending
        do {
            ending = try LineReader.forEachLine(of: descriptor, path: path) { _, bytes in chain.add(bytes) }
        } catch {
            throw .file(error)
        }
        return chain.verification(incompleteLastLine: !ending.stopped && !ending.trailing.isEmpty)
    }

    /// Whether a log of `lines` lines, whose line `expected.lines` hashes to `hashAtHead`, agrees
    /// with the recorded head.
    static func headProblem(path: String, lines: Int, hashAtHead: String?, expected: AuditHead) -> AuditProblem? {
        if lines < expected.lines { return .shorterThanHead(path: path, lines: lines, head: expected) }
        let actual = expected.lines == 0 ? zeroHash : hashAtHead ?? zeroHash
        if actual != expected.sha256 { return .headEdited(path: path, head: expected, actual: actual) }
        return nil
    }

    private static func openForReading(_ path: String) throws(AuditLogError) -> Int32 {
        let descriptor = Foundation.open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            throw code == ENOENT ? .missing(path: path) : .file(FileProblem(path: path, errno: code))
        }
        return descriptor
    }
}
