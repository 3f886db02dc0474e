/// The `policy:` section with its defaults (DESIGN §2).
public struct Policy: Sendable, Hashable {
    public var minAdmins = 2
    public var maxAdmins = 20
    public var maxMembers = 4000
    public var maxRevokeFraction = 0.25
    public var unmanaged: UnmanagedPolicy = .revoke
    /// E-mails in lower case and partner BC ids, never revoked, demoted or unshared.
    public var protected: Set<String> = []
    public var invites = InvitationPolicy()

    public init() {}
}
