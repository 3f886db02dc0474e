import BCPlanYAML

/// An asset as declared under `assets:`.
public struct AssetDeclaration: Sendable, Hashable {
    public var key: String
    public var type: AssetType
    public var id: String
    public var name: String?
    /// The owning BC's id; nil means this Business Center.
    public var owner: String?
    /// The permission our BC needs on an asset another BC owns.
    public var access: Permission?
    public var location: SourceLocation

    public init(
        key: String, type: AssetType, id: String, name: String? = nil, owner: String? = nil,
        access: Permission? = nil, location: SourceLocation
    ) {
        self.key = key
        self.type = type
        self.id = id
        self.name = name
        self.owner = owner
        self.access = access
        self.location = location
    }
}
