/// The outcome of checking an audit log's hash chain: intact, or the first problem.
public struct AuditVerification: Sendable, Hashable, CustomStringConvertible {
    /// The log, as the caller named it.
    public var path: String
    /// Complete lines read: all of them when intact, those up to the problem otherwise.
    public var entries: Int
    /// The first problem found; nil when the chain is intact and agrees with `expectedHead`.
    public var problem: AuditProblem?
    /// The lines read and the hash of the last one that checked out.
    public var head: AuditHead
    /// The head the recorded state keeps, when the caller gave one.
    public var expectedHead: AuditHead?

    public init(path: String, entries: Int, problem: AuditProblem?, head: AuditHead, expectedHead: AuditHead?) {
        self.path = path
        self.entries = entries
        self.problem = problem
        self.head = head
        self.expectedHead = expectedHead
    }

    public var intact: Bool { problem == nil }

    /// Entries written after the head the recorded state keeps (an apply that stopped between
    /// appending and writing the state); 0 without an expected head.
    public var entriesAfterHead: Int {
        guard intact, let expectedHead else { return 0 }
        return max(entries - expectedHead.lines, 0)
    }

    /// "Audit log bcplan.state.audit.jsonl: 120 entries, hash chain intact.", or the problem
    /// ("bcplan.state.audit.jsonl:17: the hash chain is broken: …").
    public var description: String {
        if let problem { return problem.description }
        let count = "\(entries) \(entries == 1 ? "entry" : "entries")"
        var text = "Audit log \(path): \(count), hash chain intact"
        switch entriesAfterHead {
        case 0 where expectedHead != nil: text += ", ending where the recorded state says it does"
        case 0: break
        case 1: text += "; the last entry was written after the recorded state (an apply stopped between writing the log and the state)"
        case let after: text += "; the last \(after) entries were written after the recorded state (an apply stopped between writing the log and the state)"
        }
        return text + "."
    }
}
