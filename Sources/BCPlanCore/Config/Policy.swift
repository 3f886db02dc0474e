/// The `policy:` section with its defaults (DESIGN §2): the one place they are set (the JSON
/// Schema reads them from here).
public struct Policy: Sendable, Hashable {
    public var minAdmins = 2
    public var maxAdmins = PlatformLimits.maxAdmins
    public var maxMembers = PlatformLimits.maxMembers
    public var maxRevokeFraction = 0.25
    public var unmanaged: UnmanagedPolicy = .revoke
    /// E-mails in lower case and partner BC ids, never revoked, demoted or unshared.
    public var protected: Set<String> = []
    public var invites = InvitationPolicy()

    public init() {}
}
