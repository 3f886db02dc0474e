import BCPlanYAML

/// One `asset-key: permission` line under a member's `assets:` or a partner's `shares:`.
public struct AssetGrant: Sendable, Hashable {
    public var assetKey: String
    public var permission: Permission
    public var location: SourceLocation

    public init(assetKey: String, permission: Permission, location: SourceLocation) {
        self.assetKey = assetKey
        self.permission = permission
        self.location = location
    }
}
