/// The asset an action touches, with the config's key for it when there is one.
public struct PlanAssetRef: Sendable, Hashable, Codable {
    public var type: AssetType
    public var id: String
    /// The asset's key in the config; nil for an asset the config does not declare.
    public var key: String?

    public init(type: AssetType, id: String, key: String?) {
        self.type = type
        self.id = id
        self.key = key
    }

    public var ref: AssetRef { AssetRef(type: type, id: id) }

    /// `us-main (ad_account 7100000000000000001)`, or without the key when there is none.
    public var display: String {
        if let key { return "\(key) (\(type.rawValue) \(id))" }
        return "\(type.rawValue) \(id)"
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        try container.encode(id, forKey: .id)
        try container.encode(key, forKey: .key)
    }
}
