import BCPlanYAML

/// A member as declared under `members:`.
public struct MemberDeclaration: Sendable, Hashable {
    /// As written; compare with `normalizedEmail`.
    public var email: String
    public var role: MemberRole
    public var finance: FinanceRole?
    public var assets: [AssetGrant]
    public var location: SourceLocation
    public var terms: AccessTerms
    /// `external: true`: an address outside `policy.member_domains`, vouched for by `terms.owner`.
    public var external: Bool

    public init(
        email: String, role: MemberRole, finance: FinanceRole? = nil, assets: [AssetGrant] = [],
        location: SourceLocation, terms: AccessTerms = AccessTerms(), external: Bool = false
    ) {
        self.email = email
        self.role = role
        self.finance = finance
        self.assets = assets
        self.location = location
        self.terms = terms
        self.external = external
    }

    /// The e-mail in lower case: members are keyed by it.
    public var normalizedEmail: String { email.lowercasedIfNeeded }
}
