/// One principal reaching one asset: who, how, with which permission, and whether it is risky.
public struct AccessPath: Sendable, Hashable {
    public enum PrincipalKind: String, Sendable, Hashable, Comparable {
        case member
        case partner

        public static func < (lhs: PrincipalKind, rhs: PrincipalKind) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    public var asset: AssetRef
    public var principalKind: PrincipalKind
    /// A member's e-mail as the platform spells it, or a partner's BC id.
    public var principal: String
    /// A partner's name; nil for members.
    public var principalName: String?
    /// A pending member or partner reaches the asset once they accept.
    public var status: MemberStatus
    public var route: AccessRoute
    /// The permission held; nil on `admin_role`, where the role gives full control.
    public var permission: Permission?
    /// Why this path is risky (DESIGN §4's "risky but legal"); nil when it is not.
    public var risk: String?
    /// What the config declares for it: owner, reason, end (the member's for the admin role, the
    /// grant's or share's within its member's or partner's); empty for access it does not declare.
    public var terms: AccessTerms

    public init(
        asset: AssetRef, principalKind: PrincipalKind, principal: String, principalName: String?, status: MemberStatus,
        route: AccessRoute, permission: Permission?, risk: String?, terms: AccessTerms = AccessTerms()
    ) {
        self.asset = asset
        self.principalKind = principalKind
        self.principal = principal
        self.principalName = principalName
        self.status = status
        self.route = route
        self.permission = permission
        self.risk = risk
        self.terms = terms
    }

    /// The key machines join on: a member's e-mail in lower case (as plans write it), a partner's BC id.
    public var principalID: String { principalKind == .member ? principal.lowercased() : principal }

    /// `full` for the admin role, else the permission (`operator`, `[live, post]`).
    public var permissionText: String { permission?.description ?? "full" }

    /// Sort key: asset, route, principal (case-insensitive), permission.
    var sortKey: (AssetRef, AccessRoute, String, String) {
        (asset, route, principal.lowercased(), permissionText)
    }
}
