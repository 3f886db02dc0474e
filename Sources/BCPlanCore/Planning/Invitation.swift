/// An invitation as it goes out: the address, the roles, and the ad accounts that ride on it.
public struct Invitation: Sendable, Hashable {
    /// The address as declared: the invitation keeps its spelling.
    public var email: String
    public var roles: MemberRoles
    /// Only ad accounts ride on an invitation (DESIGN §1). Sorted by type, then id.
    public var assets: [AssetPermissionRecord]

    public init(email: String, roles: MemberRoles, assets: [AssetPermissionRecord] = []) {
        self.email = email
        self.roles = roles
        self.assets = assets.sorted()
    }

    /// The member's key: the e-mail in lower case.
    public var member: String { email.lowercasedIfNeeded }
}
