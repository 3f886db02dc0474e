/// A member as a snapshot records it (DESIGN §3).
public struct MemberRecord: Sendable, Hashable {
    /// As the platform spells it; compare in lower case.
    public var email: String
    public var userID: String?
    public var status: MemberStatus
    public var role: MemberRole
    public var finance: FinanceRole?
    /// RFC 3339, when the (last) invitation went out.
    public var invitedAt: String?
    public var resends: Int
    /// Sorted by type, then id.
    public var assets: [AssetPermissionRecord]

    public init(
        email: String, userID: String? = nil, status: MemberStatus, role: MemberRole, finance: FinanceRole? = nil,
        invitedAt: String? = nil, resends: Int = 0, assets: [AssetPermissionRecord] = []
    ) {
        self.email = email
        self.userID = userID
        self.status = status
        self.role = role
        self.finance = finance
        self.invitedAt = invitedAt
        self.resends = resends
        self.assets = assets
    }

    public var normalizedEmail: String { email.lowercasedIfNeeded }

    /// Every key, nulls included, so files keep one shape.
    public var json: JSONValue {
        .object([
            "email": .string(email), "user_id": userID.map(JSONValue.string) ?? .null,
            "status": .string(status.rawValue), "role": .string(role.rawValue),
            "finance": finance.map { .string($0.rawValue) } ?? .null,
            "invited_at": invitedAt.map(JSONValue.string) ?? .null, "resends": .int(resends),
            "assets": .array(assets.map(\.json)),
        ])
    }
}
