import Foundation
import Synchronization

// Scaffolding until the audit log from the lock-audit branch lands.
public struct AuditEntry: Sendable {
    public var time, actor, action, kind, result: String
    public var requestID, message: String?
    public var attempts: Int

    public init(time: String, actor: String, action: String, kind: String, result: String, requestID: String?, message: String?, attempts: Int) {
        self.time = time; self.actor = actor; self.action = action; self.kind = kind; self.result = result
        self.requestID = requestID; self.message = message; self.attempts = attempts
    }
}

public final class AuditLog: Sendable {
    let path: String
    private let head: Mutex<(lines: Int, sha256: String)>

    public static func path(forState statePath: String) -> String {
        let directory = ConfigLoader.directory(of: statePath)
        return (directory.isEmpty ? "" : directory + "/") + ConfigLoader.stem(of: statePath) + ".audit.jsonl"
    }

    public init(path: String) throws(FileProblem) {
        self.path = path
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        let lines = text.split(separator: "\n")
        head = Mutex((lines.count, lines.last.map { SHA256.hex(Array($0.utf8)) } ?? String(repeating: "0", count: 64)))
    }

    public func append(_ entry: AuditEntry) throws(FileProblem) -> (lines: Int, sha256: String) {
        try head.withLock { head throws(FileProblem) -> (lines: Int, sha256: String) in
            let line = JSONValue.object([
                "time": .string(entry.time), "actor": .string(entry.actor), "action": .string(entry.action),
                "kind": .string(entry.kind), "result": .string(entry.result),
                "request_id": entry.requestID.map(JSONValue.string) ?? .null,
                "message": entry.message.map(JSONValue.string) ?? .null, "attempts": .int(entry.attempts),
                "prev_sha256": .string(head.sha256),
            ]).compact()
            let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o600)
            guard descriptor >= 0 else { throw FileProblem(path: path, errno: errno) }
            defer { close(descriptor) }
            let bytes = Array((line + "\n").utf8)
            guard bytes.withUnsafeBytes({ write(descriptor, $0.baseAddress!, $0.count) }) == bytes.count, fsync(descriptor) == 0 else {
                throw FileProblem(path: path, errno: errno)
            }
            head = (head.lines + 1, SHA256.hex(Array(line.utf8)))
            return head
        }
    }
}
