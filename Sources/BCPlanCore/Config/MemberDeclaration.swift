import BCPlanYAML

/// A member as declared under `members:`.
public struct MemberDeclaration: Sendable, Hashable {
    /// As written; compare with `normalizedEmail`.
    public var email: String
    public var role: MemberRole
    public var finance: FinanceRole?
    public var assets: [AssetGrant]
    public var location: SourceLocation

    public init(
        email: String, role: MemberRole, finance: FinanceRole? = nil, assets: [AssetGrant] = [],
        location: SourceLocation
    ) {
        self.email = email
        self.role = role
        self.finance = finance
        self.assets = assets
        self.location = location
    }

    /// The e-mail in lower case: members are keyed by it.
    public var normalizedEmail: String { email.lowercased() }
}
