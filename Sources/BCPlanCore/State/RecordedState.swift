/// What bcplan saw and did last (DESIGN §3): a snapshot plus lineage, serial and refresh time, all
/// at the top level of one JSON object.
public struct RecordedState: Sendable, Hashable {
    public static let formatVersion = 1

    /// A UUID fixed when the state is first written.
    public var lineage: String
    /// Incremented on every write.
    public var serial: Int
    /// RFC 3339.
    public var refreshedAt: String?
    public var snapshot: Snapshot
    /// Where the audit log ended when the state was written, so an edit of its last line (which no
    /// later line hashes) is evident too.
    public var auditHead: AuditHead?

    public init(lineage: String, serial: Int, refreshedAt: String?, snapshot: Snapshot, auditHead: AuditHead? = nil) {
        self.lineage = lineage
        self.serial = serial
        self.refreshedAt = refreshedAt
        self.snapshot = snapshot
        self.auditHead = auditHead
    }

    /// The state file's document: the snapshot's keys with the state's beside them.
    public var json: JSONValue {
        var object = snapshot.jsonMembers
        object["format_version"] = .int(Self.formatVersion)
        object["lineage"] = .string(lineage)
        object["serial"] = .int(serial)
        object["refreshed_at"] = refreshedAt.map(JSONValue.string) ?? .null
        if let auditHead { object["audit"] = auditHead.json }
        return .object(object)
    }

    /// `live` with what only the recorded state knows carried over: when an invitation went out and
    /// how often it was re-sent, for providers that do not report them.
    public static func carryingInvitations(from recorded: Snapshot?, into live: Snapshot) -> Snapshot {
        guard let recorded else { return live }
        var byEmail: [String: MemberRecord] = [:]
        for member in recorded.members { byEmail[member.normalizedEmail] = member }
        var merged = live
        for index in merged.members.indices where merged.members[index].status == .pending {
            guard let before = byEmail[merged.members[index].normalizedEmail] else { continue }
            if merged.members[index].invitedAt == nil { merged.members[index].invitedAt = before.invitedAt }
            merged.members[index].resends = max(merged.members[index].resends, before.resends)
        }
        return merged
    }
}
