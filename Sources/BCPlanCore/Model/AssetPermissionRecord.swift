/// One permission a member or partner holds on an asset, as a snapshot records it.
public struct AssetPermissionRecord: Sendable, Hashable, Comparable {
    public var type: AssetType
    public var id: String
    public var permission: Permission

    public init(type: AssetType, id: String, permission: Permission) {
        self.type = type
        self.id = id
        self.permission = permission
    }

    public var assetRef: AssetRef { AssetRef(type: type, id: id) }

    public var json: JSONValue {
        .object(["type": .string(type.rawValue), "id": .string(id), "permission": permission.json])
    }

    public static func < (lhs: AssetPermissionRecord, rhs: AssetPermissionRecord) -> Bool {
        (lhs.type, lhs.id) < (rhs.type, rhs.id)
    }
}
