/// A pending invitation as the Business Center (or the recorded state) holds it, before a resend.
public struct SentInvitation: Sendable, Hashable {
    /// RFC 3339, as recorded.
    public var invitedAt: String
    /// Resends so far.
    public var resends: Int
    /// The roles it was sent with.
    public var roles: MemberRoles

    public init(invitedAt: String, resends: Int, roles: MemberRoles) {
        self.invitedAt = invitedAt
        self.resends = resends
        self.roles = roles
    }
}
