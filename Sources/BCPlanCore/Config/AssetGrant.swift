import BCPlanYAML

/// One `asset-key: permission` line under a member's `assets:` or a partner's `shares:`, or its
/// long form `asset-key: {permission: …, expires: …, owner: …, reason: …, reviewed: …}`.
public struct AssetGrant: Sendable, Hashable {
    public var assetKey: String
    public var permission: Permission
    public var location: SourceLocation
    /// What the long form declares; empty for the short form. See `AccessTerms.within` for what
    /// the grant takes from its member or partner.
    public var terms: AccessTerms

    public init(assetKey: String, permission: Permission, location: SourceLocation, terms: AccessTerms = AccessTerms()) {
        self.assetKey = assetKey
        self.permission = permission
        self.location = location
        self.terms = terms
    }
}
