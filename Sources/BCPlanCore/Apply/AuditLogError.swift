/// Why the audit log could not be read or appended to, in one sentence naming the file.
public enum AuditLogError: Error, Sendable, CustomStringConvertible {
    /// There is no log at `path` yet.
    case missing(path: String)
    case file(FileProblem)
    /// Reading found a line that is not an entry.
    case broken(AuditProblem)
    /// Opening for appending found a log it cannot build on (an incomplete last line, or one that
    /// disagrees with the recorded head).
    case refused(AuditProblem)
    /// `append` after `close`.
    case closed(path: String)
    /// A write failed earlier in this run and may have left part of a line.
    case unusable(path: String)

    public var description: String {
        switch self {
        case .missing(let path): "there is no audit log at \(path)"
        case .file(let problem): "\(problem)"
        case .broken(let problem): "\(problem)"
        case .refused(let problem): "\(problem); bcplan appends nothing to the audit log until that is resolved"
        case .closed(let path): "\(path): the audit log was closed, so nothing more is appended"
        case .unusable(let path): "\(path): an earlier write to the audit log failed, so nothing more is appended in this run"
        }
    }
}
