/// What is wrong with an audit log, and where: "bcplan.state.audit.jsonl:17: the hash chain is broken: …".
public struct AuditProblem: Sendable, Hashable, CustomStringConvertible {
    /// The log, as the caller named it.
    public var path: String
    /// 1-based; nil when the problem is the log as a whole (lines missing at its end).
    public var line: Int?
    public var message: String

    public init(path: String, line: Int?, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    public var description: String {
        line.map { "\(path):\($0): \(message)" } ?? "\(path): \(message)"
    }

    static func chainStart(path: String, recorded: String) -> AuditProblem {
        AuditProblem(
            path: path, line: 1,
            message: "the hash chain does not start at zero: line 1 records prev_sha256 \(recorded), but the first line "
                + "must record 64 zeros; lines were removed from the start of the log")
    }

    /// Line `line + 1` does not record the hash of line `line`.
    static func chainBroken(path: String, line: Int, recorded: String, actual: String) -> AuditProblem {
        AuditProblem(
            path: path, line: line,
            message: "the hash chain is broken: line \(line + 1) records prev_sha256 \(recorded), but line \(line) "
                + "hashes to \(actual); line \(line) was edited or a line was removed")
    }

    /// The log is shorter than the head the recorded state keeps.
    static func shorterThanHead(path: String, lines: Int, head: AuditHead) -> AuditProblem {
        AuditProblem(
            path: path, line: nil,
            message: "the log has \(lines) \(lines == 1 ? "entry" : "entries"), but the recorded state says it had "
                + "\(head.lines); lines were removed from its end")
    }

    /// The line the recorded head names hashes differently.
    static func headEdited(path: String, head: AuditHead, actual: String) -> AuditProblem {
        AuditProblem(
            path: path, line: head.lines,
            message: "line \(head.lines) hashes to \(actual), but the recorded state says the log ended with a line "
                + "hashing to \(head.sha256); line \(head.lines) was edited")
    }

    static func incompleteLastLine(path: String, line: Int) -> AuditProblem {
        AuditProblem(
            path: path, line: line,
            message: "the last line is incomplete (it has no newline at its end; a run was probably interrupted while writing it)")
    }
}
