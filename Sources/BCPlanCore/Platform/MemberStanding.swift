/// Where a member stands for the counts the platform limits and the admin floor holds: their
/// role, and whether they have accepted. Nil stands for "not a member".
public struct MemberStanding: Sendable, Hashable {
    public var role: MemberRole
    public var isActive: Bool

    public init(role: MemberRole, isActive: Bool) {
        self.role = role
        self.isActive = isActive
    }

    public init(_ member: MemberRecord) {
        self.init(role: member.role, isActive: member.status == .active)
    }

    public var isAdmin: Bool { role == .admin }

    /// Only an admin who has accepted counts towards `policy.min_admins`.
    public var isActiveAdmin: Bool { isActive && isAdmin }
}

extension Snapshot {
    /// Where each member stands, by e-mail in lower case.
    public var standings: [String: MemberStanding] {
        Dictionary(members.map { ($0.normalizedEmail, MemberStanding($0)) }, uniquingKeysWith: { first, _ in first })
    }
}
