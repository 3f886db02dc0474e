/// Where the audit log ended when the state was last written: its number of lines and the hex
/// SHA-256 of its last line (without the newline).
///
/// The recorded state keeps it so that `AuditLog.verify` can tell an edit of the last line, which
/// no later line hashes, and `AuditLog.open` refuses to build on a log that disagrees with it.
public struct AuditHead: Sendable, Hashable {
    /// Complete lines; 0 for an empty log.
    public var lines: Int
    /// 64 zeros for an empty log.
    public var sha256: String

    public init(lines: Int, sha256: String) {
        self.lines = lines
        self.sha256 = sha256
    }

    /// An empty log.
    public static let empty = AuditHead(lines: 0, sha256: AuditLog.zeroHash)

    /// `{"lines": 120, "sha256": "…"}`.
    public var json: JSONValue {
        .object(["lines": .int(lines), "sha256": .string(sha256)])
    }
}

extension AuditHead: JSONReadable {
    public init(json: JSONValue, path: String) throws(JSONShapeError) {
        let object = try JSONObjectReader(json, path: path)
        let lines = try object.int("lines")
        let sha256 = try object.string("sha256")
        guard lines >= 0 else { throw JSONShapeError("'lines' is negative at \(path.isEmpty ? "the top level" : path)") }
        guard AuditEntry.isHexDigest(sha256) else {
            throw JSONShapeError("'sha256' is not a SHA-256 in hex at \(path.isEmpty ? "the top level" : path)")
        }
        self.init(lines: lines, sha256: sha256)
    }
}
