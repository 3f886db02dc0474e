import Foundation

/// Who holds the state lock: the content of `.bcplan/<state>.lock` (DESIGN §5), or of a PostgreSQL
/// workspace's lock row.
///
/// Written as one JSON object with sorted keys. `host` and `pid` decide whether a waiter may
/// reclaim a lock whose holder died: only a holder on this host can be seen to be gone.
public struct LockInfo: Sendable, Hashable {
    /// A UUID, upper case; what `bcplan force-unlock` takes.
    public var id: String
    public var host: String
    public var pid: Int32
    public var user: String
    /// RFC 3339.
    public var createdAt: String
    /// The command that holds the lock: "apply", "refresh", …
    public var operation: String

    public init(id: String, host: String, pid: Int32, user: String, createdAt: String, operation: String) {
        self.id = id
        self.host = host
        self.pid = pid
        self.user = user
        self.createdAt = createdAt
        self.operation = operation
    }

    /// A new lock of this process, on this host, by this user.
    public static func current(operation: String, now: Date) -> LockInfo {
        LockInfo(
            id: UUID().uuidString, host: hostName, pid: getpid(), user: userName,
            createdAt: Clock.format(now), operation: operation)
    }

    /// This machine's host name, as `gethostname` gives it (no DNS lookup).
    public static var hostName: String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "unknown" }
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return bytes.isEmpty ? "unknown" : String(decoding: bytes, as: UTF8.self)
    }

    /// The name of the effective user, or "uid N" when it has none.
    static var userName: String {
        let name = ProcessInfo.processInfo.userName
        return name.isEmpty ? "uid \(geteuid())" : name
    }

    /// The lock file's text: pretty JSON, sorted keys, a trailing newline.
    public var json: JSONValue {
        .object([
            "id": .string(id), "host": .string(host), "pid": .int(Int(pid)), "user": .string(user),
            "created_at": .string(createdAt), "operation": .string(operation),
        ])
    }

    /// "apply (lock 3F2A…, user alice on host build-1, pid 4242, since 2026-11-21T12:00:00Z)".
    public var holderDescription: String {
        "\(operation) (lock \(id), user \(user) on host \(host), pid \(pid), since \(createdAt))"
    }
}

extension LockInfo: JSONReadable {
    public init(json: JSONValue, path: String) throws(JSONShapeError) {
        let object = try JSONObjectReader(json, path: path)
        let pid = try object.int("pid")
        guard pid > 0, pid <= Int(Int32.max) else { throw JSONShapeError("'pid' is \(pid), not a process id") }
        let id = try object.string("id")
        guard !id.isEmpty else { throw JSONShapeError("'id' is empty") }
        self.init(
            id: id, host: try object.string("host"), pid: Int32(pid), user: try object.string("user"),
            createdAt: try object.string("created_at"), operation: try object.string("operation"))
    }
}
