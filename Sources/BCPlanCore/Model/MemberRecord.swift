/// A member as a snapshot records it (DESIGN §3).
public struct MemberRecord: Sendable, Hashable, Encodable {
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

    public var normalizedEmail: String { email.lowercased() }

    enum CodingKeys: String, CodingKey {
        case email, status, role, finance, resends, assets
        case userID = "user_id"
        case invitedAt = "invited_at"
    }

    /// Writes every key, nulls included, so files keep one shape.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(email, forKey: .email)
        try container.encode(userID, forKey: .userID)
        try container.encode(status, forKey: .status)
        try container.encode(role, forKey: .role)
        try container.encode(finance, forKey: .finance)
        try container.encode(invitedAt, forKey: .invitedAt)
        try container.encode(resends, forKey: .resends)
        try container.encode(assets, forKey: .assets)
    }
}
