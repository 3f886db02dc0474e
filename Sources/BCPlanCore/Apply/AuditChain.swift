/// Checks an audit log's hash chain line by line, wherever the lines come from (the log file, or
/// the rows of PostgreSQL's audit table, each turned back into its line): every line must record
/// the SHA-256 of the one before (64 zeros on the first), and the log must agree with the head the
/// recorded state keeps.
struct AuditChain {
    let path: String
    let expectedHead: AuditHead?
    private var previous = AuditLog.zeroHash
    /// Lines taken, the one that broke the chain included.
    private var lines = 0
    private var hashAtHead: String?
    private var problem: AuditProblem?

    init(path: String, expectedHead: AuditHead?) {
        self.path = path
        self.expectedHead = expectedHead
    }

    /// Takes the next line (without its newline); false once the chain is broken.
    mutating func add(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard problem == nil else { return false }
        lines += 1
        let number = lines
        let recorded: String
        switch AuditEntry.parsed(line: bytes) {
        case .success(let parsed): recorded = parsed.previousSHA256
        case .failure(let failure):
            problem = AuditProblem(path: path, line: number, message: failure.message)
            return false
        }
        guard recorded == previous else {
            problem = number == 1
                ? .chainStart(path: path, recorded: recorded)
                : .chainBroken(path: path, line: number - 1, recorded: recorded, actual: previous)
            return false
        }
        previous = SHA256.hex(bytes)
        if number == expectedHead?.lines { hashAtHead = previous }
        return true
    }

    /// The result, once every line was added; `incompleteLastLine` when the log ends in part of a line.
    func verification(incompleteLastLine: Bool) -> AuditVerification {
        var problem = problem
        if problem == nil, incompleteLastLine {
            problem = .incompleteLastLine(path: path, line: lines + 1)
        }
        if problem == nil, let expectedHead {
            problem = AuditLog.headProblem(path: path, lines: lines, hashAtHead: hashAtHead, expected: expectedHead)
        }
        return AuditVerification(
            path: path, entries: lines, problem: problem, head: AuditHead(lines: lines, sha256: previous),
            expectedHead: expectedHead)
    }
}
