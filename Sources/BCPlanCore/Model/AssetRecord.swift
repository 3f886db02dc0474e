/// An asset as a snapshot records it: who owns it and, for another BC's asset, our access.
public struct AssetRecord: Sendable, Hashable {
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

    /// Optional keys are left out when absent, as DESIGN §3 shows them.
    public var json: JSONValue {
        var object: [String: JSONValue] = ["type": .string(type.rawValue), "id": .string(id), "owner_bc_id": .string(ownerBCID)]
        if let name { object["name"] = .string(name) }
        if let access { object["access"] = access.json }
        if let requested { object["requested"] = requested.json }
        return .object(object)
    }
}
