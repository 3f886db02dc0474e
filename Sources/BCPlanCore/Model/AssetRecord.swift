/// An asset as a snapshot records it: who owns it and, for another BC's asset, our access.
public struct AssetRecord: Sendable, Hashable, Encodable {
    public var type: AssetType
    public var id: String
    public var name: String?
    public var ownerBCID: String
    /// The permission our BC holds on an asset another BC owns; nil on our own assets.
    public var access: Permission?
    /// The permission of a pending access request; nil when none.
    public var requested: Permission?

    public init(
        type: AssetType, id: String, name: String? = nil, ownerBCID: String, access: Permission? = nil,
        requested: Permission? = nil
    ) {
        self.type = type
        self.id = id
        self.name = name
        self.ownerBCID = ownerBCID
        self.access = access
        self.requested = requested
    }

    public var ref: AssetRef { AssetRef(type: type, id: id) }

    enum CodingKeys: String, CodingKey {
        case type, id, name, access, requested
        case ownerBCID = "owner_bc_id"
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        try container.encode(id, forKey: .id)
        try container.encodeIfPresent(name, forKey: .name)
        try container.encode(ownerBCID, forKey: .ownerBCID)
        try container.encodeIfPresent(access, forKey: .access)
        try container.encodeIfPresent(requested, forKey: .requested)
    }
}
