import BCPlanYAML

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
    /// Plans warn about access that ends within this many days.
    public var expiryWarningDays = 14
    /// When set, every partner, and every member a plan invites, needs `expires:` at most this
    /// many days ahead.
    public var maxGrantDays: Int?
    /// Partners need an `owner:` (their shares take it from them).
    public var requireOwner = false
    /// Members need an `owner:` too.
    public var requireMemberOwner = false
    /// `bcplan review` lists access last reviewed longer ago than this, or never.
    public var reviewEveryDays = 90
    /// Lower-case domains member e-mails must be in, unless a member is `external: true`; empty:
    /// any domain.
    public var memberDomains: [String] = []
    /// The most a partner may be given, per asset type; a type without an entry has no ceiling.
    public var maxPartnerPermission: [AssetType: Permission] = [:]
    /// Where the `policy:` mapping is, when written; plans point the errors of a rule without a
    /// key of its own there.
    public var location: SourceLocation?
    /// Where the value of each key written under `policy:` is (`min_admins`, …): plans point the
    /// error a rule causes at its key.
    public var locations: [String: SourceLocation] = [:]

    public init() {}
}
